"""The error summary at the top of a form that failed: every problem in one box, each field's
a link to that field (templates/_error_summary.html, focused by static/js/app.js).

`{% error_summary form formset ... %}` takes forms, formsets and lists of them (a case's main
form and its rows): every page whose form can fail shows its problems the same way.
"""

from dataclasses import dataclass

from django import template
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    text: str
    href: str = ""  # "#id_field": where the link moves focus; none for the form as a whole


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms) -> dict:
    problems = [problem for form in _flat(forms) for problem in _problems(form)]
    return {"problems": problems, "count": len(problems)}


def _flat(forms):
    for form in forms:
        if isinstance(form, list | tuple):
            yield from _flat(form)
        elif form:  # a form the page does not have is "" in a template
            yield form


def _problems(form):
    if isinstance(form, BaseFormSet):
        for error in form.non_form_errors():
            yield Problem(str(error))
        for number, row in enumerate(form.forms, start=1):
            yield from _form_problems(row, rows=getattr(row, "rows", None), number=number)
        return
    yield from _form_problems(form)


def _form_problems(form, *, rows=None, number=0):
    if not form.is_bound:
        return
    for error in form.non_field_errors():
        yield Problem(_row_named(str(error), rows, number))
    for field in form:
        for error in field.errors:
            label = _row_named(str(field.label), rows, number)
            yield Problem(f"{label}: {error}", "" if field.is_hidden else f"#{_target(field)}")


def _row_named(text: str, rows, number: int) -> str:
    if rows is None:
        return text
    return _("%(text)s (%(rows)s, row %(number)d)") % {
        "text": text,
        "rows": rows.label,
        "number": number,
    }


def _target(field) -> str:
    """The id of the input a field's link focuses: a group of checkboxes has no input of its
    own (its label is a legend), so its first box."""
    if field.use_fieldset and field.subwidgets:
        return field.subwidgets[0].id_for_label
    return field.id_for_label
