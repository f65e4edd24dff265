"""A case form says which fields are required, and a form that failed says every problem at
its top, each a link to its field; the same summary on every form of the site that can fail."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.forms.rows import row_form
from casework.forms.types import case_form
from casework.types import declared, declared_types
from tests.casework.cases import record
from tests.casework.pages.page import Page
from tests.casework.pages.posts import as_post
from tests.factories import PASSWORD

TYPES = pytest.mark.parametrize("declaration", declared_types(), ids=str)
LEGEND = "Fields marked * are required."
# An age in years stands for the age group: the form asks for either (and says so).
EITHER_AGE = {"age_group"}


def required_on_submit(fields) -> set[str]:
    """What the declaration requires of a record (or a row) that is submitted."""
    return {f.name for f in fields if f.required and f.entered} - EITHER_AGE


def input_id(form_class, name: str, prefix: str = "") -> str:
    field_id = f"id_{prefix}{name}"
    if form_class.base_fields[name].widget.use_fieldset:
        return f"{field_id}_0"  # a group of checkboxes, named by its legend
    return field_id


def marked(page: Page, form_class, prefix: str = "") -> set[str]:
    visible = [n for n, f in form_class.base_fields.items() if not f.widget.is_hidden]
    return {n for n in visible if page.label(input_id(form_class, n, prefix))["marked"]}


@TYPES
def test_the_new_case_form_marks_exactly_the_fields_a_submit_requires(login, declaration):
    page = Page(
        login("caseworker_rs_ngo")
        .get(reverse("casework:create", args=[declaration.code]))
        .content.decode()
    )
    form_class = case_form(declaration.code)

    required = {"month"} | required_on_submit(declaration.fields)
    assert marked(page, form_class) == required
    for name in required:
        field_id = input_id(form_class, name)
        if field_id.endswith("_0"):
            # No checkbox says "required" itself: the legend does.
            assert page.label(field_id)["text"].endswith("(required)")
        else:
            assert "required" in page.inputs[field_id]
    assert page.labels["id_month"]["text"] == str(declaration.month.label)


def test_each_row_marks_the_fields_its_row_requires_and_says_so_aloud(login):
    content = login("caseworker_rs_ngo").get(reverse("casework:create", args=["smuggling"]))
    page = Page(content.content.decode())
    declaration = declared("smuggling")
    for rows in declaration.rows:
        form_class = row_form("smuggling", rows.name)
        prefix = f"{rows.name}-0-"
        assert marked(page, form_class, prefix) == required_on_submit(rows.fields)
        # A row's inputs carry no `required` (a blank row may be left): the label speaks.
        for name in required_on_submit(rows.fields):
            assert page.label(input_id(form_class, name, prefix))["text"].endswith("(required)")


@TYPES
def test_the_form_says_what_the_mark_means(login, declaration):
    content = login("caseworker_rs_ngo").get(reverse("casework:create", args=[declaration.code]))
    assert LEGEND in content.content.decode()


def problems_of(response) -> list[str]:
    """Every error the response's forms hold, non-field ones included."""
    entry = response.context["entry"]
    errors = []
    for form in entry.forms:
        for each in getattr(form, "forms", [form]):
            errors += list(each.non_field_errors())
            errors += [e for field in each for e in field.errors]
        errors += list(getattr(form, "non_form_errors", list)())
    return errors


def assert_each_link_leads_to_an_invalid_field(page: Page):
    for item in page.summary:
        assert item["href"] and item["href"].startswith("#"), item
        target = page.inputs[item["href"][1:]]
        described = target["_fieldset"]["attrs"] if target.get("type") == "checkbox" else target
        assert f"{item['href'][1:].removesuffix('_0')}_error" in described["aria-describedby"]
        assert set(described["aria-describedby"].split()) <= page.ids
        if target.get("type") != "checkbox":
            assert target["aria-invalid"] == "true"


