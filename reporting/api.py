"""`/api/v1/statistics/`: the declared tables, their cells, runs and releases."""

import csv
import io

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.cells import internal_cells, internal_territories, release_cells, territory_order
from reporting.exported import export_record
from reporting.models import AggregationRun, Release
from reporting.releases import (
    ROUNDING_BASE_DEFAULT,
    ROUNDING_BASE_RANGE,
    THRESHOLD_DEFAULT,
    THRESHOLD_RANGE,
    certificate_for,
    release_get,
    release_latest,
    release_published,
    release_retry,
    release_start,
)
from reporting.runs import aggregation_retry, aggregation_start, run_get
from reporting.spreadsheets import spreadsheet_safe
from reporting.tables import TABLES, TABLES_BY_ID

CELL_COLUMNS = [
    "table",
    "territory",
    "year",
    "sex",
    "age",
    "breakdown",
    "category",
    "value",
    "flag",
]


class CellsCSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        if isinstance(data, dict) and "cells" in data:
            writer.writerow(CELL_COLUMNS)
            for cell in data["cells"]:
                writer.writerow(
                    [spreadsheet_safe(cell[c]) if cell[c] is not None else "" for c in CELL_COLUMNS]
                )
        else:
            writer.writerow(["detail"])
            writer.writerow([spreadsheet_safe(str(data.get("detail", data)))])
        return out.getvalue().encode()


# A CSV download names what it holds, in its headers: the CSV itself stays one row a cell
# with the columns above (STATISTICS.md "A cell"), so that programs read it as it is.
CSV_HEADERS = [
    OpenApiParameter(
        "Content-Disposition",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description="attachment; filename: table, territory and year if chosen, release "
        '("release-3" or "internal") and date (of publication; of the download for internal '
        "cells), e.g. thb_victims-release-3-2026-12-02.csv",
    ),
    OpenApiParameter(
        "Statistics-Release",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description='The release number, or "internal"',
    ),
    OpenApiParameter(
        "Statistics-Policy",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description="The release's disclosure policy, e.g. `threshold=5, rounding_base=1`; "
        "`none` for internal cells",
    ),
    OpenApiParameter(
        "Link",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description='rel="describedby": the release (its number, policy and publication)',
    ),
]


def csv_file_name(table_id: str, release: Release | None, filters: dict) -> str:
    """`thb_victims-release-3-2026-12-02.csv`: a release by the day it was published (its
    cells never change), internal cells by the day they were read."""
    day = timezone.localdate(release.published_at) if release else timezone.localdate()
    parts = [
        table_id,
        *(str(filters[key]) for key in ("territory", "year") if filters.get(key)),
        f"release-{release.number}" if release else "internal",
        day.isoformat(),
    ]
    return "-".join(parts) + ".csv"


def _as_download(response: Response, request, table_id: str, release, filters) -> Response:
    response["Content-Disposition"] = (
        f'attachment; filename="{csv_file_name(table_id, release, filters)}"'
    )
    if release is None:
        response["Statistics-Release"] = "internal"
        response["Statistics-Policy"] = "none"
        return response
    response["Statistics-Release"] = str(release.number)
    response["Statistics-Policy"] = ", ".join(f"{k}={v}" for k, v in release.policy.items())
    described = request.build_absolute_uri(reverse("statistics-release", args=[release.number]))
    response["Link"] = f'<{described}>; rel="describedby"; type="application/json"'
    return response


class TableSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField(source="unit.name")
    case_type = serializers.CharField(source="unit.case_type")
    breakdown = serializers.CharField(source="breakdown_field")
    sex_age = serializers.BooleanField()


class CellSerializer(serializers.Serializer):
    table = serializers.CharField()
    territory = serializers.CharField()
    year = serializers.IntegerField()
    sex = serializers.CharField()
    age = serializers.CharField()
    breakdown = serializers.CharField()
    category = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    flag = serializers.CharField(allow_blank=True)


class CellsSerializer(serializers.Serializer):
    table = serializers.CharField()
    release = serializers.JSONField(help_text='"internal" or a release number')
    policy = serializers.JSONField(allow_null=True)
    cells = CellSerializer(many=True)


