"""Every role's home page, with every desk filled (returned cases and drafts, a queue longer
than its list, a possible duplicate, a run, a release being audited, a published one),
rendered in each of the seven languages, shows no English string left."""

import pytest
from django.urls import reverse

from casework.models import Status
from reporting.models import AggregationRun, Release
from tests.accounts.test_home import JOVANA, _release, bulk, returned
from tests.casework.cases import record
from tests.languages.test_no_english_left import LANGUAGES, english_left

ROLES = ["caseworker_rs_ngo", "national_rs", "regional", "viewer", "administrator"]


@pytest.fixture
def desks(region):
    worker = region.users["caseworker_rs_ngo"]
    record(worker, identity=JOVANA)
    record(region.users["caseworker_rs_police"], identity=JOVANA)
    returned(region, record(worker), "Check the month.")
    bulk(region, "rs_ngo", Status.DRAFT, 25)
    bulk(region, "rs_ngo", Status.RETURNED, 25, reason="why")
    bulk(region, "rs_police", Status.SUBMITTED, 25)
    AggregationRun.objects.create(territory="RS", status=AggregationRun.Status.RUNNING)
    AggregationRun.objects.create(territory="", status=AggregationRun.Status.SUCCEEDED)
    regional = region.users["regional"]
    _release(1, Release.State.PUBLISHED, published_by=regional, rounding_base=5)
    _release(2, Release.State.AUDITING, published_by=regional)


@LANGUAGES
def test_every_roles_home_is_in_the_language(client, region, desks, language):
    left = {}
    for who in ROLES:
        client.force_login(region.users[who])
        response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        if english := english_left(response.content.decode(), language):
            left[who] = english
    assert left == {}
