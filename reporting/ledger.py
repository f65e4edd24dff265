"""The ledger: every cell ever published, with its raw value, for auditing later releases.

Release cells are the ledger: they are written once, with their raw value, and never changed
or deleted (releases are never retracted). A release is audited against every release
published before it is: what those published is known to the attacker, and a cell unchanged
since is the same unknown (`reporting.attacker.Program.unknown`).
"""

from reporting.attacker import Program
from reporting.cells import CellRow
from reporting.disclosure import know_published
from reporting.models import Release, ReleaseCell

FIELDS = ("table", "territory", "year", "sex", "age", "breakdown", "category", "value", "flag")


def published_already(release: Release) -> list[Release]:
    """Every release published before this one is, whatever its number: a later-numbered
    release may finish its audit first."""
    return list(
        Release.objects.filter(status=Release.State.PUBLISHED)
        .exclude(pk=release.pk)
        .order_by("number")
    )


def release_rows(release: Release) -> tuple[list[CellRow], list[int]]:
    """A release's cells as published, and their raw values."""
    rows = ReleaseCell.objects.filter(release=release).values_list(*FIELDS, "raw_value")
    cells, raw = [], []
    for *published, raw_value in rows.iterator(chunk_size=5000):
        cells.append(CellRow(*published))
        raw.append(raw_value)
    return cells, raw


def add_ledger(program: Program, releases: list[Release]) -> None:
    """What `releases` published becomes what the attacker knows."""
    for release in releases:
        cells, raw = release_rows(release)
        know_published(
            program, cells, raw, threshold=release.threshold, rounding_base=release.rounding_base
        )
