"""Recording cases from the pages alone: each type, the smuggling rows, double submits, ages."""

import pytest
from django.urls import reverse

from casework.models import Case, Status
from tests.casework.pages.posts import as_post, hidden_value


def record_from_the_page(client, case_type, **post):
    page = client.get(reverse("casework:create", args=[case_type]))
    assert page.status_code == 200
    key = hidden_value(page.content.decode(), "submission_key")
    return client.post(
        reverse("casework:create", args=[case_type]), {**post, "submission_key": key}
    )


@pytest.mark.parametrize("case_type", ["trafficking", "smuggling", "readmission"])
def test_a_caseworker_records_a_case_sees_it_in_the_list_and_submits_it(login, case_type):
    client = login("caseworker_rs_ngo")

    saved = record_from_the_page(client, case_type, **as_post(case_type))

    case = Case.objects.get()
    assert saved.status_code == 302
    assert saved.url == reverse("casework:detail", args=[case.pk])
    assert (case.case_type, case.status, case.month.isoformat()) == (
        case_type,
        Status.DRAFT,
        "2013-05-01",
    )
    detail = client.get(saved.url)
    assert detail.status_code == 200
    assert case.reference in detail.content.decode()
    assert case.reference in client.get(reverse("casework:list")).content.decode()

    submitted = client.post(
        reverse("casework:submit", args=[case.pk]), {"version": str(case.version)}
    )

    assert submitted.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_the_smuggling_rows_become_migrants_and_facilitators_and_blank_rows_are_skipped(login):
    client = login("caseworker_rs_police")

    record_from_the_page(client, "smuggling", **as_post("smuggling"))

    incident = Case.objects.get().incident
    migrants = list(
        incident.migrants.values(
            "sex", "age_group", "citizenship", "unaccompanied", "asylum_requested"
        )
    )
    assert migrants == [
        {
            "sex": "male",
            "age_group": "24-26",
            "citizenship": "AF",
            "unaccompanied": False,
            "asylum_requested": True,
        },
        {
            "sex": "male",
            "age_group": "9-17",
            "citizenship": "SY",
            "unaccompanied": True,
            "asylum_requested": False,
        },
    ]
    assert list(incident.facilitators.values("citizenship", "sex")) == [
        {"citizenship": "RS", "sex": "male"}
    ]


def test_an_incident_without_migrants_is_refused_with_400(login):
    client = login("caseworker_rs_police")
    post = as_post("smuggling", migrants=[])

    response = client.post(reverse("casework:create", args=["smuggling"]), post)

    assert response.status_code == 400
    assert "Record at least one migrant." in response.content.decode()
    assert not Case.objects.exists()


def test_save_and_submit_records_and_submits_in_one_go(login):
    client = login("caseworker_rs_ngo")

    record_from_the_page(client, "readmission", **as_post("readmission", action="submit"))

    assert Case.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize("action", ["draft", "submit"])
def test_a_double_submit_with_one_submission_key_records_one_case(login, action):
    client = login("caseworker_rs_ngo")
    page = client.get(reverse("casework:create", args=["trafficking"]))
    post = {
        **as_post("trafficking", action=action),
        "submission_key": hidden_value(page.content.decode(), "submission_key"),
    }

    first = client.post(reverse("casework:create", args=["trafficking"]), post)
    second = client.post(reverse("casework:create", args=["trafficking"]), post)

    case = Case.objects.get()
    assert first.url == second.url == reverse("casework:detail", args=[case.pk])
    assert case.status == (Status.SUBMITTED if action == "submit" else Status.DRAFT)


@pytest.mark.parametrize(("years", "band"), [(0, "0-8"), (17, "9-17"), (18, "18-20"), (52, "48+")])
def test_an_age_in_years_is_kept_only_as_its_band(login, years, band):
    client = login("caseworker_rs_ngo")
    post = as_post("trafficking", age_group="")
    post["age_years"] = str(years)

    response = client.post(reverse("casework:create", args=["trafficking"]), post)

    assert response.status_code == 302
    assert Case.objects.get().victim.age_group == band


def test_an_age_in_years_goes_into_a_migrants_band_too(login):
    client = login("caseworker_rs_police")
    post = as_post("smuggling")
    post["migrants-0-age_group"] = ""
    post["migrants-0-age_years"] = "33"

    client.post(reverse("casework:create", args=["smuggling"]), post)

    assert Case.objects.get().incident.migrants.first().age_group == "30-38"


def test_neither_an_age_nor_an_age_group_is_a_field_error(login):
    client = login("caseworker_rs_ngo")

    response = client.post(
        reverse("casework:create", args=["trafficking"]), as_post("trafficking", age_group="")
    )

    assert response.status_code == 400
    assert "Give an age in years or choose an age group." in response.content.decode()


def test_the_month_defaults_to_the_current_month_and_refuses_the_future(login):
    client = login("caseworker_rs_ngo")
    page = client.get(reverse("casework:create", args=["readmission"])).content.decode()
    from casework.forms import this_month

    assert f'value="{this_month():%Y-%m}"' in page
    future = this_month().replace(year=this_month().year + 1)
    response = client.post(
        reverse("casework:create", args=["readmission"]), as_post("readmission", month=future)
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_a_national_coordinator_records_for_an_organisation_of_their_territory(login, region):
    client = login("national_rs")
    page = client.get(reverse("casework:create", args=["trafficking"])).content.decode()
    assert "Atina" in page
    assert "Different and Equal" not in page  # an Albanian organisation

    post = {**as_post("trafficking"), "organisation": region.organisations["rs_ngo"].pk}
    response = client.post(reverse("casework:create", args=["trafficking"]), post)

    assert response.status_code == 302
    assert Case.objects.get().organisation == region.organisations["rs_ngo"]


def test_a_national_coordinator_cannot_record_for_another_territory(login, region):
    client = login("national_rs")
    post = {**as_post("trafficking"), "organisation": region.organisations["al_ngo"].pk}

    response = client.post(reverse("casework:create", args=["trafficking"]), post)

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_an_unknown_case_type_is_not_found(login):
    client = login("caseworker_rs_ngo")
    assert client.get(reverse("casework:create", args=["asylum"])).status_code == 404
