"""A case's audit trail as a table on the admin's change page."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from casework.admin.dates import short_datetime
from casework.fields import CodeSetField
from casework.models import Case
from casework.records import COUNTRY_FIELDS


def case_history(case) -> str:
    events = AuditEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                short_datetime(event.at),
                event.actor or "—",
                event.get_action_display(),
                _changes_text(case, event.changes),
                event.reason or "—",
            )
            for event in events
        ),
    )
    return format_html(
        '<table class="case-history"><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("when"),
        _("who"),
        _("what"),
        _("changes"),
        _("reason"),
        rows,
    )


def _changes_text(case, changes: dict) -> str:
    if not changes:
        return "—"
    models = (Case, type(case.details))
    return format_html_join(
        "",
        "<div>{}: {} → {}</div>",
        (
            (_name(models, name), _shown(models, name, old), _shown(models, name, new))
            for name, (old, new) in sorted(changes.items())
        ),
    )


def _field(models, name: str):
    for model in models:
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _name(models, name: str) -> str:
    """A changed field by its label; one no model knows (a row's) by its name, as code."""
    field = _field(models, name)
    if field is None:
        return format_html("<code>{}</code>", name)
    return capfirst(field.verbose_name)


def _shown(models, name: str, value) -> str:
    """A stored value as a coordinator reads it: a code by its label, cut when long."""
    if value in (None, ""):
        return "—"
    field = _field(models, name)
    if name in COUNTRY_FIELDS and isinstance(value, str):
        return COUNTRY_FIELDS[name].name(value) or value
    if isinstance(field, CodeSetField) and isinstance(value, list):
        return ", ".join(
            str(field.vocabulary(code).label) for code in value if code in field.vocabulary.values
        )
    if field is not None and field.choices and isinstance(value, str):
        return str(dict(field.flatchoices).get(value, value))
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"