class TableList(APIView):
    @extend_schema(responses=TableSerializer(many=True))
    def get(self, request):
        return Response(TableSerializer(TABLES, many=True).data)


def _year(value):
    if value in (None, ""):
        return None
    if not (str(value).isascii() and str(value).isdigit()) or not 1900 <= int(value) <= 2100:
        raise ValidationError({"year": [_("Give a year, e.g. 2013.")]})
    return int(value)


class TableCells(APIView):
    renderer_classes = [renderers.JSONRenderer, CellsCSVRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "release",
                OpenApiTypes.STR,
                description='"internal", "latest" (default) or a number',
            ),
            OpenApiParameter("territory", OpenApiTypes.STR),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
            *CSV_HEADERS,
        ],
        responses={
            200: CellsSerializer,
            400: OpenApiResponse(description="Bad parameter"),
            403: OpenApiResponse(description="Internal cells are for coordinators"),
            404: OpenApiResponse(description="Unknown table, territory or release"),
        },
    )
    def get(self, request, table):
        declared = TABLES_BY_ID.get(table)
        if declared is None:
            raise NotFound(_("No such table."))
        territory = request.query_params.get("territory") or ""
        if territory and territory not in territory_order():
            raise NotFound(_("No such territory."))
        year = _year(request.query_params.get("year"))
        years = [year] if year else None
        wanted = request.query_params.get("release") or "latest"
        filters = {"territory": territory, "year": year}
        download = request.accepted_renderer.format == "csv"
        if wanted == "internal":
            response = Response(self._internal(request, declared, territory, years, filters))
            return (
                _as_download(response, request, declared.id, None, filters)
                if download
                else response
            )
        release = release_latest() if wanted == "latest" else _published(wanted)
        if release is None:
            raise NotFound(_("No release has been published yet."))
        rows = release_cells(
            declared, release, territories=[territory] if territory else None, years=years
        )
        response = Response(
            {
                "table": declared.id,
                "release": release.number,
                "policy": release.policy,
                "cells": [r.as_dict() for r in rows],
            }
        )
        if not download:
            return response
        self._record(request, declared, str(release.number), None, filters)  # a download
        return _as_download(response, request, declared.id, release, filters)

    def _internal(self, request, table, territory, years, filters):
        if not request.user.has_perm("reporting.view_internal_cells"):
            raise PermissionDenied(_("Internal cells are for coordinators."))
        scope = internal_territories(request.user)
        if territory and territory not in scope:
            raise NotFound(_("No such territory in your scope."))
        territories = [territory] if territory else scope
        rows = internal_cells(table, territories=territories, years=years)
        self._record(request, table, "internal", territories, filters)
        return {
            "table": table.id,
            "release": "internal",
            "policy": None,
            "cells": [r.as_dict() for r in rows],
        }

    def _record(self, request, table, release, territories, filters):
        export_record(
            user=request.user,
            request=request,
            export="table_cells",
            fmt=request.accepted_renderer.format,
            release=release,
            territories=territories,
            filters=filters,
            detail={"table": table.id},
        )


def _published(number) -> Release:
    if not (str(number).isascii() and str(number).isdigit()):
        raise ValidationError({"release": ['Give "internal", "latest" or a release number.']})
    return release_published(number)


class RunInput(serializers.Serializer):
    territory = serializers.ChoiceField(
        choices=territory_order()[:-1], required=False, allow_blank=True
    )
    full = serializers.BooleanField(required=False, default=False)


class RunOutput(serializers.ModelSerializer):
    started = serializers.DateTimeField(source="started_at", allow_null=True)
    finished = serializers.DateTimeField(source="finished_at", allow_null=True)

    class Meta:
        model = AggregationRun
        fields = [
            "id",
            "status",
            "progress",
            "cases_read",
            "territory",
            "full",
            "started",
            "finished",
            "error",
        ]


