"""Editing a case from its page: pre-filled, versioned, and only while draft or returned."""

import pytest
from django.urls import reverse

from casework.models import Case, Status
from casework.services import case_update
from tests.casework.cases import record, smuggling_data, trafficking_data
from tests.casework.pages.posts import as_post, formset, hidden_value


def edit_post(case, case_type="trafficking", **overrides):
    return {**as_post(case_type, **overrides), "version": str(case.version)}


def test_the_edit_form_is_prefilled_with_the_case_and_its_version(login, region):
    case = record(region.users["caseworker_rs_ngo"], "readmission")

    page = login("caseworker_rs_ngo").get(reverse("casework:edit", args=[case.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert hidden_value(html, "version") == "1"
    assert 'value="2013-05"' in html
    assert '<option value="DE" selected>' in html
    assert '<option value="own_national" selected>' in html


def test_an_edit_saves_the_new_values_and_moves_the_version_on(login, region):
    case = record(region.users["caseworker_rs_ngo"])
    client = login("caseworker_rs_ngo")

    response = client.post(
        reverse("casework:edit", args=[case.pk]),
        edit_post(case, exploitation=["sexual", "begging"], country_of_exploitation="DE"),
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.version == 2
    assert case.victim.exploitation == ["sexual", "begging"]
    assert case.victim.scope == "transnational"


def test_editing_the_rows_of_an_incident_replaces_them(login, region):
    case = record(region.users["caseworker_rs_police"], "smuggling")
    client = login("caseworker_rs_police")
    page = client.get(reverse("casework:edit", args=[case.pk])).content.decode()
    assert 'name="migrants-INITIAL_FORMS" value="2"' in page
    post = edit_post(case, "smuggling")
    # Remove the second migrant, keep the first, add a third; facilitators stay as they were.
    migrants = smuggling_data()["migrants"]
    third = {
        "sex": "female",
        "age_group": "27-29",
        "citizenship": "IQ",
        "unaccompanied": False,
        "asylum_requested": True,
    }
    post.update(formset("migrants", [*migrants, third], initial=2, blank=0))
    post["migrants-1-DELETE"] = "on"
    post.update(formset("facilitators", smuggling_data()["facilitators"], initial=1, blank=0))

    response = client.post(reverse("casework:edit", args=[case.pk]), post)

    assert response.status_code == 302
    citizenships = list(case.incident.migrants.values_list("citizenship", flat=True))
    assert citizenships == ["AF", "IQ"]
    assert case.incident.facilitators.count() == 1


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VALIDATED, Status.WITHDRAWN])
def test_editing_a_case_that_is_no_longer_a_draft_is_409(login, region, status):
    case = record(region.users["caseworker_rs_ngo"])
    reason = "checked" if status == Status.WITHDRAWN else ""
    Case.objects.filter(pk=case.pk).update(status=status, status_reason=reason)
    client = login("caseworker_rs_ngo")

    shown = client.get(reverse("casework:edit", args=[case.pk]))
    posted = client.post(reverse("casework:edit", args=[case.pk]), edit_post(case, sex="male"))

    assert shown.status_code == posted.status_code == 409
    assert "Only draft and returned cases can be edited." in posted.content.decode()
    case.refresh_from_db()
    assert (case.version, case.victim.sex) == (1, "female")


def test_a_returned_case_can_be_edited(login, region):
    case = record(region.users["caseworker_rs_ngo"])
    Case.objects.filter(pk=case.pk).update(status=Status.RETURNED, status_reason="wrong month")

    response = login("caseworker_rs_ngo").post(
        reverse("casework:edit", args=[case.pk]), edit_post(case, sex="male")
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.victim.sex == "male"


def test_an_edit_based_on_a_stale_version_is_409_and_changes_nothing(login, region):
    worker = region.users["caseworker_rs_ngo"]
    case = record(worker)
    client = login("caseworker_rs_ngo")
    stale = edit_post(case, sex="male", recruitment="online")
    # Someone else saves the case after this person opened it.
    case_update(
        user=worker, case_id=case.pk, version=1, data=trafficking_data(recruitment="family")
    )

    response = client.post(reverse("casework:edit", args=[case.pk]), stale)

    assert response.status_code == 409
    assert "Someone changed this case since you opened it" in response.content.decode()
    case.refresh_from_db()
    assert case.version == 2
    assert (case.victim.sex, case.victim.recruitment) == ("female", "family")


def test_a_refused_edit_keeps_what_was_typed_and_says_what_is_wrong(login, region):
    case = record(region.users["caseworker_rs_ngo"])
    post = edit_post(case, exploitation=[])

    response = login("caseworker_rs_ngo").post(reverse("casework:edit", args=[case.pk]), post)

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    case.refresh_from_db()
    assert case.version == 1
