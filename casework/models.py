from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.territories import Territory


class CaseType(models.TextChoices):
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
    statistics' (territory, year) partitions are one indexed column away.
    """

    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cases"
    )
    territory = models.CharField(_("territory"), max_length=2, choices=Territory.choices)
    # Kept to the month: always the first day of the month of identification, detection or return.
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
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
        ]
        indexes = [
            models.Index(fields=["territory", "month"], name="case_territory_month"),
            models.Index(fields=["organisation", "status"], name="case_organisation_status"),
        ]

    def __str__(self):
        return self.reference
