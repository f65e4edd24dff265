"""The record of each case type, sharing its case's primary key."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.fields import CodeSetField
from casework.models.case import Case


def record_of_case(related_name: str) -> models.OneToOneField:
    """A type record's key: its case's.

    A record is written with its case, in the same transaction, by every path (form, API,
    import), and cases are never deleted (Django's CASCADE would still take the record
    along). So the database checks no foreign key from the record to its case: an import of
    100,000 cases would otherwise pay 100,000 checks at commit, about as long as the rest
    of the database's work.
    """
    return models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name=related_name,
        db_constraint=False,
    )


def pseudonym_index(name: str) -> models.Index:
    """Possible duplicates are looked up by pseudonym, never for its absence: the index holds
    only the persons who have one, and the many imported without cost nothing to insert."""
    return models.Index(fields=["pseudonym"], name=name, condition=Q(pseudonym__isnull=False))


class Person(models.Model):
    """The fields every person carries: a victim, a smuggled migrant, a returnee.

    No name, birth date or document is ever stored: only a keyed pseudonym of them, which
    finds possible duplicates without revealing who the person is.
    """

    sex = models.CharField(_("sex"), max_length=8, choices=codes.Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=codes.AgeGroup.choices)
    citizenship = models.CharField(_("citizenship"), max_length=4)
    pseudonym = models.CharField(  # noqa: DJ001
        _("pseudonym"), max_length=64, null=True, blank=True, editable=False
    )
    pseudonym_key_version = models.PositiveSmallIntegerField(
        _("pseudonym key version"), null=True, blank=True, editable=False
    )
    # A coordinator found this person recorded in an earlier case: statistics count them once.
    is_repeat = models.BooleanField(_("recorded before"), default=False, editable=False)

    class Meta:
        abstract = True

    @property
    def age_class(self) -> str:
        return codes.age_class(self.age_group)


class TraffickingVictim(Person):
    case = record_of_case("victim")
    victim_status = models.CharField(
        _("victim status"), max_length=16, choices=codes.VictimStatus.choices
    )
    exploitation = CodeSetField(_("forms of exploitation"), vocabulary=codes.Exploitation)
    # Derived and stored, so that statistics group by a column.
    exploitation_category = models.CharField(
        _("exploitation category"),
        max_length=24,
        choices=codes.ExploitationCategory.choices,
        editable=False,
    )
    country_of_exploitation = models.CharField(_("country of exploitation"), max_length=4)
    identified_by = models.CharField(
        _("identified by"), max_length=24, choices=codes.IdentifiedBy.choices
    )
    recruitment = models.CharField(
        _("recruitment"), max_length=24, choices=codes.Recruitment.choices, blank=True
    )
    assistance = CodeSetField(_("assistance received"), vocabulary=codes.Assistance, blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=codes.Scope.choices, editable=False)

    class Meta:
        verbose_name = _("trafficking victim")
        constraints = [
            models.CheckConstraint(name="victim_has_exploitation", condition=Q(exploitation__gt=0)),
        ]
        indexes = [pseudonym_index("victim_pseudonym")]

    def __str__(self):
        return f"{self.case_id}: {self.sex}, {self.age_group}, {self.citizenship}"


class SmugglingIncident(models.Model):
    case = record_of_case("incident")
    location_type = models.CharField(
        _("place of detection"), max_length=16, choices=codes.LocationType.choices
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
        SmugglingIncident,
        verbose_name=_("smuggling incident"),
        on_delete=models.CASCADE,
        related_name="migrants",
    )
    unaccompanied = models.BooleanField(_("unaccompanied minor"), default=False)
    asylum_requested = models.BooleanField(_("asylum requested"), default=False)

    class Meta:
        verbose_name = _("smuggled migrant")
        ordering = ["pk"]
        indexes = [pseudonym_index("migrant_pseudonym")]

    def __str__(self):
        return f"{self.sex}, {self.age_group}, {self.citizenship}"


class Facilitator(models.Model):
    """An apprehended smuggler: only citizenship and sex."""

    incident = models.ForeignKey(
        SmugglingIncident,
        verbose_name=_("smuggling incident"),
        on_delete=models.CASCADE,
        related_name="facilitators",
    )
    citizenship = models.CharField(_("citizenship"), max_length=4)
    sex = models.CharField(_("sex"), max_length=8, choices=codes.Sex.choices)

    class Meta:
        verbose_name = _("facilitator")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.sex}, {self.citizenship}"


class Returnee(Person):
    case = record_of_case("returnee")
    returning_state = models.CharField(_("returning state"), max_length=4)
    returnee_category = models.CharField(
        _("returnee category"), max_length=24, choices=codes.ReturneeCategory.choices
    )
    procedure = models.CharField(_("procedure"), max_length=12, choices=codes.Procedure.choices)
    return_type = models.CharField(
        _("return type"), max_length=20, choices=codes.ReturnType.choices
    )
    prior_asylum_claim = models.CharField(
        _("asylum sought in the returning state"), max_length=8, choices=codes.YesNoUnknown.choices
    )
    reintegration_assistance = models.CharField(
        _("reintegration assistance"), max_length=4, choices=codes.YesNo.choices
    )

    class Meta:
        verbose_name = _("returnee")
        indexes = [pseudonym_index("returnee_pseudonym")]

    def __str__(self):
        return f"{self.case_id}: {self.sex}, {self.age_group}, {self.citizenship}"
