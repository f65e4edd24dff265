"""No text of an uploaded file is kept or shown outside the column it was meant for: errors
say where (row, column, position) and, when close, which known name or code was meant."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Case, ImportJob
from tests.casework.imports.files import FILES, READMISSION_HEADER, READMISSION_ROW

NAME, BORN = "Jovana", "1990-02-03"  # what a file may hold in the wrong place

# A trafficking file whose header row was left off: its first row is a person.
WITHOUT_HEADER = (
    f"T-1,2013-05,female,9-17,RS,identified,sexual,RS,police,online,shelter,{NAME},Kovač,{BORN}\r\n"
    "T-2,2012-11,male,30-38,AL,presumed,forced_labour,IT,ngo,,,Ana,Petrović,1991-04-05\r\n"
)


def _import(client, case_type: str, content: str, capture) -> dict:
    with capture(execute=True):
        response = client.post(
            "/api/v1/imports/",
            {"case_type": case_type, "file": SimpleUploadedFile("c.csv", content.encode())},
            format="multipart",
        )
    assert response.status_code == 202, response.json()
    return client.get(f"/api/v1/imports/{response.json()['id']}/").json()


def _everything_kept_and_shown(job: dict, client) -> str:
    """The import as the API, the import page and the database hold it."""
    stored = ImportJob.objects.get(pk=job["id"])
    page = client.get(f"/cases/import/{job['id']}/").content.decode()
    return json.dumps(job, ensure_ascii=False) + page + str(stored.errors) + str(stored.staged)


@pytest.fixture
def both(api, client, region):
    """The API and the pages, as the same caseworker."""
    client.force_login(region.users["caseworker_rs_ngo"])
    return api("caseworker_rs_ngo"), client


def test_a_file_without_a_header_row_is_reported_as_such_and_none_of_its_cells_is_kept(
    both, django_capture_on_commit_callbacks, caplog
):
    api, client = both
    with caplog.at_level(logging.DEBUG):
        job = _import(api, "trafficking", WITHOUT_HEADER, django_capture_on_commit_callbacks)
    assert job["status"] == "failed"
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(None, None)]
    assert "no header row" in job["errors"][0]["message"]
    kept = _everything_kept_and_shown(job, client) + caplog.text
    for cell in (NAME, "Kovač", BORN, "Petrović", "1991-04-05", "T-1", "shelter"):
        assert cell not in kept
    assert ImportJob.objects.get().staged is None
    assert not Case.objects.exists()


def test_an_unknown_column_is_reported_by_its_position_and_the_name_it_may_have_meant(
    both, django_capture_on_commit_callbacks
):
    api, client = both
    header = READMISSION_HEADER.replace("procedure", "Procedures") + f",{NAME} Kovač {BORN}"
    job = _import(
        api,
        "readmission",
        f"{header}\r\n{READMISSION_ROW},\r\n",
        django_capture_on_commit_callbacks,
    )
    assert [(e["row"], e["field"], e["message"]) for e in job["errors"]] == [
        (None, None, "Column 7 (G) is not a column of this case type. Did you mean 'procedure'?"),
        (None, None, "Column 11 (K) is not a column of this case type."),
        (None, "procedure", "The column 'procedure' is missing."),
    ]
    kept = _everything_kept_and_shown(job, client)
    assert NAME not in kept and BORN not in kept and "Procedures" not in kept


def test_a_spreadsheet_letters_its_columns_past_z_as_the_errors_do():
    from casework.imports.checking import column_letter

    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


# Cells that an error is about, each holding a name where a code or a reference belongs.
MISPLACED = {
    "a name in a code column": (
        "readmission",
        FILES["readmission"].replace("male,24-26", f"{NAME},24-26", 1),
        (2, "sex"),
    ),
    "a name in a list of codes": (
        "trafficking",
        FILES["trafficking"].replace("sexual|begging", f"sexual|{NAME}"),
        (2, "exploitation"),
    ),
    "a name as an incident's reference whose rows disagree": (
        "smuggling",
        FILES["smuggling"]
        .replace("A;", f"{NAME};")
        .replace("on_foot;RS|MK;male|male;male;9-17", "car;RS|MK;male|male;male;9-17"),
        (3, "transport"),
    ),
    "a name as a formula": (
        "readmission",
        FILES["readmission"].replace("DE", f"={NAME}", 1),
        (2, "returning_state"),
    ),
}


@pytest.mark.parametrize("name", list(MISPLACED))
def test_an_error_about_a_cell_names_its_row_and_column_never_what_it_holds(
    both, django_capture_on_commit_callbacks, name
):
    api, client = both
    case_type, content, where = MISPLACED[name]
    job = _import(api, case_type, content, django_capture_on_commit_callbacks)
    assert job["status"] == "failed"
    assert [(e["row"], e["field"]) for e in job["errors"]] == [where]
    assert NAME not in _everything_kept_and_shown(job, client)


def test_an_unknown_code_is_reported_with_the_code_it_may_have_meant(
    both, django_capture_on_commit_callbacks
):
    api, _client = both
    content = FILES["trafficking"].replace("sexual|begging", "sexual|beging|sexual_x")
    job = _import(api, "trafficking", content, django_capture_on_commit_callbacks)
    assert [e["message"] for e in job["errors"]] == [
        "Unknown code in place 2, 3 of the list (split by |)."
    ]
    content = FILES["readmission"].replace("male,24-26", "Mal,24-26", 1)
    job = _import(api, "readmission", content, django_capture_on_commit_callbacks)
    assert [e["message"] for e in job["errors"]] == [
        "Unknown code: not one of this column's codes. Did you mean 'male'?"
    ]


def test_an_external_id_used_before_is_reported_by_its_row_not_repeated(
    both, django_capture_on_commit_callbacks, region
):
    from tests.casework.cases import record

    api, client = both
    record(region.users["caseworker_rs_ngo"], external_id=f"{NAME} {BORN}")
    content = FILES["trafficking"].replace("T-2", f"{NAME} {BORN}")
    job = _import(api, "trafficking", content, django_capture_on_commit_callbacks)
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(3, "external_id")]
    assert NAME not in _everything_kept_and_shown(job, client)