class RunList(APIView):
    @extend_schema(request=RunInput, responses={202: RunOutput})
    def post(self, request):
        data = RunInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = aggregation_start(
            user=request.user,
            territory=data.validated_data.get("territory", ""),
            full=data.validated_data["full"],
        )
        run.refresh_from_db()
        return Response(RunOutput(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetail(APIView):
    @extend_schema(responses=RunOutput)
    def get(self, request, pk):
        return Response(RunOutput(run_get(user=request.user, run_id=pk)).data)


class RunRetry(APIView):
    @extend_schema(
        request=None,
        responses={202: RunOutput, 409: OpenApiResponse(description="The run has not failed")},
    )
    def post(self, request, pk):
        run = aggregation_retry(user=request.user, run_id=pk)
        return Response(RunOutput(run).data, status=status.HTTP_202_ACCEPTED)


class ReleaseInput(serializers.Serializer):
    threshold = serializers.IntegerField(
        min_value=THRESHOLD_RANGE[0], max_value=THRESHOLD_RANGE[1], default=THRESHOLD_DEFAULT
    )
    rounding_base = serializers.IntegerField(
        min_value=ROUNDING_BASE_RANGE[0],
        max_value=ROUNDING_BASE_RANGE[1],
        default=ROUNDING_BASE_DEFAULT,
    )


class ReleaseOutput(serializers.ModelSerializer):
    policy = serializers.JSONField()

    class Meta:
        model = Release
        fields = [
            "number",
            "status",
            "progress",
            "policy",
            "created_at",
            "published_at",
            "error",
        ]


class SensitiveCellOutput(serializers.Serializer):
    cell = serializers.DictField(child=serializers.JSONField())
    interval = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="What an outsider cannot rule out: [min, max]; max null when unbounded.",
    )
    insider = serializers.CharField(allow_null=True)
    insider_maximum = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField()


class CertificateOutput(serializers.Serializer):
    """The audit certificate. `sensitive_cells` and `salt` only for regional coordinators: the
    list of sensitive cells would tell everyone else which suppressed cells are small."""

    passed = serializers.BooleanField()
    policy = serializers.JSONField()
    solver = serializers.JSONField()
    audited_against = serializers.ListField(child=serializers.IntegerField())
    constraints = serializers.JSONField(help_text="sha256 (salted), unknowns, relations")
    tables = serializers.IntegerField(required=False, help_text="Tables audited")
    cells = serializers.IntegerField()
    suppressed = serializers.IntegerField()
    repair = serializers.JSONField()
    programs_solved = serializers.IntegerField()
    seconds = serializers.FloatField()
    sensitive_cells = SensitiveCellOutput(many=True, required=False)
    salt = serializers.CharField(required=False)


class ReleaseList(APIView):
    @extend_schema(responses=ReleaseOutput(many=True))
    def get(self, request):
        return Response(ReleaseOutput(Release.objects.all(), many=True).data)

    @extend_schema(
        request=ReleaseInput,
        responses={
            202: ReleaseOutput,
            409: OpenApiResponse(description="A partition awaits its run, or an audit runs"),
        },
    )
    def post(self, request):
        data = ReleaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        release = release_start(user=request.user, **data.validated_data)
        release.refresh_from_db()
        return Response(ReleaseOutput(release).data, status=status.HTTP_202_ACCEPTED)


class ReleaseDetail(APIView):
    @extend_schema(responses=ReleaseOutput)
    def get(self, request, number):
        return Response(ReleaseOutput(release_get(number)).data)


class ReleaseRetry(APIView):
    @extend_schema(
        request=None,
        responses={
            202: ReleaseOutput,
            409: OpenApiResponse(description="Its task has not failed, or a partition awaits"),
        },
    )
    def post(self, request, number):
        release = release_retry(user=request.user, number=number)
        return Response(ReleaseOutput(release).data, status=status.HTTP_202_ACCEPTED)


class ReleaseCertificate(APIView):
    @extend_schema(responses={200: CertificateOutput, 404: OpenApiResponse(description="Unknown")})
    def get(self, request, number):
        return Response(certificate_for(request.user, number))
