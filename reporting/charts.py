"""Charts of a table, drawn on the server: Vega-Lite specifications built with altair and
rendered to SVG or PNG by vl-convert (no browser, no script, no CDN).

- `trend`: a line per territory, years on x, totals on y;
- `breakdown`: the categories (or sex × age) of one year, for one territory or WB6;
- `flows`: for readmission, returning state → territory, and for smuggling, the neighbour at
  the border section → territory, as a heatmap of one year.

Confidential cells are left out (a trend line breaks there) and the chart says so; where
Kosovo* is drawn, its footnote is printed under the title so a downloaded chart carries it.
Charts are served by their own URLs (the page only holds `<img src>`), from the same grids as
the page (`reporting.pages.layout`).
"""

import textwrap

import altair as alt
import vl_convert
from django.utils.translation import gettext as _

from accounts.territories import KOSOVO_FOOTNOTE, REGION, needs_footnote
from reporting.cells import CellRow
from reporting.pages import layout
from reporting.tables import FLOW_TABLES, TOTAL, Table

# The Vega-Lite version altair 6.3 writes its specifications for.
VEGA_LITE = "6.4"
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
TREND, BREAKDOWN, FLOWS = "trend", "breakdown", "flows"
WIDTH = 520
ROW_HEIGHT = 20
PNG_SCALE = 2


class UnknownChart(LookupError):
    """The table has no chart of this kind."""


def kinds_of(table: Table) -> list[str]:
    kinds = [TREND]
    if layout.has_breakdown(table):
        kinds.append(BREAKDOWN)
    if table.id in FLOW_TABLES:
        kinds.append(FLOWS)
    return kinds


def _title(text: str, *, confidential: bool, footnote: bool) -> alt.Title:
    notes = []
    if confidential:
        notes.append(_("Confidential cells (c) are left out."))
    if footnote:
        notes += textwrap.wrap(f"* {KOSOVO_FOOTNOTE}", 90)
    return alt.Title(text, subtitle=notes or alt.Undefined, anchor="start", subtitleFontSize=10)


def _data(rows: list[dict]) -> alt.Data:
    return alt.Data(values=rows)


def trend(table: Table, totals: layout.Grid) -> alt.Chart:
    """A line per territory (WB6, their sum, left out), years on x, totals on y."""
    territories = [row for row in totals.rows if not row.region]
    rows = [
        {"territory": row.label, "year": label, "value": cell.charted}
        for row in territories
        for (_year, label), cell in zip(totals.columns, row.cells, strict=True)
    ]
    return (
        alt.Chart(
            _data(rows),
            title=_title(
                str(table.title),
                confidential=any(cell.confidential for row in territories for cell in row.cells),
                footnote=any(needs_footnote(row.key) for row in territories),
            ),
            width=WIDTH,
            height=280,
        )
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title=str(table.unit.label).capitalize(),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=alt.Color(
                "territory:N",
                title=_("Territory"),
                sort=[row.label for row in territories],
            ),
        )
    )


