import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Action, AuditEvent
from casework.models import Case, DuplicateGroup, DuplicateMember, ImportJob
from tests.casework.imports.files import FILES, csv_to_xlsx, xlsx


@pytest.fixture(autouse=True)
def run_tasks_on_commit(django_capture_on_commit_callbacks):
    """The import task is queued on commit, which a test's transaction never reaches."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def upload(client, case_type, content, name="cases.csv", **extra):
    if isinstance(content, str):
        content = content.encode()
    with _capture(execute=True):
        return client.post(
            "/api/v1/imports/",
            {"case_type": case_type, "file": SimpleUploadedFile(name, content), **extra},
            format="multipart",
        )


def imported(client, case_type, content, name="cases.csv", **extra) -> dict:
    """Send a file and read back its import once the queued task has run."""
    response = upload(client, case_type, content, name, **extra)
    assert response.status_code == 202, response.json()
    return client.get(f"/api/v1/imports/{response.json()['id']}/").json()


@pytest.mark.parametrize("case_type", list(FILES))
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_good_file_of_each_type_lands_whole_and_round_trips(api, case_type, form):
    client = api("caseworker_rs_ngo")
    text = FILES[case_type]
    content, name = (text.encode(), "c.csv") if form == "csv" else (csv_to_xlsx(text), "c.xlsx")
    response = upload(client, case_type, content, name)
    assert response.status_code == 202, response.json()
    job = client.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert (job["status"], job["errors"], job["progress"]) == ("succeeded", [], 100)
    expected_cases = 2
    assert job["created"] == expected_cases
    assert Case.objects.filter(status="submitted", territory="RS").count() == expected_cases

    listed = client.get(f"/api/v1/cases/{case_type}/").json()["results"]
    assert len(listed) == expected_cases
    oldest = listed[-1]
    if case_type == "trafficking":
        assert oldest["exploitation"] == ["sexual", "begging"]
        assert oldest["assistance"] == ["shelter", "legal"]
        assert oldest["identified_month"] == "2013-05"
        assert oldest["external_id"] == "T-1"
    elif case_type == "smuggling":
        assert [m["age_group"] for m in oldest["migrants"]] == ["21-23", "9-17"]
        assert oldest["migrants"][1]["unaccompanied"] is True
        assert oldest["facilitators"] == [
            {"citizenship": "RS", "sex": "male"},
            {"citizenship": "MK", "sex": "male"},
        ]
        assert listed[0]["border_with"] == ""
    else:
        assert oldest["returning_state"] == "DE"
        assert oldest["returned_month"] == "2010-02"
    imported = AuditEvent.objects.filter(action=Action.CASE_IMPORTED)
    assert imported.count() == expected_cases


def test_identity_in_a_file_becomes_a_pseudonym_and_finds_duplicates(api, region):
    from casework.pseudonyms import Identity
    from tests.casework.cases import record

    record(
        region.users["caseworker_rs_police"],
        identity=Identity("Ana", "Petrovic", datetime.date(1990, 2, 3)),
    )
    job = imported(api("caseworker_rs_ngo"), "trafficking", FILES["trafficking"])
    assert job["status"] == "succeeded"
    assert DuplicateGroup.objects.count() == 1
    assert DuplicateMember.objects.count() == 2
    assert ImportJob.objects.get().staged is None


def test_a_csv_with_a_bom_and_semicolons_is_read(api):
    content = "\ufeff" + FILES["readmission"].replace(",", ";")
    assert imported(api("caseworker_rs_ngo"), "readmission", content)["status"] == ("succeeded")


def test_a_spreadsheet_date_in_a_month_column_is_cut_to_its_month(api):
    header = FILES["readmission"].split("\r\n")[0].split(",")
    row = [
        datetime.datetime(2010, 2, 17),
        "male",
        "24-26",
        "RS",
        "DE",
        "own_national",
        "standard",
        "forced",
        "yes",
        "no",
    ]
    job = imported(api("caseworker_rs_ngo"), "readmission", xlsx([header, row]), "r.xlsx")
    assert job["status"] == "succeeded"
    assert Case.objects.get().month == datetime.date(2010, 2, 1)


def bad(case_type: str, old: str, new: str) -> str:
    return FILES[case_type].replace(old, new, 1)


BAD_FILES = {
    "wrong encoding": (
        "readmission",
        FILES["readmission"].replace("male", "mäle").encode("cp1250"),
        [None],
        "UTF-8",
    ),
    "missing column": ("readmission", bad("readmission", "procedure,", ""), [None], "missing"),
    "unknown column": (
        "readmission",
        bad("readmission", "procedure,", "procedure,religion,"),
        [None],
        "Column 8 (H) is not a column",
    ),
    "unknown code": ("readmission", bad("readmission", "forced", "deported"), [2], "Unknown"),
    "formula": ("trafficking", bad("trafficking", "T-1", "=cmd|' /C calc'!A0"), [2], "formula"),
    "bad month": ("trafficking", bad("trafficking", "2013-05", "May 2013"), [2], "YYYY-MM"),
    "partial identity": (
        "trafficking",
        bad("trafficking", "Ана,Петровић,1990-02-03", "Ана,,"),
        [3],
        "identity",
    ),
    "disagreeing incident": (
        "smuggling",
        bad(
            "smuggling",
            "A;2013-07;green_border;MK;entry;on_foot;RS|MK;male|male;male;9-17",
            "A;2013-07;green_border;MK;entry;car;RS|MK;male|male;male;9-17",
        ),
        [3],
        "Differs",
    ),
    "only a header": ("readmission", FILES["readmission"].split("\r\n")[0], [None], "no case"),
    "not a spreadsheet": ("readmission", b"PK\x03\x04garbage", [None], "XLSX"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gives_a_clear_error_and_writes_nothing(api, name):
    case_type, content, rows, words = BAD_FILES[name]
    body = imported(api("caseworker_rs_ngo"), case_type, content)
    assert body["status"] == "failed"
    assert [e["row"] for e in body["errors"]] == rows
    assert words in body["errors"][0]["message"]
    assert not Case.objects.exists()


def test_an_empty_file_is_refused_at_once(api):
    response = upload(api("caseworker_rs_ngo"), "readmission", "")
    assert response.status_code == 400
    assert "empty" in response.json()["file"][0]
    assert not ImportJob.objects.exists()


def test_every_bad_row_is_reported_with_its_number_and_field(api):
    content = FILES["readmission"].replace("DE", "XX").replace("no,yes", "no,maybe")
    body = imported(api("caseworker_rs_ngo"), "readmission", content)
    assert {(e["row"], e["field"]) for e in body["errors"]} == {
        (2, "returning_state"),
        (3, "reintegration_assistance"),
    }


def test_an_external_id_already_used_fails_the_whole_file(api, region):
    from tests.casework.cases import record

    record(region.users["caseworker_rs_ngo"], external_id="T-2")
    body = imported(api("caseworker_rs_ngo"), "trafficking", FILES["trafficking"])
    assert body["status"] == "failed"
    assert body["errors"] == [
        {
            "row": 3,
            "field": "external_id",
            "message": "The organisation has a case with this external id already.",
        }
    ]
    assert Case.objects.count() == 1


def test_a_file_over_the_limit_is_413_at_once(api, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(api("caseworker_rs_ngo"), "readmission", "x" * 2048)
    assert response.status_code == 413
    assert "larger" in response.json()["detail"]
    assert not ImportJob.objects.exists()


def test_a_50_mb_file_is_refused_with_413(api):
    response = upload(api("caseworker_rs_ngo"), "readmission", b"a,b\r\n" * (10 * 1024 * 1024))
    assert response.status_code == 413


def test_an_xlsx_zip_bomb_is_refused(api):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", "0" * (300 * 1024 * 1024))
    body = imported(api("caseworker_rs_ngo"), "readmission", buffer.getvalue(), "b.xlsx")
    assert body["status"] == "failed"
    assert "zip bomb" in body["errors"][0]["message"]


def test_an_xml_entity_bomb_in_an_xlsx_is_refused(api):
    content = csv_to_xlsx(FILES["readmission"])
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<worksheet>&lol2;</worksheet>"
    )
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, lol if item.filename.endswith("sheet1.xml") else data)
    body = imported(api("caseworker_rs_ngo"), "readmission", buffer.getvalue(), "x.xlsx")
    assert body["status"] == "failed"
    assert not Case.objects.exists()


@pytest.mark.parametrize("person", ["regional", "viewer", "administrator"])
def test_roles_that_do_not_import_get_403(api, region, person):
    response = upload(api(person), "readmission", FILES["readmission"], organisation="Atina")
    assert response.status_code == 403


def test_a_national_coordinator_imports_for_an_organisation_of_the_territory(api, region):
    client = api("national_rs")
    assert upload(client, "readmission", FILES["readmission"]).status_code == 400
    foreign = upload(
        client, "readmission", FILES["readmission"], organisation="Different and Equal"
    )
    assert foreign.status_code == 400
    job = imported(client, "readmission", FILES["readmission"], organisation="Atina")
    assert job["status"] == "succeeded"


def test_an_import_out_of_scope_is_404(api):
    job = imported(api("caseworker_rs_ngo"), "readmission", FILES["readmission"])
    assert api("caseworker_rs_police").get(f"/api/v1/imports/{job['id']}/").status_code == 404
    assert api("national_al").get(f"/api/v1/imports/{job['id']}/").status_code == 404
    assert api("national_rs").get(f"/api/v1/imports/{job['id']}/").status_code == 200


def test_a_coordinator_validates_a_whole_import(api):
    job = imported(api("caseworker_rs_ngo"), "smuggling", FILES["smuggling"])
    assert (
        api("caseworker_rs_ngo").post(f"/api/v1/imports/{job['id']}/validate/").status_code == 403
    )
    assert api("national_al").post(f"/api/v1/imports/{job['id']}/validate/").status_code == 404
    response = api("national_rs").post(f"/api/v1/imports/{job['id']}/validate/")
    assert response.json() == {"validated": 2}
    assert set(Case.objects.values_list("status", "version")) == {("validated", 2)}
    assert AuditEvent.objects.filter(action=Action.CASE_VALIDATED).count() == 2
    again = api("national_rs").post(f"/api/v1/imports/{job['id']}/validate/")
    assert (again.status_code, again.json()) == (200, {"validated": 0})
    assert AuditEvent.objects.filter(action=Action.CASE_VALIDATED).count() == 2


def test_the_albania_reference_imports_whole(api, region, tmp_path):
    """UNODC's Albania 2009–2013 figures, as one case record per victim."""

    from tests.casework.imports.reference import albania_cases_csv, albania_reference

    reference = albania_reference()
    content = albania_cases_csv(reference)
    job = imported(api("caseworker_al_ngo"), "trafficking", content)
    assert job["status"] == "succeeded", job["errors"][:3]
    totals = {int(r["year"]): int(r["value"]) for r in reference if r["table"] == "thb_victims"}
    assert job["created"] == sum(totals.values())
    for year, total in totals.items():
        assert Case.objects.filter(territory="AL", month__year=year).count() == total


