"""The tables of the report, declared once, as data.

Aggregation SQL, disclosure control, pages, exports and the API are all driven by these
declarations: a new table is one more `Table(...)` here.
"""

import dataclasses
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.models import CaseType
from casework.types import declared
from casework.types.declaration import Field

SEXES = [*codes.Sex.values]
AGES = [*codes.AgeClass.values]
TOTAL = "total"


@dataclass(frozen=True)
class Measure:
    """What each of a unit's rows adds to its count: one (a record, a person), or the value of
    a count field (the lines of a permit report are totals, not persons)."""

    summed: str = ""  # the count field, as DOMAIN.md names it; empty: one a row


COUNT = Measure()


def sum_of(field: str) -> Measure:
    return Measure(summed=field)


@dataclass(frozen=True)
class Unit:
    """What a table counts: rows of one case type, each in the month of one of its month
    fields (an asylum record counts in one month as registered, in another as decided),
    adding up by a measure. Tables of one unit share its totals.

    Its rows are the type's records, or the rows of the `rows` its declaration names (a
    smuggling incident's migrants): `reporting.sources` derives from that declaration where
    the rows live and which column each named field is.
    """

    name: str
    case_type: str
    # Not part of its identity: a lazy label hashes as its translation, which changes with
    # the language, and units are keys.
    label: str = dataclasses.field(compare=False)
    # One of the months its type declares (`casework.types`: the case's, or a stage's). No
    # default: a unit counted in the wrong month, or by the wrong measure, gives plausible
    # numbers and no error, so every unit says which.
    month: str
    measure: Measure
    rows: str = ""  # the name of the declaration's `Rows` it counts; empty: the type record


VICTIMS = Unit("victims", CaseType.TRAFFICKING, _("victims"), "identified_month", COUNT)
INCIDENTS = Unit("incidents", CaseType.SMUGGLING, _("smuggling incidents"), "detected_month", COUNT)
MIGRANTS = Unit(
    "migrants", CaseType.SMUGGLING, _("smuggled migrants"), "detected_month", COUNT, rows="migrants"
)
FACILITATORS = Unit(
    "facilitators",
    CaseType.SMUGGLING,
    _("apprehended facilitators"),
    "detected_month",
    COUNT,
    rows="facilitators",
)
RETURNEES = Unit(
    "returnees", CaseType.READMISSION, _("readmitted persons"), "returned_month", COUNT
)


@dataclass(frozen=True)
class Breakdown:
    """A field a table breaks down by, by its name (as DOMAIN.md names it).

    A closed breakdown emits every code of the counted field's declared vocabulary, zeros
    included; an open one (countries) only the codes with a count. `column` is the declared
    field counted, where it is not the one the table is published by (victims are published
    by `exploitation`, the category derived from their forms of it).
    """

    field: str
    label: str = dataclasses.field(compare=False)  # lazy: see Unit.label
    column: str = ""
    closed: bool = False

    @property
    def counted(self) -> str:
        return self.column or self.field


def closed(field: str, label, *, column: str = "") -> Breakdown:
    return Breakdown(field, label, column, closed=True)


def declared_field(unit: Unit, name: str) -> Field:
    """The declaration of the field `name` of the rows `unit` counts (a migrant's own, or
    its incident's)."""
    declaration = declared(unit.case_type)
    rows = declaration.rows_named(unit.rows).fields if unit.rows else ()
    for field in (*rows, *declaration.fields):
        if field.name == name:
            return field
    raise LookupError(f"Case type {declaration.code} declares no field {name} for {unit.name}.")


def bands_of(age_class: str) -> tuple[str, ...]:
    """The age bands `codes.age_class` rolls up to `age_class`, in their declared order."""
    return tuple(band.value for band in codes.AgeGroup if codes.age_class(band) == age_class)


@dataclass(frozen=True)
class Subset:
    """The rows a table keeps (`Table.only`): those whose boolean field `flag` is true and
    whose field `field` holds one of `codes`. Its `name` is the dimension that is 1 for them."""

    name: str
    flag: str
    field: str
    codes: tuple[str, ...]


# Migrants travelling alone who are minors (DOMAIN.md).
UNACCOMPANIED_MINOR = Subset(
    "unaccompanied_minor", "unaccompanied", "age_group", bands_of(codes.AgeClass.MINOR)
)


@dataclass(frozen=True)
class Table:
    id: str
    title: str = dataclasses.field(compare=False)  # lazy: see Unit.label
    unit: Unit
    breakdown: Breakdown | None = None
    sex_age: bool = False
    # Counts only the unit's rows that match (e.g. unaccompanied minors).
    only: Subset | None = None
    # Its trend is one of the figures a signed-in user sees first, on the home page.
    headline: bool = False
    # Its breakdown is the country a flow comes from, to the territory: charted as flows.
    flow: bool = False

    @cached_property
    def vocabulary(self) -> type[models.Choices] | None:
        """The vocabulary of a closed breakdown, as its type declares the field counted."""
        if self.breakdown is None or not self.breakdown.closed:
            return None
        return declared_field(self.unit, self.breakdown.counted).vocabulary

    @property
    def categories(self) -> tuple[str, ...] | None:
        """Every category of a closed breakdown; None for an open one, or none."""
        return tuple(self.vocabulary.values) if self.vocabulary else None

    @property
    def breakdown_field(self) -> str:
        return self.breakdown.field if self.breakdown else TOTAL

    @property
    def columns(self) -> dict[str, str]:
        """The source column of each field this table breaks its rows down by, keyed by the
        name its cells publish (the kept subset aside: `only`)."""
        sex_age = {"sex": "sex", "age": "age"} if self.sex_age else {}
        breakdown = {self.breakdown.field: self.breakdown.counted} if self.breakdown else {}
        return {**sex_age, **breakdown}


