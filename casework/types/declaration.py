"""What a case type declares, once: the shape every door and every table derives from.

What is derived from a declaration (its entered fields, their codes) is worked out once
(`cached_property`): forms, serializers and imports read it for every row.

A type module (`casework/types/trafficking.py`, ...) fills one `CaseTypeDeclaration`; forms,
serializers, filter sets, import columns, admin rows, duplicate holders, the demo and the
statistics' sources read it. Nothing restates a field's vocabulary elsewhere.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst

from casework.countries import Countries

# How a field's values are written, checked and stored.
CODE = "code"  # one code of a closed vocabulary
CODES = "codes"  # a set of codes of a closed vocabulary (a CodeSetField)
COUNTRY = "country"  # one country code of a country vocabulary
BOOLEAN = "boolean"


@dataclass(frozen=True)
class Field:
    """A field of a type record or of its person rows, as DOMAIN.md names it.

    Its name on every page (the form's label, the detail page's, the admin's) is its model
    field's `verbose_name`, one string for all of them (`label_of`).
    """

    name: str
    kind: str
    vocabulary: type[models.TextChoices] | Countries | None = None
    required: bool = True
    # A country field's countries offered first, before all of them (`casework.countries`).
    frequent: tuple[str, ...] = ()
    # Derived fields are stored (statistics group by a column) but never entered: no form,
    # API input or import column takes them; filters and the admin show them.
    entered: bool = True

    @cached_property
    def codes(self) -> frozenset[str]:
        if self.kind == COUNTRY:
            from casework.countries import codes

            return codes(self.vocabulary)
        return frozenset(self.vocabulary.values) if self.vocabulary else frozenset()


def code(name, vocabulary, *, required=True) -> Field:
    return Field(name, CODE, vocabulary, required)


def code_set(name, vocabulary, *, required=True) -> Field:
    return Field(name, CODES, vocabulary, required)


def country(name, vocabulary, *, frequent, required=True) -> Field:
    return Field(name, COUNTRY, vocabulary, required, frequent=frequent)


def boolean(name) -> Field:
    return Field(name, BOOLEAN, required=False)


def derived(name, vocabulary) -> Field:
    return Field(name, CODE, vocabulary, required=False, entered=False)


def label_of(model: type[models.Model], name: str) -> Promise | str:
    """The one name of a stored field, wherever it is shown: its model field's verbose_name,
    capitalised (lazily, so that a form class made once reads in each request's language)."""
    return capfirst(model._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class GivenUnless:
    """A cross-field rule: `field` is given exactly when `other` is not `value` (a border
    section is given unless the detection was inland).

    Forms and services, where the field may linger hidden from an earlier choice, clear it
    (`clearing=True`); a file, where the cell was written on purpose, is refused.
    """

    field: str
    other: str
    value: str
    missing: Promise | str
    forbidden: Promise | str

    def errors(self, values: dict, *, clearing: bool = False) -> dict[str, Promise | str]:
        """{field: message} for what breaks the rule; clears the field in `values` if asked."""
        other = values.get(self.other)
        if not other:
            return {}
        if other == self.value:
            if values.get(self.field):
                if clearing:
                    values[self.field] = ""
                    return {}
                return {self.field: self.forbidden}
            return {}
        return {} if values.get(self.field) else {self.field: self.missing}


@dataclass(frozen=True)
class Month:
    """A month a type is dated and counted by: its name in forms, the API and files."""

    name: str
    label: Promise | str = field(compare=False)  # lazy: hashes as its translation


@dataclass(frozen=True)
class Sequences:
    """How a file gives rows that are not persons (a smuggling incident's facilitators): a
    column per field, each a `|`-separated list, the n-th code of each list one row."""

    columns: tuple[str, ...]  # one per field of the rows, in the fields' order
    uneven: Promise | str  # why a file is refused whose lists differ in length


@dataclass(frozen=True)
class Rows:
    """Rows a type record holds: persons (a smuggling incident's migrants) or not (its
    apprehended facilitators, who carry only citizenship and sex)."""

    name: str  # the related name on the record, and the key in case data and the API
    model: type[models.Model]
    fields: tuple[Field, ...]
    label: Promise | str = field(compare=False)  # lazy: hashes as its translation
    # Persons carry sex, age group, citizenship and an optional identity (pseudonym).
    person: bool
    at_least_one: bool = False
    # What a record without any row is told (`at_least_one`), and what a page says of one
    # that has none (where a record may have none).
    missing: Promise | str = ""
    none_recorded: Promise | str = ""
    # How a file gives them, where a file's lines are not these rows themselves.
    sequences: Sequences | None = None
    # One row, as code names it: the API's schema calls a row's shape after it (`Migrant`).
    singular: str = ""
    # What a form's row set says when a needed row is missing (`missing` is the record's).
    too_few: Promise | str = ""

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def record_key(self) -> models.ForeignKey:
        """The rows' key to the record holding them (a migrant's incident): its value is the
        record's, hence the case's, primary key."""
        [key] = [
            f
            for f in self.model._meta.get_fields()
            if f.many_to_one and f.remote_field.related_name == self.name
        ]
        return key


@dataclass(frozen=True)
class Derivation:
    """How a derived field's value follows from entered fields of the record: `function` of
    their values, given in the order of `inputs`, or as keywords named by them."""

    field: str
    function: Callable
    inputs: tuple[str, ...]
    by_keyword: bool = False

    def of(self, *values):
        if self.by_keyword:
            return self.function(**dict(zip(self.inputs, values, strict=True)))
        return self.function(*values)


@dataclass(frozen=True)
class Demo:
    """How many demo cases the type gets: its share of all, and its trend over 2009-2013;
    and, for a type the demo draws from its declaration, each field's weights ({code:
    weight}; a closed vocabulary without weights is drawn evenly)."""

    share: int
    trend: tuple[int, ...]
    weights: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseTypeDeclaration:
    code: str
    label: Promise | str = field(compare=False)  # lazy: hashes as its translation
    reference_code: str  # RS-THB-2013-7K3QX9A2
    model: type[models.Model]  # the type record, sharing its case's key
    relation: str  # the record's related name on Case
    month: Month
    fields: tuple[Field, ...]
    # The record itself is a person (a victim, a returnee): it carries sex, age group,
    # citizenship, the optional identity and `is_repeat`.
    person: bool
    person_label: Promise | str = field(default="", compare=False)
    rows: tuple[Rows, ...] = ()
    rules: tuple[GivenUnless, ...] = ()
    demo: Demo | None = None
    # The months of later stages, fields of the record (an asylum application lodged, then
    # decided): a table may count by any of them, or by the case's `month`.
    stage_months: tuple[Month, ...] = ()
    # How each derived field of the record is computed, where many records are written at
    # once (an import's columns).
    derivations: tuple[Derivation, ...] = ()

    def derive(self, record) -> None:
        """Set the record's derived fields from its entered ones (the import does the same
        column-wise, from the same derivations)."""
        for derivation in self.derivations:
            values = (getattr(record, name) for name in derivation.inputs)
            setattr(record, derivation.field, derivation.of(*values))

    @cached_property
    def entered_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.entered)

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        """The entered fields of the record, in the order forms and the API show them."""
        return tuple(f.name for f in self.entered_fields)

    def rows_named(self, name: str) -> Rows:
        """The rows called `name` (a smuggling incident's `migrants`); raises LookupError."""
        for rows in self.rows:
            if rows.name == name:
                return rows
        raise LookupError(f"Case type {self.code} declares no rows {name!r}.")

    @cached_property
    def person_rows(self) -> tuple[Rows, ...]:
        return tuple(r for r in self.rows if r.person)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        """Every month a table of this type may count by: the case's first."""
        return (self.month, *self.stage_months)

    def __str__(self) -> str:
        return self.code
