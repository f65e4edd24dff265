"""One mapping from a refusal to its answer (`casework.refusals`), and releases, runs and
imports that are not found as themselves, still 404 with the bodies they had."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from casework.demo.seed import DemoAlreadySeeded, RealCasesPresent
from casework.errors import (
    ActionNotAllowed,
    CaseNotFound,
    CaseworkError,
    DuplicateExternalId,
    ImportNotFound,
    NotFound,
    ReleaseNotFound,
    RunNotFound,
    StaleVersion,
    TerritoryNotFound,
    TransitionNotAllowed,
)
from casework.imports.services import FileTooLarge
from casework.imports.uploads import UploadTooLarge
from casework.refusals import page_error, refusal_body, refusal_status, refusal_text
from reporting.releases import PartitionsPending

BASE = "/api/v1/statistics"

# ACCESS.md: out of scope 404, the role lacks the action 403, the state forbids it 409.
STATUS = [
    (CaseNotFound(), 404),
    (ImportNotFound(), 404),
    (RunNotFound(), 404),
    (ReleaseNotFound(), 404),
    (TerritoryNotFound(), 404),
    (ActionNotAllowed(), 403),
    (TransitionNotAllowed(), 409),
    (StaleVersion(), 409),
    (DuplicateExternalId(7), 409),
    (PartitionsPending(), 409),
    (RealCasesPresent(), 409),
    (DemoAlreadySeeded(), 409),
    (FileTooLarge("too large"), 413),
    (UploadTooLarge("too large"), 413),
    (CaseworkError(), 400),
    (ValidationError("bad"), 400),
    (ValidationError({"month": ["bad"]}), 400),
]


@pytest.mark.parametrize(("refusal", "status"), STATUS, ids=[type(r).__name__ for r, _ in STATUS])
def test_each_refusal_answers_its_status(refusal, status):
    assert refusal_status(refusal) == status


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_refusal_class_carries_a_status_of_access_md():
    assert {type(refusal) for refusal, _ in STATUS} <= set(_subclasses(CaseworkError)) | {
        CaseworkError,
        ValidationError,
    }
    for cls in _subclasses(CaseworkError):
        assert cls.status_code in {400, 403, 404, 409, 413}, cls


@pytest.mark.parametrize(
    "refusal", [CaseNotFound(), ImportNotFound(), RunNotFound(), ReleaseNotFound()]
)
def test_a_page_answers_a_record_not_found_with_djangos_404(refusal):
    error = page_error(refusal)
    assert isinstance(error, Http404)
    assert str(error) == str(refusal.message)


def test_a_page_answers_a_role_refusal_with_djangos_403_and_says_the_rest_itself():
    assert isinstance(page_error(ActionNotAllowed()), PermissionDenied)
    assert page_error(TransitionNotAllowed()) is None
    assert page_error(ValidationError("bad")) is None


def test_releases_and_runs_are_not_found_as_themselves_not_as_cases():
    for refusal in (ReleaseNotFound(), RunNotFound(), ImportNotFound()):
        assert isinstance(refusal, NotFound)
        assert not isinstance(refusal, CaseNotFound)


def test_the_api_body_holds_the_message_and_what_the_refusal_adds():
    assert refusal_body(DuplicateExternalId(7)) == {
        "detail": "A case with this external id exists already.",
        "id": 7,
    }
    assert refusal_body(ValidationError({"__all__": ["a"], "month": ["b"]})) == {
        "detail": ["a"],
        "month": ["b"],
    }
    assert refusal_body(ValidationError("c")) == {"detail": ["c"]}


def test_the_admin_and_the_commands_tell_a_refusal_as_one_line():
    assert refusal_text(StaleVersion()).startswith("Someone changed this case")
    assert refusal_text(ValidationError({"month": ["b"], "sex": ["c"]})) == "b c"


def test_a_run_or_release_not_found_answers_404_with_the_body_it_had(api, region):
    from reporting.models import AggregationRun

    assert api("regional").get(f"{BASE}/runs/999/").json() == {"detail": "No such run."}
    theirs = AggregationRun.objects.create(territory="AL")
    response = api("national_rs").get(f"{BASE}/runs/{theirs.pk}/")
    assert (response.status_code, response.json()) == (404, {"detail": "No such run."})
    response = api("regional").get(f"{BASE}/releases/99/")
    assert (response.status_code, response.json()) == (404, {"detail": "No such release."})
    response = api("viewer").get(f"{BASE}/releases/99/certificate/")
    assert (response.status_code, response.json()) == (404, {"detail": "No such release."})
    response = api("national_rs").post(f"{BASE}/runs/", {"territory": "AL"}, format="json")
    assert response.json() == {"detail": "No such territory in your scope."}


def test_a_release_not_found_is_a_404_page(client, region):
    client.force_login(region.users["viewer"])
    assert client.get("/statistics/?release=99").status_code == 404
    assert client.get("/statistics/?release=abc").status_code == 404
