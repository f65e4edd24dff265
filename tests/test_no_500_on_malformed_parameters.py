"""No malformed query parameter gets a 500, from the admin or the API, for any role.

The parameters are discovered, not listed: every registered ModelAdmin's changelist (its
list filters, date hierarchy, search, its fields' date parts and text, ordering and page) as
each role that can open it, and every query parameter of the published schema's GET
operations (the FilterSets' filters, the cursor, the statistics parameters) as each role that
the operation answers. Hypothesis sends malformed values to them, a fixed and derandomized
budget of examples, after a sweep that sends every parameter a number too large for any
integer and a NUL byte.
"""

import base64
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from casework.types import declared_types
from tests.casework.admin.helpers import submitted
from tests.reporting.helpers import run, validated

ROLES = ("caseworker_rs_ngo", "national_rs", "regional", "viewer", "administrator")
# Django's own changelist parameters, beside each filter's.
CHANGELIST_PARAMETERS = ("o", "p", "all", "_facets", "_to_field", "_popup", "e")
EXAMPLES = 120  # of each surface, after a sweep of every parameter
# Lookups on a model's own fields, which every changelist accepts beside its filters: a date
# part builds its bounds with `datetime` (a year it cannot hold fails when the query is
# compiled), a text lookup sends its value to the database as it is (a NUL byte fails there).
DATE_PARTS = ("year", "iso_year", "month")
TEXT_LOOKUPS = ("", "__contains")


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


NASTY = [
    "99999999999999999999",
    "a\x00b",
    "",
    " ",
    "-1",
    "0",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "2013-13",
    "abc",
    "\x00",
    "٣",
    "²",
    "9" * 300,
    "' OR 1=1 --",
    "%00",
    "[]",
    "a,b",
    "__isnull",
    _cursor("p=abc"),
    _cursor("p=-1&r=1"),
    _cursor("o=99999999999999999999&p=1"),
    _cursor("p=99999999999999999999"),
    _cursor("r=2&o=-3"),
    "cD1hYmM=",
    "!!!",
]
MALFORMED = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=40),
    st.text(max_size=20).map(_cursor),
    st.binary(max_size=30).map(lambda raw: base64.b64encode(raw).decode()),
)


@pytest.fixture
def data(region, django_capture_on_commit_callbacks):
    """Something of everything, so that every filter has choices to offer."""
    for key in ("caseworker_rs_ngo", "caseworker_rs_police", "caseworker_al_ngo"):
        for declaration in declared_types():
            submitted(region.users[key], declaration.code)
    validated(region)
    run()
    with django_capture_on_commit_callbacks(execute=True):
        from reporting.releases import release_start

        release_start(user=region.users["regional"])
    Client().post(reverse("login"), {"username": "nobody@example.org", "password": "wrong"})


def _signed_in(region, factory):
    clients = {}
    for role in ROLES:
        client = factory()
        client.force_login(region.users[role])
        clients[role] = client
    return clients


def _field_lookups(model) -> list[str]:
    names = ["pk__in"]
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateField):  # a DateTimeField is one too
            names += [f"{field.name}__{part}" for part in DATE_PARTS]
        elif isinstance(field, models.CharField | models.TextField):
            names += [f"{field.name}{lookup}" for lookup in TEXT_LOOKUPS]
    return names


def _admin_targets(clients) -> list[tuple[str, str, list[str]]]:
    targets = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code != 200:
                continue
            changelist = response.context["cl"]
            names = [n for spec in changelist.filter_specs for n in spec.expected_parameters()]
            if model_admin.date_hierarchy:
                names += [
                    f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")
                ]
            if changelist.search_fields:
                names.append("q")
            names += _field_lookups(model)
            targets.append((role, url, [*names, *CHANGELIST_PARAMETERS]))
    return targets


def _api_targets(clients, path_values) -> list[tuple[str, str, list[str]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    targets = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        parameters = operations["get"].get("parameters", [])
        names = [p["name"] for p in parameters if p["in"] == "query"]
        url = path
        for p in parameters:
            if p["in"] == "path":
                url = url.replace(f"{{{p['name']}}}", str(path_values(path, p["name"])))
        for role, client in clients.items():
            if client.get(url).status_code == 200:
                targets.append((role, url, [*names, "format", "page_size", "cursor"]))
    return targets


def _path_value():
    from casework.models import Case, ImportJob
    from reporting.models import AggregationRun, Release

    def value(path, name):
        if name == "table":
            return "thb_victims"
        if name == "number":
            return Release.objects.order_by("number").values_list("number", flat=True).last()
        if "/runs/" in path:
            return AggregationRun.objects.values_list("pk", flat=True).last()
        if "/imports/" in path:
            return ImportJob.objects.values_list("pk", flat=True).last() or 1
        case_type = path.split("/")[4]
        return Case.objects.filter(case_type=case_type, territory="RS").values_list(
            "pk", flat=True
        )[0]

    return value


def _holds(clients, targets, label):
    """A sweep of every parameter, then hypothesis' examples: none answers a 500."""
    answered = []

    def send(role, url, params):
        response = clients[role].get(url, params)
        answered.append(response.status_code)
        assert response.status_code < 500, (
            label,
            role,
            url,
            {k: quote(v) for k, v in params.items()},
        )

    # Each parameter of each page once (as the first role that opens it) with a number too
    # large for any integer and, unless it is a date part, once with a NUL byte: the values
    # hypothesis is least likely to find.
    pairs = {(url, name): role for role, url, names in reversed(targets) for name in names}
    for (url, name), role in pairs.items():
        date_part = name.rpartition("__")[2] in DATE_PARTS
        for value in NASTY[:1] if date_part else NASTY[:2]:
            send(role, url, {name: value})

    @st.composite
    def requests(draw):
        role, url, names = draw(st.sampled_from(targets))
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        return role, url, {name: draw(MALFORMED) for name in chosen}

    @given(request=requests())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def property_holds(request):
        send(*request)

    property_holds()
    return answered


def test_no_malformed_admin_filter_gets_a_500_for_any_role(region, data):
    clients = _signed_in(region, Client)
    targets = _admin_targets(clients)
    reached = {(role, url) for role, url, _names in targets}
    assert ("national_rs", reverse("admin:casework_case_changelist")) in reached
    assert ("regional", reverse("admin:audit_auditevent_changelist")) in reached
    assert ("administrator", reverse("admin:accounts_user_changelist")) in reached
    answered = _holds(clients, targets, "admin")
    assert len(answered) >= EXAMPLES


def test_no_malformed_api_query_parameter_gets_a_500_for_any_role(region, data):
    clients = _signed_in(region, APIClient)
    targets = _api_targets(clients, _path_value())
    reached = {(role, url) for role, url, _names in targets}
    assert ("caseworker_rs_ngo", "/api/v1/cases/trafficking/") in reached
    assert ("viewer", "/api/v1/statistics/tables/thb_victims/") in reached
    answered = _holds(clients, targets, "api")
    assert len(answered) >= EXAMPLES