SEX_AGE = {"sex_age": True}

TABLES = [
    Table("thb_victims", _("Victims of trafficking"), VICTIMS, headline=True),
    Table("thb_victims_sex_age", _("Victims of trafficking by sex and age"), VICTIMS, **SEX_AGE),
    Table(
        "thb_victims_exploitation",
        _("Victims of trafficking by form of exploitation"),
        VICTIMS,
        closed("exploitation", _("Form of exploitation"), column="exploitation_category"),
    ),
    Table(
        "thb_victims_citizenship",
        _("Victims of trafficking by citizenship"),
        VICTIMS,
        Breakdown("citizenship", _("Citizenship")),
    ),
    Table(
        "thb_victims_scope",
        _("Victims of trafficking: internal and transnational"),
        VICTIMS,
        closed("scope", _("Scope")),
    ),
    Table(
        "thb_victims_identified_by",
        _("Victims of trafficking by identifying agency"),
        VICTIMS,
        closed("identified_by", _("Identified by")),
    ),
    Table(
        "thb_victims_status",
        _("Victims of trafficking: presumed and identified"),
        VICTIMS,
        closed("victim_status", _("Victim status")),
    ),
    Table("som_incidents", _("Smuggling incidents"), INCIDENTS),
    Table("som_migrants", _("Smuggled migrants"), MIGRANTS, headline=True),
    Table("som_migrants_sex_age", _("Smuggled migrants by sex and age"), MIGRANTS, **SEX_AGE),
    Table(
        "som_migrants_citizenship",
        _("Smuggled migrants by citizenship"),
        MIGRANTS,
        Breakdown("citizenship", _("Citizenship")),
    ),
    Table(
        "som_migrants_border",
        _("Smuggled migrants by border section"),
        MIGRANTS,
        Breakdown("border_with", _("Border with")),
        flow=True,
    ),
    Table(
        "som_migrants_location",
        _("Smuggled migrants by place of detection"),
        MIGRANTS,
        closed("location_type", _("Place of detection")),
    ),
    Table(
        "som_unaccompanied_minors",
        _("Unaccompanied smuggled minors"),
        MIGRANTS,
        only=UNACCOMPANIED_MINOR,
    ),
    Table(
        "som_facilitators_citizenship",
        _("Apprehended facilitators by citizenship"),
        FACILITATORS,
        Breakdown("citizenship", _("Citizenship")),
    ),
    Table("rdm_returnees", _("Readmitted persons"), RETURNEES, headline=True),
    Table(
        "rdm_returnees_state",
        _("Readmitted persons by returning state"),
        RETURNEES,
        Breakdown("returning_state", _("Returning state")),
        flow=True,
    ),
    Table(
        "rdm_returnees_category",
        _("Readmitted persons by category"),
        RETURNEES,
        closed("returnee_category", _("Returnee category")),
    ),
    Table("rdm_returnees_sex_age", _("Readmitted persons by sex and age"), RETURNEES, **SEX_AGE),
    Table(
        "rdm_returnees_asylum",
        _("Readmitted persons by prior asylum claim"),
        RETURNEES,
        closed("prior_asylum_claim", _("Prior asylum claim")),
    ),
    Table(
        "rdm_returnees_type",
        _("Readmitted persons by return type"),
        RETURNEES,
        closed("return_type", _("Return type")),
    ),
]

TABLES_BY_ID = {table.id: table for table in TABLES}
# Every unit a table counts, in the order of the tables: a unit no table counts is no unit.
UNITS = tuple(dict.fromkeys(table.unit for table in TABLES))
# The figures on the home page: one trend per case type.
HEADLINE_TABLES = tuple(table.id for table in TABLES if table.headline)
# Tables charted as flows from a country to a territory.
FLOW_TABLES = tuple(table.id for table in TABLES if table.flow)


def tables_of(unit: Unit) -> list[Table]:
    return [table for table in TABLES if table.unit == unit]


def grid(table: Table) -> list[tuple[str, str, str]]:
    """Every (sex, age, category) cell a closed table emits, zeros included, totals last.

    For an open breakdown only the total row is certain; its categories come from counts.
    """
    if table.sex_age:
        return [(sex, age, TOTAL) for sex in [*SEXES, TOTAL] for age in [*AGES, TOTAL]]
    if table.categories:
        return [(TOTAL, TOTAL, code) for code in [*table.categories, TOTAL]]
    return [(TOTAL, TOTAL, TOTAL)]
