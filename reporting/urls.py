"""`/statistics/`: the pages of the regional statistics, their charts and workbooks."""

from django.urls import path

from reporting.pages import releases, views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_index, name="index"),
    path("report-pack.xlsx", views.statistics_report_pack, name="report-pack"),
    path("releases/", releases.statistics_releases, name="releases"),
    path(
        "releases/<int:number>/status.json",
        releases.statistics_release_status,
        name="release-status",
    ),
    path("<slug:table_id>/", views.statistics_table, name="table"),
    path("<slug:table_id>/xlsx", views.statistics_table_xlsx, name="table-xlsx"),
    path(
        "<slug:table_id>/chart/<slug:kind>.svg",
        views.statistics_chart,
        {"fmt": "svg"},
        name="chart-svg",
    ),
    path(
        "<slug:table_id>/chart/<slug:kind>.png",
        views.statistics_chart,
        {"fmt": "png"},
        name="chart-png",
    ),
]