def breakdown(table: Table, grid: layout.Grid, *, territory: str, year: int) -> alt.Chart:
    """The categories of one year for one territory (or WB6), as horizontal bars."""
    column = grid.column(territory) if territory in dict(grid.columns) else []
    parts = [(row, cell) for row, cell in column if not row.total]
    name = layout.territory_label(territory)
    title = _title(
        f"{table.title}: {name}, {year}",
        confidential=any(cell.confidential for _row, cell in parts),
        footnote=needs_footnote(territory) or any(needs_footnote(row.key[2]) for row, _c in parts),
    )
    value_title = str(table.unit.label).capitalize()
    if table.sex_age:
        # Sexes stacked by age class; the sex and age totals are the bars' lengths.
        rows = [
            {
                "sex": layout.sex_label(row.key[0]),
                "age": layout.age_label(row.key[1]),
                "value": cell.charted,
            }
            for row, cell in parts
            if TOTAL not in row.key[:2]
        ]
        return (
            alt.Chart(_data(rows), title=title, width=WIDTH, height=ROW_HEIGHT * 6)
            .mark_bar()
            .encode(
                y=alt.Y("sex:N", title=_("Sex"), sort=None),
                x=alt.X("value:Q", title=value_title, stack="zero", axis=alt.Axis(format="d")),
                color=alt.Color("age:N", title=_("Age"), sort=None),
            )
        )
    rows = [
        {"category": row.label, "value": cell.charted, "shown": cell.text, "at": cell.value or 0}
        for row, cell in parts
    ]
    base = alt.Chart(
        _data(rows), title=title, width=WIDTH, height=max(ROW_HEIGHT * len(rows), 60)
    ).encode(y=alt.Y("category:N", title=layout.breakdown_label(table), sort=None))
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=value_title, axis=alt.Axis(format="d", tickMinStep=1))
    )
    labels = base.mark_text(align="left", dx=3).encode(x="at:Q", text="shown:N")
    return alt.layer(bars, labels)


def flows(table: Table, grid: layout.Grid, *, year: int) -> alt.Chart:
    """Country → territory for one year, as a heatmap (WB6 and the total row left out)."""
    territories = [(key, label) for key, label in grid.columns if key != REGION]
    rows = []
    for row in grid.rows:
        if row.total:
            continue
        for key, label in territories:
            cell = row.cells[[k for k, _label in grid.columns].index(key)]
            if cell.confidential or cell.value:
                rows.append(
                    {
                        "source": row.label,
                        "territory": label,
                        "value": cell.charted,
                        "shown": cell.text,
                    }
                )
    sources = [row.label for row in grid.rows if not row.total]
    base = alt.Chart(
        _data(rows),
        title=_title(
            f"{table.title}, {year}",
            confidential=any(r["value"] is None for r in rows),
            footnote=grid.footnote,
        ),
        width=max(70 * len(territories), 240),
        height=max(ROW_HEIGHT * len(sources), 60),
    ).encode(
        x=alt.X(
            "territory:N",
            title=_("Territory"),
            # Every territory shown is a column, with or without flows to it.
            scale=alt.Scale(domain=[label for _key, label in territories]),
            axis=alt.Axis(labelAngle=-30, labelAlign="right"),
        ),
        y=alt.Y("source:N", title=layout.breakdown_label(table), scale=alt.Scale(domain=sources)),
    )
    published = any(r["value"] is not None for r in rows)
    cells = base.mark_rect().encode(
        color=alt.Color(
            "value:Q",
            title=str(table.unit.label).capitalize(),
            scale=alt.Scale(scheme="blues"),
            # No legend for a chart whose every cell is confidential.
            legend=alt.Legend() if published else None,
        )
    )
    labels = base.mark_text().encode(text="shown:N")
    return alt.layer(cells, labels)


def chart(
    kind: str,
    table: Table,
    cells: list[CellRow],
    territories,
    *,
    year=None,
    territory=None,
) -> alt.TopLevelMixin:
    """The chart of `kind` for a table's cells (as read for the request)."""
    if kind not in kinds_of(table):
        raise UnknownChart(kind)
    if kind == TREND:
        return trend(table, layout.totals(cells, territories))
    chosen = layout.choose_year(year, layout.years_of(cells))
    grid = layout.breakdown(table, cells, chosen, territories)
    if kind == FLOWS:
        return flows(table, grid, year=chosen)
    place = layout.choose_territory(territory, [key for key, _label in grid.columns])
    return breakdown(table, grid, territory=place, year=chosen)


def render(chart_: alt.TopLevelMixin, fmt: str) -> bytes:
    """The chart as SVG or PNG bytes."""
    spec = chart_.to_dict()
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE).encode()
    if fmt == "png":
        return vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE, scale=PNG_SCALE)
    raise UnknownChart(fmt)
