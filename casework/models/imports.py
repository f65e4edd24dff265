from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from casework.models.case import CaseType
from config.work import Work


class ImportJob(Work):
    """One file of cases, imported all or nothing.

    The file itself is never kept: at receipt its rows are read and staged here (compressed)
    until the import task checks and loads them, only the header's columns, and identity
    fields already turned into pseudonyms.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("cases created"), default=0)
    # [{"row": 7, "field": "sex", "message": "..."}], rows numbered as a spreadsheet shows them.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The uploader's language: a worker checks the rows later, and writes its errors in it.
    language = models.CharField(_("language"), max_length=16, blank=True, default="")
    # The file's rows (only its header's columns), or, for a file with identity columns, its
    # checked cases with identity already replaced by pseudonyms; emptied once loaded.
    staged = models.BinaryField(null=True, blank=True, editable=False)
    # The ids its cases took lie between these (others' cases may lie between them too):
    # the primary key finds an import's cases, which have no index of their own.
    first_case = models.BigIntegerField(null=True, blank=True, editable=False)
    last_case = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    task_name = "casework.import_run"
    active_states = (State.QUEUED, State.RUNNING)
    failed_state = State.FAILED

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    @classmethod
    def failure(cls, reason: str) -> dict:
        return {
            "errors": [{"row": None, "field": None, "message": str(reason)}],
            "finished_at": timezone.now(),
        }
