"""Cases: what every case has (`Case`), and the record of each type in a table of its own.

A case's type record shares the case's primary key (`TraffickingVictim`, `SmugglingIncident`
with its migrants and facilitators, `Returnee`): the same shape as multi-table inheritance,
written out so that imports can `bulk_create` both tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.territories import Territory
from casework import codes
from casework.fields import CodeSetField


class CaseType(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in human beings")
    SMUGGLING = "smuggling", _("Smuggling of migrants")
    READMISSION = "readmission", _("Readmission")


# The type's part of a case reference: RS-THB-2013-000042.
REFERENCE_CODES = {
    CaseType.TRAFFICKING: "THB",
    CaseType.SMUGGLING: "SOM",
    CaseType.READMISSION: "RDM",
}

# The name of the month field in forms, the API and files, by case type.
MONTH_FIELDS = {
    CaseType.TRAFFICKING: "identified_month",
    CaseType.SMUGGLING: "detected_month",
    CaseType.READMISSION: "returned_month",
}


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
    # NULL, not "", when absent: many cases have none, and NULLs never collide in the
    # uniqueness per organisation.
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)  # noqa: DJ001
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cases"
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
    # A double submit of one form creates one case: the form carries this key.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
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
        ]
        indexes = [
            models.Index(fields=["territory", "month"], name="case_territory_month"),
            models.Index(fields=["organisation", "status"], name="case_organisation_status"),
            models.Index(fields=["status", "created_at"], name="case_status_created"),
        ]

    def __str__(self):
        return self.reference

    @property
    def year(self) -> int:
        return self.month.year

    @property
    def details(self):
        """The case's type record: its victim, incident or returnee."""
        return getattr(
            self, {"trafficking": "victim", "smuggling": "incident"}.get(self.case_type, "returnee")
        )


class ReferenceCounter(models.Model):
    """The last sequence number given in one (territory, case type, year)."""

    territory = models.CharField(max_length=2, choices=Territory.choices)
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                name="reference_counter_unique", fields=["territory", "case_type", "year"]
            )
        ]

    def __str__(self):
        return f"{self.territory}-{self.case_type}-{self.year}: {self.last}"


class Person(models.Model):
    """The fields every person carries: a victim, a smuggled migrant, a returnee.

    No name, birth date or document is ever stored: only a keyed pseudonym of them, which
    finds possible duplicates without revealing who the person is.
    """

    sex = models.CharField(_("sex"), max_length=8, choices=codes.Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=codes.AgeGroup.choices)
    citizenship = models.CharField(_("citizenship"), max_length=4)
    pseudonym = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    pseudonym_key_version = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # A coordinator found this person recorded in an earlier case: statistics count them once.
    is_repeat = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    @property
    def age_class(self) -> str:
        return codes.age_class(self.age_group)


class TraffickingVictim(Person):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="victim"
    )
    victim_status = models.CharField(
        _("victim status"), max_length=16, choices=codes.VictimStatus.choices
    )
    exploitation = CodeSetField(_("exploitation"), vocabulary=codes.Exploitation)
    # Derived and stored, so that statistics group by a column.
    exploitation_category = models.CharField(
        max_length=24, choices=codes.ExploitationCategory.choices, editable=False
    )
    country_of_exploitation = models.CharField(_("country of exploitation"), max_length=4)
    identified_by = models.CharField(
        _("identified by"), max_length=24, choices=codes.IdentifiedBy.choices
    )
    recruitment = models.CharField(
        _("recruitment"), max_length=24, choices=codes.Recruitment.choices, blank=True
    )
    assistance = CodeSetField(_("assistance"), vocabulary=codes.Assistance, blank=True)
    scope = models.CharField(max_length=16, choices=codes.Scope.choices, editable=False)

    class Meta:
        verbose_name = _("trafficking victim")
        constraints = [
            models.CheckConstraint(name="victim_has_exploitation", condition=Q(exploitation__gt=0)),
        ]
        indexes = [models.Index(fields=["pseudonym"], name="victim_pseudonym")]

    def __str__(self):
        return f"{self.case_id}: {self.sex}, {self.age_group}, {self.citizenship}"

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        self.exploitation_category = codes.exploitation_category(self.exploitation)
        self.scope = codes.trafficking_scope(
            citizenship=self.citizenship, country_of_exploitation=self.country_of_exploitation
        )


