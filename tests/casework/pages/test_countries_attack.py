"""A country field accepts its own vocabulary's codes only: a code another list offers
first (stateless for a place, unknown for a neighbour) or a group's label is refused."""

import pytest

from casework.models import Case
from tests.casework.pages.page import Page
from tests.casework.pages.test_frequent_countries import record


@pytest.mark.parametrize(
    ("case_type", "field", "code"),
    [
        ("trafficking", "country_of_exploitation", "STLS"),  # a citizenship, not a place
        ("readmission", "returning_state", "STLS"),
        ("smuggling", "border_with", "UNK"),  # a neighbour is always a real country
        ("smuggling", "border_with", "STLS"),
        ("readmission", "returning_state", "Frequent"),  # the group's label
        ("readmission", "returning_state", "de"),
        ("readmission", "returning_state", " DE"),
        ("readmission", "citizenship", "XKX"),
    ],
)
def test_a_code_outside_the_fields_list_is_refused_and_linked(login, case_type, field, code):
    refused = record(login("caseworker_rs_police"), case_type, **{field: code})
    assert refused.status_code == 400
    assert [item["href"] for item in Page(refused.content.decode()).summary] == [f"#id_{field}"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("case_type", "field", "code"),
    [("smuggling", "border_with", "XK"), ("readmission", "citizenship", "STLS")],
)
def test_a_regional_code_of_the_fields_own_list_is_accepted(login, case_type, field, code):
    assert record(login("caseworker_rs_police"), case_type, **{field: code}).status_code == 302


def test_a_refused_code_is_one_problem_not_also_a_missing_field(login):
    refused = record(login("caseworker_rs_police"), "smuggling", border_with="UNK")
    page = Page(refused.content.decode())
    assert page.summary_title == "Please correct 1 problem"
    [problem] = page.summary
    assert problem["text"].startswith("Border with: Select a valid choice.")
