"""The case endpoints of API v1: one viewset per case type, thin over the services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from casework import services
from casework.api.filters import filterset_for
from casework.api.serializers import input_serializer, output_serializer
from casework.errors import CaseNotFound
from casework.records import case_data
from casework.selectors import case_get, cases_list
from casework.types import declared


class CanReadCases(BasePermission):
    """Roles that never see case records get 403 on every case endpoint."""

    def has_permission(self, request, view):
        return request.user.has_perm("casework.view_case")


class CasePagination(CursorPagination):
    """Cursor pagination: no COUNT(*) per page, stable under inserts."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def decode_cursor(self, request):
        # DRF checks a cursor's offset and direction but not its position, which it hands to
        # the database as an id: a forged one (`p=abc`) was a 500. A position is an id.
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor is not None else None
        if position is not None and not (
            position.isascii() and position.isdigit() and 0 < int(position) < 2**63
        ):
            raise NotFound(self.invalid_cursor_message)
        return cursor


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class ReasonInput(serializers.Serializer):
    """Return, reopen and withdraw decide on the case as last read: `version` is required."""

    reason = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


ERRORS = {
    400: OpenApiResponse(description="Bad input: field errors or {'detail': ...}"),
    401: OpenApiResponse(description="No or bad credentials"),
    403: OpenApiResponse(description="The role lacks this action"),
    404: OpenApiResponse(description="No such case in your scope"),
    409: OpenApiResponse(description="The case's status or version forbids it"),
}


def _month_named(case_type: str, error: DjangoValidationError) -> DjangoValidationError:
    """Service errors name the month `month`; the API names it as the type does."""
    if hasattr(error, "error_dict") and "month" in error.error_dict:
        error.error_dict[declared(case_type).month.name] = error.error_dict.pop("month")
    return error


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    case_type: str
    permission_classes = [CanReadCases]
    pagination_class = CasePagination
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # The type record with each case; its rows (an incident's persons) in one query a
        # row set for the whole page.
        declaration = declared(self.case_type)
        return (
            cases_list(user=self.request.user, case_type=self.case_type)
            .select_related(declaration.relation)
            .prefetch_related(
                *(f"{declaration.relation}__{rows.name}" for rows in declaration.rows)
            )
        )

    def get_serializer_class(self):
        if self.action == "create":
            return input_serializer(self.case_type)
        if self.action == "partial_update":
            return input_serializer(self.case_type, update=True)
        return output_serializer(self.case_type)

    def _answer(self, case, status_code=status.HTTP_200_OK):
        case = case_get(user=self.request.user, case_id=case.pk)
        return Response(output_serializer(self.case_type)(case).data, status=status_code)

    def list(self, request):
        # ListModelMixin's list, and the page it returns recorded as read.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        services.cases_list_record(
            user=request.user, cases=page, listing=f"api_{self.case_type}", request=request
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        case = case_get(user=request.user, case_id=pk)
        if case.case_type != self.case_type:
            return Response({"detail": _("No such case.")}, status=status.HTTP_404_NOT_FOUND)
        services.case_view_record(user=request.user, case=case, request=request)
        return Response(output_serializer(self.case_type)(case).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case = services.case_create(
                user=request.user,
                case_type=self.case_type,
                data=serializer.to_service_data(),
                organisation=serializer.validated_data.get("organisation"),
            )
        except DjangoValidationError as error:
            raise _month_named(self.case_type, error) from None
        return self._answer(case, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        current = self._case(pk)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise serializers.ValidationError({"version": [_("Give the version you last read.")]})
        data = {**case_data(current), **serializer.to_service_data()}
        try:
            case = services.case_update(
                user=request.user,
                case_id=current.pk,
                version=serializer.validated_data["version"],
                data=data,
            )
        except DjangoValidationError as error:
            raise _month_named(self.case_type, error) from None
        return self._answer(case)

    def _case(self, pk):
        case = case_get(user=self.request.user, case_id=pk)
        if case.case_type != self.case_type:
            raise CaseNotFound()
        return case

    def _transition(self, request, pk, name, input_serializer_class):
        case = self._case(pk)
        serializer = input_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.case_transition(
            user=request.user,
            case_id=case.pk,
            action=name,
            reason=serializer.validated_data.get("reason", ""),
            version=serializer.validated_data.get("version"),
        )
        return self._answer(case)

    @extend_schema(request=VersionInput, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, pk, "submit", VersionInput)

    @extend_schema(request=VersionInput, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def validate(self, request, pk=None):
        return self._transition(request, pk, "validate", VersionInput)

    @extend_schema(request=ReasonInput, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, pk, "return", ReasonInput)

    @extend_schema(request=ReasonInput, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, pk, "reopen", ReasonInput)

    @extend_schema(request=ReasonInput, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(request, pk, "withdraw", ReasonInput)


def case_viewset(case_type: str) -> type[CaseViewSet]:
    """The viewset of one case type, with its filters and documented answers."""
    output = output_serializer(case_type)
    viewset = type(
        f"{case_type.title()}CaseViewSet",
        (CaseViewSet,),
        {"case_type": case_type, "filterset_class": filterset_for(case_type)},
    )
    documented = {
        action: output for action in ("submit", "validate", "return_", "reopen", "withdraw")
    }
    return extend_schema_view(
        list=extend_schema(tags=[case_type], responses={200: output(many=True), **ERRORS}),
        retrieve=extend_schema(tags=[case_type], responses={200: output, **ERRORS}),
        create=extend_schema(
            tags=[case_type],
            request=input_serializer(case_type),
            responses={201: output, **ERRORS},
        ),
        partial_update=extend_schema(
            tags=[case_type],
            request=input_serializer(case_type, update=True),
            responses={200: output, **ERRORS},
        ),
        **{
            name: extend_schema(tags=[case_type], responses={200: serializer, **ERRORS})
            for name, serializer in documented.items()
        },
    )(viewset)
