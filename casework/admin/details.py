"""A case's type record (and an incident's persons) as tables on the admin's change page.

Unlike the caseworker's pages (`casework.display`), the admin shows each country's code beside
its name, and also what was derived or decided after entry: the exploitation category, the
scope, whether the person was recorded earlier.
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from casework.fields import CodeSetField
from casework.records import COUNTRY_FIELDS
from casework.types import declared
from casework.types.declaration import Field


def detail_fields(fields: tuple[Field, ...], *, person: bool) -> tuple[str, ...]:
    """Every declared field in its declared place (a derived one beside what it is derived
    from), and for a person whether they were recorded earlier."""
    names = tuple(f.name for f in fields)
    return (*names, "is_repeat") if person else names


def case_details(case) -> str:
    declaration = declared(case.case_type)
    record = case.details
    parts = [_record_table(record, detail_fields(declaration.fields, person=declaration.person))]
    for rows in declaration.rows:
        items = list(getattr(record, rows.name).all())
        if items or not rows.none_recorded:
            fields = detail_fields(rows.fields, person=rows.person)
            parts.append(_persons_table(rows.label, rows.model, items, fields))
        else:
            parts.append(format_html("<p>{}</p>", rows.none_recorded))
    return format_html_join("", "{}", ((part,) for part in parts))


def _field_label(model, name: str) -> str:
    if name == "is_repeat":
        return _("recorded earlier (repeat)")
    field = model._meta.get_field(name)
    return str(field.verbose_name)


def _value_label(instance, name: str) -> str:
    """A stored code as a person reads it: its label, a country's name, yes or no."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if isinstance(field, CodeSetField):
        labels = dict(field.vocabulary.choices)
        return ", ".join(str(labels.get(code, code)) for code in value) or "—"
    if name in COUNTRY_FIELDS:
        if not value:
            return "—"
        return f"{value} – {COUNTRY_FIELDS[name].name(value) or value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")()) or "—"
    return str(value) if value not in (None, "") else "—"


def _record_table(instance, fields) -> str:
    return format_html(
        '<table class="case-details"><tbody>{}</tbody></table>',
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((_field_label(type(instance), f), _value_label(instance, f)) for f in fields),
        ),
    )


def _persons_table(caption: str, model, rows, fields) -> str:
    head = format_html_join(
        "", '<th scope="col">{}</th>', ((_field_label(model, f),) for f in fields)
    )
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    number,
                    format_html_join("", "<td>{}</td>", ((_value_label(row, f),) for f in fields)),
                ),
            )
            for number, row in enumerate(rows, start=1)
        ),
    )
    return format_html(
        '<table class="case-persons"><caption>{}</caption>'
        '<thead><tr><th scope="col">#</th>{}</tr></thead><tbody>{}</tbody></table>',
        caption,
        head,
        body,
    )
