"""A type's declared rules refuse a file whose lines are cases, as they do a smuggling one."""

from dataclasses import replace

from casework.imports import checking
from casework.imports.checking import Errors, check_header, check_rows
from casework.types import declared
from casework.types.declaration import GivenUnless
from tests.casework.imports.files import READMISSION_HEADER, READMISSION_ROW


def test_a_rule_declared_for_a_type_of_one_case_a_line_refuses_the_lines_that_break_it(
    monkeypatch,
):
    # Readmission declares no rule: one is declared here, as a type could.
    rule = GivenUnless("procedure", "return_type", "voluntary", "wanted", "unwanted")
    with_rule = replace(declared("readmission"), rules=(rule,))
    monkeypatch.setattr(checking, "declared", lambda code: with_rule)
    rows = [
        READMISSION_ROW,  # forced, with a procedure: fine
        READMISSION_ROW.replace("standard,forced", ",forced"),  # forced, none: wanted
        READMISSION_ROW.replace("forced", "voluntary"),  # voluntary, with one: unwanted
        READMISSION_ROW.replace("standard,forced", ",voluntary"),  # fine
    ]
    errors = Errors()
    columns = check_header("readmission", READMISSION_HEADER.split(","), errors)
    check_rows("readmission", columns, [row.split(",") for row in rows], errors)
    assert [(e["row"], e["field"], e["message"]) for e in errors] == [
        (3, "procedure", "This cell is required."),
        (5, "procedure", "This cell is required."),
        (3, "procedure", "wanted"),
        (4, "procedure", "unwanted"),
    ]
