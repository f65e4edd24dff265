from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.territories import Territory


class CaseType(models.TextChoices):
    """The codes of the declared case types (`casework.types`), for the column's choices."""

    TRAFFICKING = "trafficking", _("Trafficking in human beings")
    SMUGGLING = "smuggling", _("Smuggling of migrants")
    READMISSION = "readmission", _("Readmission")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Case(models.Model):
    """What every case has: who recorded it, where, when, and where it is in review.

    The territory is the recording organisation's, copied here so that scope and the
    statistics' partitions (territory, month, case type) are one index away.
    """

    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    # Unique by `case_reference_unique` (a constraint, so no second, LIKE-ready index).
    reference = models.CharField(_("reference"), max_length=32)
    # NULL, not "", when absent: many cases have none, and NULLs never collide in the
    # uniqueness per organisation.
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)  # noqa: DJ001
    # Indexed by `case_external_id_unique_per_organisation` (organisation first), not by an
    # index of its own.
    # An organisation with cases is never deleted (PROTECT: Django refuses), so the database
    # checks no foreign key on each new case: see `created_by`.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
        db_constraint=False,
    )
    territory = models.CharField(_("territory"), max_length=2, choices=Territory.choices)
    # Kept to the month: always the first day of the month of identification, detection or return.
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Why the case was last returned, reopened or withdrawn: about the record, not the person.
    status_reason = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # A double submit of one form creates one case: the form carries this key (unique by
    # `case_submission_key_unique`, which holds only the cases that have one).
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # Never looked up by its creator: no index to maintain on every insert. Users are never
    # deleted (PROTECT guards the ORM), so, as in the audit log, the database checks no
    # foreign key here: an import of 100,000 cases would otherwise pay 100,000 checks.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # The file the case came in with, if it was imported. Imports are never deleted: no
    # foreign-key check either, and no index (an import's cases are found by the range of
    # ids it took: `ImportJob.first_case`, `last_case`).
    import_job = models.ForeignKey(
        "casework.ImportJob",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-month", "-pk"]
        permissions = [
            ("submit_case", "Can submit a case for review"),
            ("validate_case", "Can validate a case"),
            ("return_case", "Can return a case with a reason"),
            ("reopen_case", "Can reopen a validated case"),
            ("withdraw_case", "Can withdraw a case"),
            ("import_cases", "Can import case files"),
            ("review_duplicates", "Can see and resolve possible duplicates"),
            ("view_audit_log", "Can read the audit log of cases"),
            ("view_security_events", "Can read security events of the audit log"),
        ]
        constraints = [
            models.CheckConstraint(name="case_month_is_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(name="case_version_positive", condition=Q(version__gte=1)),
            models.CheckConstraint(
                name="case_type_is_known", condition=Q(case_type__in=CaseType.values)
            ),
            models.CheckConstraint(
                name="case_status_is_known", condition=Q(status__in=Status.values)
            ),
            models.CheckConstraint(
                name="case_reason_given_when_returned_or_withdrawn",
                condition=~Q(status__in=[Status.RETURNED, Status.WITHDRAWN]) | ~Q(status_reason=""),
            ),
            models.UniqueConstraint(
                name="case_external_id_unique_per_organisation",
                fields=["organisation", "external_id"],
            ),
            models.UniqueConstraint(name="case_reference_unique", fields=["reference"]),
            models.UniqueConstraint(
                name="case_submission_key_unique",
                fields=["submission_key"],
                condition=Q(submission_key__isnull=False),
            ),
        ]
        indexes = [
            # Every index here is paid for by each case an import writes (about 0.2 s per
            # 100,000 cases each): an index earns its place by a query that needs it.
            # A caseworker's own lists: drafts, and cases returned from review. Partial, so
            # that the submitted cases of an import pass it by.
            models.Index(
                fields=["organisation", "status"],
                condition=Q(status=Status.DRAFT) | Q(status=Status.RETURNED),
                name="case_organisation_to_do",
            ),
            # A review queue (the API's list of one type, in a territory, by status, newest
            # first): read in index order, backwards, never sorted or filtered row by row.
            # Ascending, so that new cases join at the index's right edge, where PostgreSQL
            # appends cheaply: descending, each one split pages in the middle.
            models.Index(
                fields=["case_type", "territory", "status", "id"], name="case_review_queue"
            ),
            # What an incremental aggregation run reads: one partition's validated cases.
            models.Index(
                fields=["case_type", "territory", "month"],
                condition=Q(status="validated"),
                name="case_validated_partition",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def year(self) -> int:
        return self.month.year

    @property
    def details(self):
        """The case's type record: its victim, incident or returnee."""
        from casework.types import declared  # the declarations read the models

        return getattr(self, declared(self.case_type).relation)
