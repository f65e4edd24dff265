"""How an import reads a file's rows a column at a time, writes them, and audits them."""

import gc
import io
import zipfile

from audit.models import Action, AuditEvent
from casework.imports.services import import_receive, import_run
from casework.models import Case
from tests.casework.imports.files import FILES, READMISSION_HEADER, READMISSION_ROW, csv_to_xlsx

HEADER, GOOD = READMISSION_HEADER, READMISSION_ROW


def receive(region, content: str | bytes, case_type="readmission", file_name="cases.csv"):
    return import_receive(
        user=region.users["caseworker_rs_ngo"],
        case_type=case_type,
        file_name=file_name,
        content=content.encode() if isinstance(content, str) else content,
        queue=False,
    )


def imported(region, content: str, case_type: str = "readmission"):
    """Receive a file and run its import (which checks its rows)."""
    return import_run(import_id=receive(region, content, case_type).pk)


def test_errors_are_reported_in_the_order_of_the_file(region):
    rows = [
        GOOD.replace("male", "mal").replace("DE", "XX"),  # row 2: sex, returning_state
        GOOD.replace("male", "mal"),  # row 3: sex
        GOOD.replace("standard", ""),  # row 4: procedure
    ]
    job = imported(region, "\r\n".join([HEADER, *rows]) + "\r\n")
    assert job.status == "failed"
    assert [(e["row"], e["field"]) for e in job.errors] == [
        (2, "sex"),
        (2, "returning_state"),
        (3, "sex"),
        (4, "procedure"),
    ]
    assert job.errors[-1]["message"] == "This cell is required."


def test_blank_rows_are_skipped_padded_cells_stripped_and_a_long_row_refused(region):
    rows = [
        " 2010-02 , male ,24-26,RS,DE,own_national,standard,forced,yes,no",  # row 2
        ",,,,,,,,,",  # row 3: what spreadsheets leave behind
        " , ,  ,,,,,,,",  # row 4: blank too
        GOOD + ",,",  # row 5: empty cells past the header are nothing
        GOOD + ",surplus",  # row 6
    ]
    job = imported(region, "\r\n".join([HEADER, *rows]) + "\r\n")
    assert job.errors == [
        {"row": 6, "field": None, "message": "The row has more cells than the header."}
    ]

    job = imported(region, "\r\n".join([HEADER, *rows[:4]]) + "\r\n")
    assert (job.status, job.rows, job.created) == ("succeeded", 2, 2), job.errors
    assert list(Case.objects.values_list("returnee__sex", flat=True)) == ["male", "male"]


def test_an_external_id_with_tabs_backslashes_and_line_breaks_is_stored_as_written(region):
    written = 'tab\there, back\\slash, "quoted"\nand a new line'
    quoted = '"' + written.replace('"', '""') + '"'
    content = "external_id," + HEADER + "\r\n" + quoted + "," + GOOD + "\r\n"
    job = import_run(import_id=receive(region, content).pk)
    assert job.status == "succeeded", job.errors
    assert Case.objects.get().external_id == written


def test_each_imported_case_is_audited_once_as_imported_by_its_importer(region):
    job = import_run(import_id=receive(region, FILES["trafficking"], "trafficking").pk)
    events = AuditEvent.objects.filter(action=Action.CASE_IMPORTED)
    assert sorted(events.values_list("case_id", flat=True)) == sorted(
        Case.objects.values_list("pk", flat=True)
    )
    assert {(e.actor_id, e.territory, e.reason, str(e.changes), str(e.detail)) for e in events} == {
        (region.users["caseworker_rs_ngo"].pk, "RS", "", "{}", str({"import": job.pk}))
    }


def test_the_cycle_collector_runs_again_after_an_import_good_or_bad(region):
    imported(region, FILES["readmission"].replace("DE", "XX"))
    assert gc.isenabled()
    imported(region, FILES["readmission"])
    assert gc.isenabled()


def test_an_external_id_over_100_characters_is_refused(region):
    content = f"external_id,{HEADER}\r\nE-1,{GOOD}\r\n{'x' * 101},{GOOD}\r\n{'y' * 100},{GOOD}\r\n"
    job = imported(region, content)
    assert job.errors == [{"row": 3, "field": "external_id", "message": "At most 100 characters."}]


