"""`/api/v1/imports/`: send a case file, follow its progress, validate it whole."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from casework.api.fields import OrganisationField
from casework.imports.services import import_get, import_receive, import_retry, import_validate
from casework.models import CaseType, ImportJob


class ImportInput(serializers.Serializer):
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    file = serializers.FileField()
    organisation = OrganisationField(required=False)


class ImportError(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ImportOutput(serializers.ModelSerializer):
    errors = ImportError(many=True)
    status = serializers.ChoiceField(choices=ImportJob.State.choices)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "case_type",
            "organisation",
            "file_name",
            "status",
            "progress",
            "rows",
            "created",
            "errors",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class ValidatedOutput(serializers.Serializer):
    validated = serializers.IntegerField()


class ImportViewSet(viewsets.GenericViewSet):
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportOutput
    queryset = ImportJob.objects.none()  # for the schema; reads go through import_get

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={
            202: ImportOutput,
            400: OpenApiResponse(description="Bad request"),
            403: OpenApiResponse(description="The role does not import"),
            413: OpenApiResponse(description="The file is too large"),
        },
    )
    def create(self, request):
        data = ImportInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        job = import_receive(
            user=request.user,
            case_type=data.validated_data["case_type"],
            file_name=upload.name,
            content=upload.read(),
            organisation=data.validated_data.get("organisation"),
        )
        job.refresh_from_db()
        return Response(ImportOutput(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: ImportOutput, 404: OpenApiResponse(description="Not found")})
    def retrieve(self, request, pk=None):
        return Response(ImportOutput(import_get(user=request.user, import_id=pk)).data)

    @extend_schema(
        request=None,
        responses={
            200: ValidatedOutput,
            403: OpenApiResponse(description="The role does not validate"),
            404: OpenApiResponse(description="Not found"),
            409: OpenApiResponse(description="The import has not succeeded"),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[])
    def validate(self, request, pk=None):
        return Response({"validated": import_validate(user=request.user, import_id=pk)})

    @extend_schema(
        request=None,
        responses={
            202: ImportOutput,
            403: OpenApiResponse(description="The role does not import"),
            404: OpenApiResponse(description="Not found"),
            409: OpenApiResponse(description="The import did not fail while it ran"),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[])
    def retry(self, request, pk=None):
        job = import_retry(user=request.user, import_id=pk)
        return Response(ImportOutput(job).data, status=status.HTTP_202_ACCEPTED)
