"""References: territory, type, year and a random code that counts nothing, never twice."""

import re

import pytest
from django.urls import reverse

from casework import references
from casework.imports.services import import_receive, import_run
from casework.models import Case
from casework.references import references_new
from tests.casework.cases import record
from tests.casework.imports.files import READMISSION_HEADER, READMISSION_ROW
from tests.casework.pages.posts import as_post, hidden_value
from tests.factories import CaseFactory

# Crockford's base32: digits and letters but I, L, O and U.
CODE = "[0-9A-HJKMNP-TV-Z]{8}"


def code_of(reference: str) -> str:
    return reference.rsplit("-", 1)[1]


def as_number(code: str) -> int:
    return int(
        code.translate(str.maketrans("ABCDEFGHJKMNPQRSTVWXYZ", "abcdefghijklmnopqrstuv")), 32
    )


def draws(*codes_in_turn):
    """A stand-in for the random draw that gives these codes, one list a call, in turn."""
    turns = iter(codes_in_turn)
    return lambda count: next(turns)


def test_a_reference_is_the_territory_the_type_the_year_and_eight_unambiguous_symbols(region):
    case = record(region.users["caseworker_rs_ngo"])
    assert re.fullmatch(f"RS-THB-2013-{CODE}", case.reference)
    assert re.fullmatch(
        f"AL-SOM-2013-{CODE}", record(region.users["caseworker_al_ngo"], "smuggling").reference
    )


def test_two_consecutive_cases_references_tell_nothing_of_how_many_came_before(region):
    caseworker = region.users["caseworker_rs_ngo"]
    first, second = record(caseworker), record(caseworker)
    assert first.reference != second.reference
    assert abs(as_number(code_of(second.reference)) - as_number(code_of(first.reference))) > 1
    for reference in (first.reference, second.reference):
        assert not re.search(r"-0+[12]$", reference)


def test_the_references_of_one_draw_are_all_different_even_when_the_draw_repeats(monkeypatch):
    monkeypatch.setattr(references, "random_codes", draws(["A" * 8] * 3, ["B" * 8, "C" * 8]))
    drawn = references_new(territory="RS", case_type="readmission", years=[2013, 2013, 2012])
    assert drawn == ["RS-RDM-2013-AAAAAAAA", "RS-RDM-2013-BBBBBBBB", "RS-RDM-2012-CCCCCCCC"]


def test_a_draw_for_many_cases_at_once_gives_each_year_its_codes_in_ascending_order(monkeypatch):
    monkeypatch.setattr(references, "random_codes", draws(["Z" * 8, "B" * 8, "A" * 8]))
    drawn = references_new(
        territory="RS", case_type="readmission", years=[2013, 2012, 2013], ascending=True
    )
    assert drawn == ["RS-RDM-2013-BBBBBBBB", "RS-RDM-2012-AAAAAAAA", "RS-RDM-2013-ZZZZZZZZ"]


def test_a_new_case_whose_drawn_reference_an_earlier_case_holds_draws_again(region, monkeypatch):
    caseworker = region.users["caseworker_rs_ngo"]
    earlier = record(caseworker)
    monkeypatch.setattr(
        references, "random_codes", draws([code_of(earlier.reference)], ["7K3QX9A2"])
    )
    case = record(caseworker)
    assert case.reference == "RS-THB-2013-7K3QX9A2"
    assert Case.objects.count() == 2


def test_a_case_is_refused_when_every_draw_is_taken(region, monkeypatch):
    from django.core.exceptions import ValidationError

    caseworker = region.users["caseworker_rs_ngo"]
    taken = code_of(record(caseworker).reference)
    monkeypatch.setattr(references, "random_codes", lambda count: [taken] * count)
    with pytest.raises(ValidationError):
        record(caseworker)
    assert Case.objects.count() == 1


def test_a_case_recorded_on_the_page_gets_a_random_reference(client, region):
    client.force_login(region.users["caseworker_rs_ngo"])
    page = client.get(reverse("casework:create", args=["readmission"]))
    key = hidden_value(page.content.decode(), "submission_key")
    client.post(
        reverse("casework:create", args=["readmission"]),
        {**as_post("readmission"), "submission_key": key},
    )
    assert re.fullmatch(f"RS-RDM-2013-{CODE}", Case.objects.get().reference)


def test_a_case_recorded_through_the_api_gets_a_random_reference(api, region):
    from tests.casework.api.test_case_api import PAYLOADS

    created = api("caseworker_al_ngo").post(
        "/api/v1/cases/readmission/", PAYLOADS["readmission"], format="json"
    )
    assert created.status_code == 201, created.json()
    assert re.fullmatch(f"AL-RDM-\\d{{4}}-{CODE}", created.json()["reference"])


def _imported(region, months):
    content = READMISSION_HEADER + "\r\n"
    content += "".join(READMISSION_ROW.replace("2010-02", m) + "\r\n" for m in months)
    job = import_receive(
        user=region.users["caseworker_rs_ngo"],
        case_type="readmission",
        file_name="r.csv",
        content=content.encode(),
        queue=False,
    )
    return import_run(import_id=job.pk)


def test_imported_cases_get_random_references_each_of_its_year(region):
    job = _imported(region, ["2013-01", "2012-01", "2013-02"])
    assert job.status == "succeeded", job.errors
    found = sorted(Case.objects.values_list("reference", flat=True))
    assert len(set(found)) == 3
    assert [reference[:12] for reference in found] == [
        "RS-RDM-2012-",
        "RS-RDM-2013-",
        "RS-RDM-2013-",
    ]
    assert all(re.fullmatch(f"RS-RDM-20\\d\\d-{CODE}", reference) for reference in found)


def test_an_import_that_draws_a_reference_an_earlier_case_holds_draws_the_part_again(
    region, monkeypatch
):
    earlier = CaseFactory(reference="RS-RDM-2013-7K3QX9A2")
    monkeypatch.setattr(
        references, "random_codes", draws(["7K3QX9A2", "AAAAAAAA"], ["BBBBBBBB", "CCCCCCCC"])
    )
    job = _imported(region, ["2013-01", "2013-02"])
    assert (job.status, job.created) == ("succeeded", 2), job.errors
    assert set(Case.objects.exclude(pk=earlier.pk).values_list("reference", flat=True)) == {
        "RS-RDM-2013-BBBBBBBB",
        "RS-RDM-2013-CCCCCCCC",
    }