def test_a_file_loaded_in_several_parts_lands_whole_each_case_with_its_record_and_event(
    region, monkeypatch
):
    # The load goes a part at a time (the next checked while one is written); parts of 3
    # make a 10-case file take four, the last one short.
    monkeypatch.setattr("casework.imports.services.PART", 3)
    months = [f"2010-{month:02d}" for month in range(1, 11)]
    rows = [GOOD.replace("2010-02", month, 1) for month in months]
    content = "external_id," + HEADER + "\r\n"
    content += "".join(f"P-{n},{row}\r\n" for n, row in enumerate(rows))
    job = import_run(import_id=receive(region, content).pk)
    assert job.status == "succeeded", job.errors
    cases = Case.objects.filter(import_job=job).select_related("returnee").order_by("pk")
    assert [(c.external_id, f"{c.month:%Y-%m}") for c in cases] == [
        (f"P-{n}", month) for n, month in enumerate(months)
    ]
    assert all(c.returnee.returning_state == "DE" for c in cases)
    events = AuditEvent.objects.filter(action=Action.CASE_IMPORTED)
    assert sorted(events.values_list("case_id", flat=True)) == [c.pk for c in cases]


def test_a_bad_row_in_a_later_part_undoes_the_earlier_parts_and_every_error_is_reported(
    region, monkeypatch
):
    monkeypatch.setattr("casework.imports.services.PART", 2)
    rows = [f"A-{n},{GOOD}" for n in range(5)]
    rows[3] = rows[3].replace("DE", "XX")  # row 5, in the second part
    rows[4] = "A-0," + GOOD  # row 6, in the third part: row 2's external id again
    job = imported(region, "external_id," + HEADER + "\r\n" + "\r\n".join(rows) + "\r\n")
    assert job.status == "failed"
    assert [(e["row"], e["field"], e["message"]) for e in job.errors] == [
        (5, "returning_state", "Unknown code: not one of this column's codes."),
        (6, "external_id", "Also in row 2."),
    ]
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CASE_IMPORTED).exists()
    assert job.staged is None


def test_a_file_broken_midway_is_refused_whole(region, monkeypatch):
    monkeypatch.setattr("casework.imports.services.PART", 2)
    content = HEADER + "\r\n" + f"{GOOD}\r\n" * 4 + '2010-02,"male\r\n'  # a quote never closed
    job = imported(region, content)
    assert job.status == "failed"
    assert job.errors[0]["row"] is None and "not valid CSV" in job.errors[0]["message"]
    assert not Case.objects.exists()


def test_a_file_with_identity_is_checked_at_receipt_and_only_pseudonyms_are_staged(region):
    from casework.imports.staging import unstage

    job = receive(region, FILES["trafficking"], "trafficking")
    staged = unstage(job.staged)
    assert isinstance(staged, dict) and job.rows == 2
    assert "Петровић" not in str(staged) and "1990-02-03" not in str(staged)
    assert staged["pseudonym"][1] and not staged["pseudonym"][0]
    bad = FILES["trafficking"].replace("1990-02-03", "03.02.1990")
    job = receive(region, bad, "trafficking")
    assert (job.status, job.staged) == ("failed", None)
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "date_of_birth")]


def test_a_csv_file_without_identity_is_staged_as_it_came_and_checked_by_the_load(region):
    from casework.imports.staging import unstage

    bad = FILES["readmission"].replace("DE", "XX")
    job = receive(region, bad)
    assert (job.status, unstage(job.staged)) == ("queued", bad.encode())
    job = import_run(import_id=job.pk)
    assert (job.status, job.errors[0]["field"]) == ("failed", "returning_state")


def test_only_the_header_columns_of_a_csv_file_are_staged(region):
    from casework.imports.staging import unstage

    content = f"{HEADER}\r\n{GOOD}\r\n{GOOD},Marko,Petrović\r\n{GOOD},,\r\n"
    job = receive(region, content)
    staged = unstage(job.staged).decode()
    assert "Marko" not in staged and "Petrović" not in staged
    job = import_run(import_id=job.pk)
    assert job.errors == [
        {"row": 3, "field": None, "message": "The row has more cells than the header."}
    ]


