"""Each field of a case has one name: the form that enters it, the page that shows it and the
admin's case page all call it the same (the model field's verbose_name)."""

import html
import re

import pytest
from django.urls import reverse

from casework.forms.rows import row_form
from casework.forms.types import case_form
from casework.types import declared_types
from tests.casework.cases import record
from tests.casework.pages.page import Page
from tests.casework.pages.test_form_errors import input_id

TYPES = pytest.mark.parametrize("declaration", declared_types(), ids=str)


def form_labels(page: Page, form_class, names, prefix="") -> dict[str, str]:
    labels = {}
    for name in names:
        text = page.label(input_id(form_class, name, prefix))["text"]
        labels[name] = text.removesuffix("(required)").strip()
    return labels


@TYPES
def test_every_field_has_the_same_name_on_its_form_its_page_and_the_admin(
    client, region, declaration
):
    caseworker = region.users["caseworker_rs_police"]
    case = record(caseworker, declaration.code)
    client.force_login(caseworker)
    form = Page(client.get(reverse("casework:create", args=[declaration.code])).content.decode())
    detail = Page(client.get(reverse("casework:detail", args=[case.pk])).content.decode())
    client.force_login(region.users["national_rs"])
    admin = client.get(reverse("admin:casework_case_change", args=[case.pk])).content.decode()
    admin_names = {html.unescape(n).casefold() for n in re.findall(r"<th[^>]*>(.*?)</th>", admin)}

    on_form = form_labels(form, case_form(declaration.code), ["month", *declaration.field_names])
    for name, label in on_form.items():
        assert label in detail.terms, f"{name}: the form says {label!r}, the page {detail.terms}"
        if name != "month":
            assert label.casefold() in admin_names, f"{name}: {label!r} not in the admin"
    for rows in declaration.rows:
        on_rows = form_labels(
            form, row_form(declaration.code, rows.name), rows.field_names, f"{rows.name}-0-"
        )
        for name, label in on_rows.items():
            assert label in detail.headers, f"{rows.name}.{name}: {label!r} vs {detail.headers}"
            assert label.casefold() in admin_names, f"{rows.name}.{name}: {label!r}"
