"""An organisation outside the user's scope answers exactly as one that does not exist: no
door (API create and import, pages, admin) tells the two apart."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Case, ImportJob
from tests.casework.admin.helpers import CHANGELIST, listed
from tests.casework.api.test_case_api import PAYLOADS, url
from tests.casework.cases import record
from tests.casework.imports.files import FILES
from tests.casework.pages.posts import as_post

NO_SUCH_ID = 10**9


def _answer(response) -> tuple:
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("person", "out_of_scope"),
    [
        ("national_rs", "Different and Equal"),  # an organisation of another territory
        ("caseworker_rs_ngo", "Serbian Border Police"),  # another organisation of the territory
    ],
)
def test_creating_a_case_for_an_organisation_out_of_scope_answers_as_for_none(
    api, region, person, out_of_scope
):
    client = api(person)
    organisation = _organisation_named(region, out_of_scope)

    def create(named):
        body = {**PAYLOADS["readmission"], "organisation": named}
        return _answer(client.post(url("readmission"), body, format="json"))

    missing = create("No Such Organisation")
    assert missing[0] == 400
    assert create(out_of_scope) == missing
    assert create(organisation.pk) == create(NO_SUCH_ID) == missing
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("person", "out_of_scope"),
    [("national_rs", "Different and Equal"), ("caseworker_rs_ngo", "Serbian Border Police")],
)
def test_importing_for_an_organisation_out_of_scope_answers_as_for_none(
    api, region, person, out_of_scope
):
    client = api(person)

    def send(named):
        data = {
            "case_type": "readmission",
            "organisation": named,
            "file": SimpleUploadedFile("cases.csv", FILES["readmission"].encode()),
        }
        return _answer(client.post("/api/v1/imports/", data, format="multipart"))

    missing = send("No Such Organisation")
    assert missing[0] == 400
    assert send(out_of_scope) == missing
    assert send(str(_organisation_named(region, out_of_scope).pk)) == send(str(NO_SUCH_ID))
    assert not ImportJob.objects.exists()


def test_beside_other_field_errors_an_organisation_out_of_scope_answers_as_for_none(api, region):
    client = api("national_rs")

    def create(named):
        body = {**PAYLOADS["readmission"], "sex": "unknown-sex", "organisation": named}
        return _answer(client.post(url("readmission"), body, format="json"))

    missing = create("No Such Organisation")
    assert missing[0] == 400
    assert "organisation" in missing[1]
    assert create("Different and Equal") == missing


def test_a_caseworker_may_still_name_their_own_organisation(api, region):
    body = {**PAYLOADS["readmission"], "organisation": "Atina"}
    response = api("caseworker_rs_ngo").post(url("readmission"), body, format="json")
    assert response.status_code == 201
    assert response.json()["organisation"] == region.organisations["rs_ngo"].pk


def test_the_pages_answer_an_organisation_out_of_scope_as_one_that_does_not_exist(client, region):
    client.force_login(region.users["national_rs"])
    foreign = region.organisations["al_ngo"].pk

    def create(organisation):
        post = {**as_post("readmission"), "organisation": organisation}
        response = client.post(reverse("casework:create", args=["readmission"]), post)
        return response.status_code, _errors(response, "entry")

    def send(organisation):
        data = {
            "case_type": "readmission",
            "organisation": organisation,
            "file": SimpleUploadedFile("cases.csv", FILES["readmission"].encode()),
        }
        response = client.post(reverse("casework:import"), data)
        return response.status_code, _errors(response, "form")

    assert create(foreign) == create(NO_SUCH_ID)
    assert create(foreign)[0] == 400
    assert send(foreign) == send(NO_SUCH_ID)
    assert not Case.objects.exists()


def test_the_admin_lists_an_organisation_out_of_scope_as_one_that_does_not_exist(client, region):
    record(region.users["caseworker_al_ngo"])
    record(region.users["caseworker_rs_ngo"])
    client.force_login(region.users["national_rs"])
    foreign = region.organisations["al_ngo"].pk

    def filtered(organisation):
        response = client.get(CHANGELIST, {"organisation__id__exact": organisation})
        return response.status_code, listed(response)

    assert filtered(foreign) == filtered(NO_SUCH_ID)
    assert filtered(foreign)[0] == 200


def _organisation_named(region, name):
    [organisation] = [o for o in region.organisations.values() if o.name == name]
    return organisation


def _errors(response, name) -> dict:
    form = response.context[name]
    form = getattr(form, "form", form)
    return {field: list(errors) for field, errors in form.errors.items()}
