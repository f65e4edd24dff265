"""The choke point, for every role, in two territories and two organisations each."""

import pytest

from accounts.access import cases_visible_to, organisations_acted_for, territories_in_scope
from casework.models import Case
from tests.factories import CaseFactory


@pytest.fixture
def cases(region):
    """One case recorded by each of the four organisations."""
    return {key: CaseFactory(organisation=org) for key, org in region.organisations.items()}


# Which organisations' cases each person sees.
VISIBLE = {
    "caseworker_rs_police": {"rs_police"},
    "caseworker_rs_ngo": {"rs_ngo"},
    "caseworker_al_police": {"al_police"},
    "caseworker_al_ngo": {"al_ngo"},
    "national_rs": {"rs_police", "rs_ngo"},
    "national_al": {"al_police", "al_ngo"},
    "regional": {"rs_police", "rs_ngo", "al_police", "al_ngo"},
    "viewer": set(),
    "administrator": set(),
}


@pytest.mark.parametrize("person", sorted(VISIBLE))
def test_each_person_sees_exactly_the_cases_of_their_scope(region, cases, person):
    visible = set(cases_visible_to(region.users[person]).values_list("pk", flat=True))
    assert visible == {cases[key].pk for key in VISIBLE[person]}


def test_an_out_of_scope_case_looks_exactly_like_a_missing_one(region, cases):
    caseworker = region.users["caseworker_rs_ngo"]
    other = cases["al_police"]
    with pytest.raises(Case.DoesNotExist):
        cases_visible_to(caseworker).get(pk=other.pk)
    with pytest.raises(Case.DoesNotExist):
        cases_visible_to(caseworker).get(pk=10**9)


def test_a_deactivated_user_sees_no_case(region, cases):
    coordinator = region.users["regional"]
    coordinator.is_active = False
    assert not cases_visible_to(coordinator).exists()


def test_an_anonymous_user_sees_no_case(cases):
    from django.contrib.auth.models import AnonymousUser

    assert not cases_visible_to(AnonymousUser()).exists()


def test_a_caseworker_who_moves_organisation_loses_the_old_cases(region, cases):
    caseworker = region.users["caseworker_rs_ngo"]
    caseworker.organisation = region.organisations["al_ngo"]
    caseworker.save()
    visible = set(cases_visible_to(caseworker).values_list("pk", flat=True))
    assert visible == {cases["al_ngo"].pk}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("caseworker_rs_ngo", ["RS"]),
        ("national_al", ["AL"]),
        ("regional", ["AL", "BA", "XK", "ME", "MK", "RS"]),
        ("viewer", []),
        ("administrator", []),
    ],
)
def test_territories_in_scope(region, person, expected):
    assert sorted(territories_in_scope(region.users[person])) == sorted(expected)


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("caseworker_rs_ngo", {"rs_ngo"}),
        ("national_rs", {"rs_police", "rs_ngo"}),
        ("national_al", {"al_police", "al_ngo"}),
        ("regional", set()),
        ("viewer", set()),
        ("administrator", set()),
    ],
)
def test_organisations_a_person_may_record_for(region, person, expected):
    acted_for = set(organisations_acted_for(region.users[person]))
    assert acted_for == {region.organisations[key] for key in expected}
