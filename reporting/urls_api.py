from django.urls import path

from reporting import api

urlpatterns = [
    path("tables/", api.TableList.as_view(), name="statistics-tables"),
    path("tables/<str:table>/", api.TableCells.as_view(), name="statistics-table"),
    path("runs/", api.RunList.as_view(), name="statistics-runs"),
    path("runs/<int:pk>/", api.RunDetail.as_view(), name="statistics-run"),
    path("runs/<int:pk>/retry/", api.RunRetry.as_view(), name="statistics-run-retry"),
    path("releases/", api.ReleaseList.as_view(), name="statistics-releases"),
    path("releases/<int:number>/", api.ReleaseDetail.as_view(), name="statistics-release"),
    path(
        "releases/<int:number>/retry/", api.ReleaseRetry.as_view(), name="statistics-release-retry"
    ),
    path(
        "releases/<int:number>/certificate/",
        api.ReleaseCertificate.as_view(),
        name="statistics-certificate",
    ),
]