def test_an_error_never_repeats_a_cell_that_could_be_a_name(api):
    content = FILES["readmission"].replace("DE", "Jovana Petrović 1990")
    body = imported(api("caseworker_rs_ngo"), "readmission", content)
    assert body["status"] == "failed"
    assert "Jovana" not in str(body["errors"])
    assert body["errors"][0]["field"] == "returning_state"


def test_a_birth_date_a_spreadsheet_made_a_date_keeps_its_day(api):
    header = FILES["readmission"].split("\r\n")[0].split(",")
    header += ["given_names", "family_name", "date_of_birth"]
    row = [
        "2010-02",
        "male",
        "24-26",
        "RS",
        "DE",
        "own_national",
        "standard",
        "forced",
        "yes",
        "no",
        "Ana",
        "Kovač",
        datetime.datetime(1990, 2, 17),
    ]
    job = imported(api("caseworker_rs_ngo"), "readmission", xlsx([header, row]), "r.xlsx")
    assert job["status"] == "succeeded", job["errors"]


def test_a_file_name_that_starts_a_formula_is_refused_and_nothing_is_stored(api):
    response = upload(
        api("caseworker_rs_ngo"), "trafficking", FILES["trafficking"], name='=HYPERLINK("x").csv'
    )
    assert response.status_code == 400
    assert "file" in response.json()
    assert not ImportJob.objects.exists()


def test_a_date_a_spreadsheet_made_of_a_cell_outside_a_month_column_keeps_its_day(api):
    header = ["external_id", *FILES["readmission"].split("\r\n")[0].split(",")]
    row = [datetime.datetime(2013, 5, 17), "2010-02", "male", "24-26", "RS", "DE"]
    row += ["own_national", "standard", "forced", "yes", "no"]
    job = imported(api("caseworker_rs_ngo"), "readmission", xlsx([header, row]), "r.xlsx")
    assert job["status"] == "succeeded", job["errors"]
    assert Case.objects.get().external_id == "2013-05-17"
