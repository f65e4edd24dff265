"""A case's audit trail as a table on the admin's change page."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from audit.models import AuditEvent


def case_history(case) -> str:
    events = AuditEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT"),
                event.actor or "—",
                event.get_action_display(),
                _changes_text(event.changes),
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


def _changes_text(changes: dict) -> str:
    if not changes:
        return "—"
    return format_html_join(
        "",
        "<div>{}: {} → {}</div>",
        ((field, _short(old), _short(new)) for field, (old, new) in sorted(changes.items())),
    )


def _short(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, list | dict):
        text = str(value)
        return text if len(text) <= 120 else text[:117] + "…"
    return str(value)