def test_a_failed_case_post_lists_every_error_as_a_link_to_its_field(login):
    post = as_post("smuggling")
    del post["direction"]
    post["transport"] = ""
    post["migrants-1-sex"] = ""

    response = login("caseworker_rs_police").post(
        reverse("casework:create", args=["smuggling"]), post
    )

    assert response.status_code == 400
    page = Page(response.content.decode())
    assert len(page.summary) == len(problems_of(response)) == 3
    assert page.summary_title == "Please correct 3 problems"
    assert [item["href"] for item in page.summary] == [
        "#id_direction",
        "#id_transport",
        "#id_migrants-1-sex",
    ]
    assert page.summary[2]["text"].startswith("Sex (Migrants, row 2): ")
    assert_each_link_leads_to_an_invalid_field(page)


def test_a_group_of_checkboxes_is_linked_by_its_first_box_and_described_by_its_error(login):
    post = as_post("trafficking")
    del post["exploitation"]

    response = login("caseworker_rs_ngo").post(
        reverse("casework:create", args=["trafficking"]), post
    )

    page = Page(response.content.decode())
    assert page.summary_title == "Please correct 1 problem"
    assert [item["href"] for item in page.summary] == ["#id_exploitation_0"]
    assert_each_link_leads_to_an_invalid_field(page)


def test_a_form_that_did_not_fail_has_no_summary(login):
    content = login("caseworker_rs_ngo").get(reverse("casework:create", args=["trafficking"]))
    assert "data-error-summary" not in content.content.decode()


# The other forms of the site that can fail.


def test_signing_in_with_nothing_links_both_fields(client, region):
    page = Page(client.post(reverse("login"), {"username": "", "password": ""}).content.decode())

    assert [item["href"] for item in page.summary] == ["#id_username", "#id_password"]
    assert_each_link_leads_to_an_invalid_field(page)
    assert page.labels["id_username"]["marked"] and page.labels["id_password"]["marked"]


def test_a_wrong_password_is_a_problem_of_the_whole_form_without_a_link(client, region):
    posted = {"username": "caseworker.rs_ngo@example.org", "password": "not the password"}
    page = Page(client.post(reverse("login"), posted).content.decode())

    assert page.summary_title == "Please correct 1 problem"
    [item] = page.summary
    assert item["href"] is None and "password" in item["text"].lower()


def test_an_import_without_a_file_links_the_file_field(login):
    response = login("caseworker_rs_ngo").post(
        reverse("casework:import"), {"case_type": "smuggling"}
    )

    page = Page(response.content.decode())
    assert [item["href"] for item in page.summary] == ["#id_file"]
    assert_each_link_leads_to_an_invalid_field(page)


def test_a_password_change_with_nothing_links_each_field(login):
    response = login("caseworker_rs_ngo").post(reverse("password_change"), {})

    page = Page(response.content.decode())
    hrefs = [item["href"] for item in page.summary]
    assert hrefs == ["#id_old_password", "#id_new_password1", "#id_new_password2"]
    assert_each_link_leads_to_an_invalid_field(page)
    assert LEGEND in response.content.decode()


def test_a_withdrawal_without_a_reason_links_the_reason(login, region):
    client = login("caseworker_rs_ngo")
    case = record(region.users["caseworker_rs_ngo"])
    url = reverse("casework:withdraw", args=[case.pk])

    page = Page(client.post(url, {"version": str(case.version), "reason": ""}).content.decode())

    assert [item["href"] for item in page.summary] == ["#id_reason"]
    assert_each_link_leads_to_an_invalid_field(page)
    assert re.search(r"Reason: ", page.summary[0]["text"])


def test_a_wrong_second_factor_code_links_the_code_field(client, region, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    TOTPDevice.objects.create(user=region.users["regional"], name="app", confirmed=True)
    client.post(reverse("login"), {"username": "regional@example.org", "password": PASSWORD})

    wrong = client.post(reverse("two_factor_verify"), {"token": "123456"})

    page = Page(wrong.content.decode())
    assert [item["href"] for item in page.summary] == ["#id_token"]
    assert_each_link_leads_to_an_invalid_field(page)
