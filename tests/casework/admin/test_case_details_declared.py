"""The admin's change page shows each declared type's record with every declared field."""

import html
import re

import pytest

from casework.types import declared_types
from tests.casework.admin.helpers import change_url
from tests.casework.cases import record

REPEAT = "recorded earlier (repeat)"


def _labels(model, fields, *, person: bool) -> list[str]:
    labels = [str(model._meta.get_field(f.name).verbose_name) for f in fields]
    return [*labels, REPEAT] if person else labels


def _cells(pattern: str, text: str) -> list[str]:
    return [html.unescape(cell) for cell in re.findall(pattern, text)]


@pytest.mark.parametrize("declaration", [pytest.param(t, id=t.code) for t in declared_types()])
def test_the_change_page_shows_every_declared_field_of_each_types_record_in_order(
    client, region, declaration
):
    case = record(region.users["caseworker_rs_police"], declaration.code)
    client.force_login(region.users["national_rs"])
    content = client.get(change_url(case.pk)).content.decode()

    [details] = re.findall(r'<table class="case-details">.*?</table>', content, re.S)
    assert _cells(r'<th scope="row">(.*?)</th>', details) == _labels(
        declaration.model, declaration.fields, person=declaration.person
    )
    tables = re.findall(r'<table class="case-persons">.*?</table>', content, re.S)
    assert len(tables) == len(declaration.rows)
    for rows, table in zip(declaration.rows, tables, strict=True):
        assert f"<caption>{rows.label}</caption>" in table
        headers = _cells(r'<th scope="col">(.*?)</th>', table)
        assert headers == ["#", *_labels(rows.model, rows.fields, person=rows.person)]
