"""Who reaches the case admin, and which cases each person finds there.

The matrix covers every role against a case in scope and one out of scope. A case out of
scope answers exactly as a case that does not exist.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from casework import services
from tests.casework.admin.helpers import (
    ADMIN_LOGIN,
    CHANGELIST,
    change_url,
    filter_titled,
    listed,
    messages_of,
)
from tests.casework.cases import record

NO_ADMIN = [
    "caseworker_rs_police",
    "caseworker_rs_ngo",
    "caseworker_al_police",
    "caseworker_al_ngo",
    "viewer",
]

# Which organisations' cases each coordinator finds in the admin.
SEES = {
    "national_rs": {"rs_police", "rs_ngo"},
    "national_al": {"al_police", "al_ngo"},
    "regional": {"rs_police", "rs_ngo", "al_police", "al_ngo"},
}

ORGANISATIONS = ["rs_police", "rs_ngo", "al_police", "al_ngo"]


def _is_admin_login_redirect(response, path):
    return response.status_code == 302 and response.url == f"{ADMIN_LOGIN}?next={path}"


@pytest.mark.parametrize("person", NO_ADMIN)
def test_people_without_admin_access_are_sent_to_the_admin_login_from_the_case_list(
    client, region, cases, person
):
    client.force_login(region.users[person])
    response = client.get(CHANGELIST)
    assert _is_admin_login_redirect(response, CHANGELIST)


@pytest.mark.parametrize("organisation", ORGANISATIONS)
@pytest.mark.parametrize("person", NO_ADMIN)
def test_people_without_admin_access_are_sent_to_the_admin_login_from_any_case(
    client, region, cases, person, organisation
):
    client.force_login(region.users[person])
    url = change_url(cases[organisation].pk)
    response = client.get(url)
    assert _is_admin_login_redirect(response, url)


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, cases):
    assert _is_admin_login_redirect(client.get(CHANGELIST), CHANGELIST)


def test_the_administrator_is_refused_the_case_list(client, region, cases):
    client.force_login(region.users["administrator"])
    assert client.get(CHANGELIST).status_code == 403


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_the_administrator_is_refused_every_case(client, region, cases, organisation):
    client.force_login(region.users["administrator"])
    response = client.get(change_url(cases[organisation].pk))
    assert response.status_code == 403
    assert cases[organisation].reference not in response.content.decode()


def test_the_administrator_finds_no_case_model_in_the_admin_index(client, region, cases):
    client.force_login(region.users["administrator"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    models = {
        (app["app_label"], model["object_name"])
        for app in response.context["app_list"]
        for model in app["models"]
    }
    assert ("casework", "Case") not in models
    assert ("casework", "DuplicateGroup") not in models
    assert ("accounts", "User") in models
    assert CHANGELIST not in response.content.decode()


@pytest.mark.parametrize("person", sorted(SEES))
def test_each_coordinator_lists_exactly_the_cases_of_their_scope(client, region, cases, person):
    client.force_login(region.users[person])
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert listed(response) == {cases[key].pk for key in SEES[person]}
    content = response.content.decode()
    for key, case in cases.items():
        assert (case.reference in content) is (key in SEES[person])


@pytest.mark.parametrize("organisation", ORGANISATIONS)
@pytest.mark.parametrize("person", sorted(SEES))
def test_each_coordinator_opens_a_case_in_scope_and_finds_none_out_of_it(
    client, region, cases, person, organisation
):
    client.force_login(region.users[person])
    case = cases[organisation]
    response = client.get(change_url(case.pk))
    if organisation in SEES[person]:
        assert response.status_code == 200
        assert response.context["original"] == case
    else:
        assert response.status_code == 302
        assert response.url == reverse("admin:index")


def _answer(user, pk):
    """What a fresh session of `user` gets for one case id: status, redirect and messages."""
    client = Client()
    client.force_login(user)
    response = client.get(change_url(pk))
    texts = [re.sub(re.escape(str(pk)), "<id>", text) for text in messages_of(response)]
    return response.status_code, response.get("Location"), texts


@pytest.mark.parametrize(
    ("person", "other"), [("national_rs", "al_ngo"), ("national_al", "rs_police")]
)
def test_a_case_out_of_scope_answers_exactly_as_a_missing_one(region, cases, person, other):
    user = region.users[person]
    missing = max(case.pk for case in cases.values()) + 1000
    assert _answer(user, cases[other].pk) == _answer(user, missing)


def test_the_case_list_searches_and_filters_only_within_scope(client, region, cases):
    client.force_login(region.users["national_rs"])
    other = cases["al_police"]
    by_reference = client.get(CHANGELIST, {"q": other.reference})
    assert listed(by_reference) == set()
    by_territory = client.get(CHANGELIST, {"territory": "AL"})
    assert listed(by_territory) == set()
    by_organisation = client.get(
        CHANGELIST, {"organisation__id__exact": region.organisations["al_police"].pk}
    )
    assert listed(by_organisation) == set()


def test_the_organisation_filter_offers_only_organisations_in_scope(client, region, cases):
    client.force_login(region.users["national_rs"])
    response = client.get(CHANGELIST)
    organisation_filter = filter_titled(response, "organisation")
    offered = {pk for pk, _name in organisation_filter.lookup_choices}
    assert offered == {region.organisations["rs_police"].pk, region.organisations["rs_ngo"].pk}


def test_the_territory_filter_offers_only_territories_in_scope(client, region, cases):
    client.force_login(region.users["national_rs"])
    response = client.get(CHANGELIST)
    territory_filter = filter_titled(response, "territory")
    assert [code for code, _label in territory_filter.lookup_choices] == ["RS"]


def test_the_regional_coordinator_reads_cases_but_has_no_actions(client, region, cases):
    client.force_login(region.users["regional"])
    response = client.get(CHANGELIST)
    assert response.context["action_form"] is None
    assert response.context["cl"].model_admin.get_actions(response.wsgi_request) == {}
    assert 'name="_selected_action"' not in response.content.decode()


def test_the_regional_coordinator_opens_a_case_with_no_save_button(client, region, cases):
    client.force_login(region.users["regional"])
    response = client.get(change_url(cases["al_ngo"].pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    content = response.content.decode()
    assert 'name="_save"' not in content
    assert 'name="_continue"' not in content
    assert "deletelink" not in content


def test_the_regional_coordinator_cannot_post_a_change_to_a_case(client, region, cases):
    client.force_login(region.users["regional"])
    case = cases["rs_ngo"]
    response = client.post(change_url(case.pk), {"status": "validated", "_save": "Save"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "submitted"


def test_a_national_coordinator_sees_the_case_list_with_the_review_actions(client, region, cases):
    client.force_login(region.users["national_rs"])
    response = client.get(CHANGELIST)
    choices = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert choices == {"", "validate_selected", "return_selected", "reopen_selected"}


def test_no_one_adds_changes_or_deletes_a_case_through_the_admin(client, region, cases):
    client.force_login(region.users["national_rs"])
    case = cases["rs_ngo"]
    assert client.get(reverse("admin:casework_case_add")).status_code == 403
    assert client.post(change_url(case.pk), {"status": "validated"}).status_code == 403
    delete = reverse("admin:casework_case_delete", args=[case.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.get(change_url(case.pk))
    content = response.content.decode()
    assert 'name="_save"' not in content
    assert "addlink" not in client.get(CHANGELIST).content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"


def test_the_case_list_puts_submitted_cases_first_and_oldest_first(client, region, cases):
    caseworker = region.users["caseworker_rs_ngo"]
    draft = record(caseworker)
    national = region.users["national_rs"]
    validated = services.case_validate(user=national, case_id=cases["rs_police"].pk)
    client.force_login(national)
    response = client.get(CHANGELIST)
    order = [case.pk for case in response.context["cl"].result_list]
    assert order[0] == cases["rs_ngo"].pk
    assert set(order[1:]) == {draft.pk, validated.pk}


def test_the_case_list_filters_by_year(client, region, cases):
    case_2020 = record(region.users["caseworker_rs_ngo"], month=datetime.date(2020, 2, 1))
    client.force_login(region.users["national_rs"])
    assert listed(client.get(CHANGELIST, {"year": "2020"})) == {case_2020.pk}
    assert listed(client.get(CHANGELIST, {"year": "2013"})) == {
        cases["rs_police"].pk,
        cases["rs_ngo"].pk,
    }


def _years_offered(client) -> list[str]:
    return [year for year, _label in filter_titled(client.get(CHANGELIST), "year").lookup_choices]


def test_the_year_filter_offers_only_the_years_holding_cases_in_scope_latest_first(
    client, region, cases
):
    # `cases` are of May 2013, in both territories.
    record(region.users["caseworker_rs_ngo"], month=datetime.date(2020, 2, 1))
    record(region.users["caseworker_rs_police"], month=datetime.date(2016, 7, 1))
    record(region.users["caseworker_rs_police"], month=datetime.date(2016, 9, 1))
    record(region.users["caseworker_al_ngo"], month=datetime.date(2018, 3, 1))
    client.force_login(region.users["national_rs"])
    assert _years_offered(client) == ["2020", "2016", "2013"]
    client.force_login(region.users["national_al"])
    assert _years_offered(client) == ["2018", "2013"]
    client.force_login(region.users["regional"])
    assert _years_offered(client) == ["2020", "2018", "2016", "2013"]


def test_the_year_filter_offers_no_year_without_cases_in_scope(client, region):
    record(region.users["caseworker_al_ngo"], month=datetime.date(2018, 3, 1))
    client.force_login(region.users["national_rs"])
    response = client.get(CHANGELIST)
    assert not [spec for spec in response.context["cl"].filter_specs if str(spec.title) == "year"]
    assert "2018" not in response.content.decode()