class SmugglingIncident(models.Model):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="incident"
    )
    location_type = models.CharField(
        _("location type"), max_length=16, choices=codes.LocationType.choices
    )
    border_with = models.CharField(_("border with"), max_length=2, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=codes.Direction.choices)
    transport = models.CharField(_("transport"), max_length=16, choices=codes.Transport.choices)

    class Meta:
        verbose_name = _("smuggling incident")
        constraints = [
            models.CheckConstraint(
                name="incident_border_given_unless_inland",
                condition=(Q(location_type="inland") & Q(border_with=""))
                | (~Q(location_type="inland") & ~Q(border_with="")),
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.location_type} {self.border_with}".strip()


class SmuggledMigrant(Person):
    incident = models.ForeignKey(
        SmugglingIncident, on_delete=models.CASCADE, related_name="migrants"
    )
    unaccompanied = models.BooleanField(_("unaccompanied"), default=False)
    asylum_requested = models.BooleanField(_("asylum requested"), default=False)

    class Meta:
        verbose_name = _("smuggled migrant")
        ordering = ["pk"]
        indexes = [models.Index(fields=["pseudonym"], name="migrant_pseudonym")]

    def __str__(self):
        return f"{self.sex}, {self.age_group}, {self.citizenship}"


class Facilitator(models.Model):
    """An apprehended smuggler: only citizenship and sex."""

    incident = models.ForeignKey(
        SmugglingIncident, on_delete=models.CASCADE, related_name="facilitators"
    )
    citizenship = models.CharField(_("citizenship"), max_length=4)
    sex = models.CharField(_("sex"), max_length=8, choices=codes.Sex.choices)

    class Meta:
        verbose_name = _("facilitator")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.sex}, {self.citizenship}"


class Returnee(Person):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="returnee"
    )
    returning_state = models.CharField(_("returning state"), max_length=4)
    returnee_category = models.CharField(
        _("returnee category"), max_length=24, choices=codes.ReturneeCategory.choices
    )
    procedure = models.CharField(_("procedure"), max_length=12, choices=codes.Procedure.choices)
    return_type = models.CharField(
        _("return type"), max_length=20, choices=codes.ReturnType.choices
    )
    prior_asylum_claim = models.CharField(
        _("prior asylum claim"), max_length=8, choices=codes.YesNoUnknown.choices
    )
    reintegration_assistance = models.CharField(
        _("reintegration assistance"), max_length=4, choices=codes.YesNo.choices
    )

    class Meta:
        verbose_name = _("returnee")
        indexes = [models.Index(fields=["pseudonym"], name="returnee_pseudonym")]

    def __str__(self):
        return f"{self.case_id}: {self.sex}, {self.age_group}, {self.citizenship}"


class DuplicatePair(models.Model):
    """Two cases whose persons share a pseudonym, until a coordinator decides."""

    class Decision(models.TextChoices):
        POSSIBLE = "possible", _("Possible duplicate")
        NOT_SAME = "not_same", _("Not the same person")
        SAME = "same", _("Same person")

    earlier = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    later = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    # In a smuggling incident, which of its migrants matched (a victim or returnee is the case).
    later_migrant = models.ForeignKey(
        "SmuggledMigrant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.POSSIBLE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(name="duplicate_pair_unique", fields=["earlier", "later"]),
            models.CheckConstraint(
                name="duplicate_pair_distinct", condition=~Q(earlier=models.F("later"))
            ),
        ]

    def __str__(self):
        return f"{self.earlier} ~ {self.later}"
