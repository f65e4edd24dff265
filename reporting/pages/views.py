"""`/statistics/`: the declared tables, each in the report's layout, with charts and downloads.

Thin on purpose: `source_for` decides which cells the request reads (and refuses: internal
cells without the permission 403, an unknown table or release 404), `layout` arranges them,
a template renders. Charts are rendered by their own requests, never by the page's.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from reporting import charts, exports
from reporting.exported import export_record
from reporting.pages import layout
from reporting.pages.source import FIRST_YEAR, LAST_YEAR, Source, can_read_internal, source_for
from reporting.releases import release_latest, release_preparing
from reporting.tables import HEADLINE_TABLES, TABLES, TABLES_BY_ID, Table

# A published release never changes: its charts may be kept by the browser for a while.
RELEASE_CHART_MAX_AGE = 3600


def _table(table_id: str) -> Table:
    table = TABLES_BY_ID.get(table_id)
    if table is None:
        raise Http404(_("No such table."))
    return table


def _source(request) -> Source:
    source = source_for(request.user, request.GET.get("release"))
    if source is None:
        raise Http404(_("No release has been published yet."))
    return source


def _url(name: str, *args, **query) -> str:
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(name, args=args) + ("?" + urlencode(query) if query else "")


@require_GET
@login_required
def statistics_index(request):
    source = source_for(request.user, request.GET.get("release"))
    return render(
        request,
        "reporting/index.html",
        {
            "source": source,
            "latest": release_latest(),
            "preparing": release_preparing(),
            "can_read_internal": can_read_internal(request.user),
            "tables": [
                (table, _url("statistics:table", table.id, release=source and source.param))
                for table in TABLES
            ],
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
        },
    )


def headline_charts(user) -> list[dict]:
    """Trend charts of the headline tables: from the latest release, or before the first one
    from the internal cells for a coordinator; nothing for anyone else."""
    source = source_for(user, None)
    if source is None and can_read_internal(user):
        source = source_for(user, "internal")
    if source is None:
        return []
    return [
        {
            "title": TABLES_BY_ID[table_id].title,
            "url": _url("statistics:table", table_id, release=source.param),
            "svg": _url("statistics:chart-svg", table_id, charts.TREND, release=source.param),
        }
        for table_id in HEADLINE_TABLES
    ]


@require_GET
@login_required
def statistics_table(request, table_id):
    table = _table(table_id)
    source = source_for(request.user, request.GET.get("release"))
    context = {
        "table": table,
        "source": source,
        "latest": release_latest(),
        "preparing": release_preparing(),
        "can_read_internal": can_read_internal(request.user),
    }
    if source is None:
        return render(request, "reporting/table.html", context)
    cells = source.cells(table)
    totals = layout.totals(cells, source.territories)
    years = layout.years_of(cells)
    year = layout.choose_year(request.GET.get("year"), years)
    breakdown = layout.breakdown(table, cells, year, source.territories)
    territory = layout.choose_territory(
        request.GET.get("territory"), [key for key, _label in breakdown.columns]
    )
    if source.internal:
        _record(request, source, "statistics_page", "html", {"table": table.id}, year, territory)
    chart_query = {"release": source.param}
    context.update(
        {
            "totals": totals,
            "breakdown": breakdown,
            "breakdown_label": layout.breakdown_label(table),
            "years": years,
            "year": year,
            "territory": territory,
            "territories": breakdown.columns,
            "charts": [
                _chart_links(table, kind, chart_query, year=year, territory=territory)
                for kind in charts.kinds_of(table)
                if kind == charts.TREND or breakdown
            ],
            "csv_url": _url("statistics-table", table.id, format="csv", release=source.param),
            "xlsx_url": _url("statistics:table-xlsx", table.id, release=source.param),
        }
    )
    return render(request, "reporting/table.html", context)


CHART_TITLES = {
    charts.TREND: gettext_lazy("Trend per territory"),
    charts.BREAKDOWN: gettext_lazy("Breakdown of %(year)s, %(territory)s"),
    charts.FLOWS: gettext_lazy("Flows to each territory, %(year)s"),
}


def _chart_links(table, kind, query, *, year, territory) -> dict:
    if kind == charts.BREAKDOWN:
        query = {**query, "year": year, "territory": territory}
    elif kind == charts.FLOWS:
        query = {**query, "year": year}
    title = str(CHART_TITLES[kind]) % {
        "year": year,
        "territory": layout.territory_label(territory or ""),
    }
    return {
        "kind": kind,
        "title": title,
        "svg": _url("statistics:chart-svg", table.id, kind, **query),
        "svg_download": _url("statistics:chart-svg", table.id, kind, **query, download=1),
        "png_download": _url("statistics:chart-png", table.id, kind, **query, download=1),
    }


@require_GET
@login_required
def statistics_chart(request, table_id, kind, fmt):
    table = _table(table_id)
    source = _source(request)
    try:
        chart = charts.chart(
            kind,
            table,
            source.cells(table),
            source.territories,
            year=request.GET.get("year"),
            territory=request.GET.get("territory"),
        )
    except charts.UnknownChart:
        raise Http404(_("No such chart.")) from None
    if source.internal or request.GET.get("download"):
        # The query's year and territory as the chart reads them; no other text is kept.
        year, territory = request.GET.get("year") or "", request.GET.get("territory")
        year = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None
        territory = territory if territory in source.territories else None
        _record(request, source, "chart", fmt, {"table": table.id, "chart": kind}, year, territory)
    response = HttpResponse(charts.render(chart, fmt), content_type=charts.FORMATS[fmt])
    response["Cache-Control"] = (
        "no-store" if source.internal else f"private, max-age={RELEASE_CHART_MAX_AGE}"
    )
    if request.GET.get("download"):
        name = f"{table.id}-{kind}-{source.param}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _record(request, source: Source, export: str, fmt: str, detail: dict, year, territory):
    """Record what a page, chart or workbook took; `year` and `territory` as chosen."""
    export_record(
        user=request.user,
        request=request,
        export=export,
        fmt=fmt,
        release=source.param,
        territories=source.territories if source.internal else None,
        filters={"year": year, "territory": territory},
        detail=detail,
    )


def _xlsx(request, content: bytes, name: str, detail: dict, source: Source) -> HttpResponse:
    _record(request, source, detail.pop("export"), "xlsx", detail, None, None)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def statistics_table_xlsx(request, table_id):
    table = _table(table_id)
    source = _source(request)
    content = exports.workbook([table], source)
    return _xlsx(
        request,
        content,
        f"{table.id}-{source.param}.xlsx",
        {"export": "statistics_table", "table": table.id},
        source,
    )


def _year_param(request, name: str) -> int | None:
    value = (request.GET.get(name) or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise ValueError(name)
    return int(value)


@require_GET
@login_required
def statistics_report_pack(request):
    source = _source(request)
    try:
        first, last = _year_param(request, "from"), _year_param(request, "to")
    except ValueError:
        return HttpResponseBadRequest(_("Give the years as numbers, e.g. from=2009&to=2013."))
    if first is not None and last is not None and first > last:
        return HttpResponseBadRequest(_("The first year comes after the last."))
    content = exports.workbook(TABLES, source, first=first, last=last)
    period = "-".join(str(year) for year in (first, last) if year is not None)
    return _xlsx(
        request,
        content,
        f"report-pack-{source.param}{'-' + period if period else ''}.xlsx",
        {"export": "report_pack", "tables": len(TABLES), "from": first, "to": last},
        source,
    )
