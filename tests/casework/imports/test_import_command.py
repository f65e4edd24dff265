"""The import command reads files from the server's disk: one over the limit is refused
before it is read, as an upload is."""

import pathlib

import pytest
from django.core.management import CommandError, call_command

from casework.models import ImportJob
from tests.casework.imports.files import FILES


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    region, settings, tmp_path, monkeypatch
):
    settings.IMPORT_MAX_BYTES = 1024
    big = tmp_path / "big.csv"
    big.write_bytes(FILES["readmission"].encode() * 20)

    def read_bytes(path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    with pytest.raises(CommandError, match="larger than"):
        call_command(
            "import_cases",
            "readmission",
            str(big),
            organisation=region.organisations["rs_ngo"].name,
            user=region.users["caseworker_rs_ngo"].email,
        )
    assert not ImportJob.objects.exists()


def test_a_file_within_the_limit_is_imported_by_the_command(region, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(FILES["readmission"].encode())
    call_command(
        "import_cases",
        "readmission",
        str(path),
        organisation=region.organisations["rs_ngo"].name,
        user=region.users["caseworker_rs_ngo"].email,
    )
    assert "Imported 2 cases" in capsys.readouterr().out
