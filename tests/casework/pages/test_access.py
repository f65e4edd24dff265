"""Who reaches which case page: in scope 200, out of scope 404, a role without the action 403."""

import pytest
from django.urls import reverse

from casework.models import Case, Status
from tests.casework.cases import record

# A case recorded by Atina (an organisation in Serbia).
IN_SCOPE = ["caseworker_rs_ngo", "national_rs", "regional"]
OUT_OF_SCOPE = ["caseworker_rs_police", "caseworker_al_ngo", "national_al"]
NO_CASES = ["viewer", "administrator"]


@pytest.fixture
def case(region):
    return record(region.users["caseworker_rs_ngo"])


@pytest.mark.parametrize("person", IN_SCOPE)
def test_people_who_see_cases_get_the_list_and_a_case_in_scope(login, case, person):
    client = login(person)
    assert client.get(reverse("casework:list")).status_code == 200
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 200


@pytest.mark.parametrize("person", OUT_OF_SCOPE)
def test_a_case_outside_ones_scope_is_not_found_on_every_page(login, case, person):
    client = login(person)
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("casework:edit", args=[case.pk])).status_code == 404
    assert client.post(reverse("casework:submit", args=[case.pk])).status_code == 404
    withdraw = client.post(reverse("casework:withdraw", args=[case.pk]), {"reason": "x"})
    assert withdraw.status_code == 404
    assert case.reference not in client.get(reverse("casework:list")).content.decode()
    case.refresh_from_db()
    assert (case.status, case.version) == (Status.DRAFT, 1)


@pytest.mark.parametrize("person", NO_CASES)
def test_roles_without_case_records_get_403_on_the_list_and_404_on_a_case(login, case, person):
    client = login(person)
    assert client.get(reverse("casework:list")).status_code == 403
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("casework:edit", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("person", ["regional", *NO_CASES])
def test_roles_that_do_not_record_cases_get_403_on_the_new_case_pages(login, person):
    client = login(person)
    assert client.get(reverse("casework:new")).status_code == 403
    assert client.get(reverse("casework:create", args=["trafficking"])).status_code == 403
    assert client.post(reverse("casework:create", args=["trafficking"])).status_code == 403
    assert not Case.objects.exists()


def test_a_regional_coordinator_sees_a_case_but_gets_403_on_editing_or_submitting_it(login, case):
    client = login("regional")
    detail = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert reverse("casework:edit", args=[case.pk]) not in detail
    assert client.get(reverse("casework:edit", args=[case.pk])).status_code == 403
    assert client.post(reverse("casework:submit", args=[case.pk])).status_code == 403


def test_a_national_coordinator_sees_the_cases_of_every_organisation_of_their_territory(
    login, region
):
    police = record(region.users["caseworker_rs_police"])
    ngo = record(region.users["caseworker_rs_ngo"])
    albanian = record(region.users["caseworker_al_ngo"])

    listed = login("national_rs").get(reverse("casework:list")).content.decode()

    assert police.reference in listed
    assert ngo.reference in listed
    assert albanian.reference not in listed


def test_signing_in_comes_first(client, case):
    response = client.get(reverse("casework:detail", args=[case.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("person", "links"),
    [("caseworker_rs_ngo", True), ("regional", False), ("viewer", False)],
)
def test_the_navigation_offers_my_cases_and_new_case_to_those_who_record(login, person, links):
    home = login(person).get(reverse("home")).content.decode()
    assert (f'href="{reverse("casework:new")}"' in home) is links
    assert (f'href="{reverse("casework:list")}"' in home) is (person != "viewer")
