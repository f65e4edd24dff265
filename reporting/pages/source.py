"""Which cells a statistics page, chart or export reads, and for whom.

As in the API (`reporting.api`), through the same functions: a published release is
readable by every signed-in user;
internal (raw) cells need `reporting.view_internal_cells`, a national coordinator reads only
their own territory and a regional coordinator every territory plus WB6.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from casework.errors import ReleaseNotFound
from casework.refusals import page_error
from reporting.cells import (
    CellRow,
    internal_cells,
    internal_territories,
    internal_years,
    release_cells,
    territory_order,
)
from reporting.models import Release
from reporting.releases import release_latest, release_published
from reporting.tables import Table

INTERNAL = "internal"
LATEST = "latest"
INTERNAL_PERMISSION = "reporting.view_internal_cells"
# The years a period may name (as the API accepts them).
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True)
class Source:
    """A published release, or (`release` None) the internal cells of `territories`."""

    release: Release | None
    territories: tuple[str, ...]

    @property
    def internal(self) -> bool:
        return self.release is None

    @property
    def param(self) -> str:
        """The `release` query parameter that reads this source again."""
        return INTERNAL if self.release is None else str(self.release.number)

    @property
    def rounding_base(self) -> int:
        return 1 if self.release is None else self.release.rounding_base

    def cells(
        self, table: Table, *, first: int | None = None, last: int | None = None
    ) -> list[CellRow]:
        """The table's cells, of the years from `first` to `last` (every year by default)."""
        years = None
        if first is not None or last is not None:
            low, high = first or FIRST_YEAR, last or LAST_YEAR
            counted = internal_years() if self.release is None else range(low, high + 1)
            years = [year for year in counted if low <= year <= high]
        if self.release is None:
            if not self.territories:
                return []
            return internal_cells(table, territories=list(self.territories), years=years)
        return release_cells(table, self.release, territories=list(self.territories), years=years)


def can_read_internal(user) -> bool:
    return user.has_perm(INTERNAL_PERMISSION)


def source_for(user, wanted: str | None) -> Source | None:
    """The source a `release` parameter names: "internal", "latest" (default) or a number.

    None when the latest is asked for and no release is published yet. Internal cells for a
    user without the permission are refused (403); an unknown or unpublished release is 404.
    """
    wanted = (wanted or LATEST).strip()
    if wanted == INTERNAL:
        if not can_read_internal(user):
            raise PermissionDenied(_("Internal cells are for coordinators."))
        return Source(None, tuple(internal_territories(user)))
    if wanted == LATEST:
        release = release_latest()
        return Source(release, tuple(territory_order())) if release else None
    if not (wanted.isascii() and wanted.isdigit()):
        raise page_error(ReleaseNotFound())
    try:
        release = release_published(wanted)
    except ReleaseNotFound as refusal:
        raise page_error(refusal) from None
    return Source(release, tuple(territory_order()))