def test_only_the_header_columns_of_a_workbook_are_staged(region):
    import openpyxl

    from casework.imports.staging import unstage

    lines = FILES["readmission"].split("\r\n")
    lines[2] += ",Marko,Petrović"  # beyond the header
    workbook = openpyxl.load_workbook(io.BytesIO(csv_to_xlsx("\r\n".join(lines))))
    workbook.create_sheet("names").append(["Ana", "Kovač", "1990-01-31"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = receive(region, buffer.getvalue(), file_name="cases.xlsx")
    staged = unstage(job.staged).decode()
    for kept_nowhere in ("Marko", "Petrović", "Ana", "Kovač", "1990-01-31"):
        assert kept_nowhere not in staged
    job = import_run(import_id=job.pk)
    assert job.errors == [
        {"row": 3, "field": None, "message": "The row has more cells than the header."}
    ]


def test_a_part_of_blank_rows_is_passed_by_and_a_file_of_them_holds_no_case(region, monkeypatch):
    monkeypatch.setattr("casework.imports.services.PART", 2)
    blank = ",,,,,,,,,"
    job = imported(region, "\r\n".join([HEADER, GOOD, GOOD, blank, blank, GOOD]) + "\r\n")
    assert (job.status, job.created) == ("succeeded", 3), job.errors
    job = imported(region, "\r\n".join([HEADER, blank, blank, blank]) + "\r\n")
    assert job.errors == [{"row": None, "field": None, "message": "The file holds no case."}]


def test_an_external_id_used_before_is_reported_whatever_else_is_wrong(region, monkeypatch):
    monkeypatch.setattr("casework.imports.services.PART", 2)
    first = f"external_id,{HEADER}\r\nOLD-1,{GOOD}\r\nOLD-2,{GOOD}\r\n"
    assert imported(region, first).status == "succeeded"
    rows = [
        f"NEW-1,{GOOD}",  # rows 2 and 3: a good part, written
        f"NEW-2,{GOOD}",
        f"NEW-3,{GOOD}",  # row 4
        f"OLD-1,{GOOD}",  # row 5: used by the first import, found as the part goes in
        f"NEW-4,{GOOD.replace('DE', 'XX')}",  # row 6: a bad code
        f"OLD-2,{GOOD}",  # row 7: used before, found by asking, since nothing is written now
        f"NEW-2,{GOOD}",  # row 8: given twice in this file, not used before
    ]
    job = imported(region, f"external_id,{HEADER}\r\n" + "\r\n".join(rows) + "\r\n")
    assert [(e["row"], e["field"], e["message"]) for e in job.errors] == [
        (5, "external_id", "The organisation has a case with this external id already."),
        (6, "returning_state", "Unknown code: not one of this column's codes."),
        (7, "external_id", "The organisation has a case with this external id already."),
        (8, "external_id", "Also in row 3."),
    ]
    assert Case.objects.count() == 2


def test_a_damaged_workbook_is_refused_at_receipt(region):
    archive = zipfile.ZipFile(io.BytesIO(csv_to_xlsx(FILES["readmission"])))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as out:
        for item in archive.infolist():
            data = archive.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</row>", b"</rov>", 2)  # the third row's end is broken
            out.writestr(item, data)
    job = receive(region, damaged.getvalue(), file_name="cases.xlsx")
    assert (job.status, job.staged) == ("failed", None)
    assert "cannot be read" in job.errors[0]["message"]


def test_a_quoted_line_break_carries_no_cell_beyond_the_header_into_staging(region):
    from casework.imports.staging import unstage

    # Twelve cells under a header of ten, the record split over two lines of six and seven
    # cells by a line break in a quoted cell: no line has more delimiters than the header.
    carried = GOOD.replace("own_national", '"own\nnational"') + ",Marko,Petrović"
    job = receive(region, f"{HEADER}\r\n{GOOD}\r\n{carried}\r\n")
    staged = unstage(job.staged).decode()
    assert "Marko" not in staged and "Petrović" not in staged
    job = import_run(import_id=job.pk)
    assert job.errors == [
        {"row": 3, "field": None, "message": "The row has more cells than the header."}
    ]
