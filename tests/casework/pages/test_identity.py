"""Identity fields: hashed into a pseudonym, then gone: never stored, logged or echoed back."""

import logging

import pytest
from django.apps import apps
from django.urls import reverse

from casework.models import Case
from tests.casework.pages.posts import as_post

IDENTITY = {"given_names": "Јована", "family_name": "Petrović", "date_of_birth": "1994-03-17"}
TRACES = ("Јована", "jovana", "Petrovi", "petrovic", "1994-03-17")


def everything_stored() -> str:
    """Every row of every table, as text: what an identity must never be found in."""
    return "\n".join(
        repr(list(model.objects.values_list()))
        for model in apps.get_models()
        if not model._meta.proxy
    )


def assert_no_trace(text: str) -> None:
    for trace in TRACES:
        assert trace not in text


def test_identity_fields_are_not_echoed_when_the_form_comes_back_with_errors(login, caplog):
    caplog.set_level(logging.DEBUG)
    client = login("caseworker_rs_ngo")
    post = {**as_post("trafficking", sex=""), **IDENTITY}

    response = client.post(reverse("casework:create", args=["trafficking"]), post)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="given_names"' in html
    assert_no_trace(html)
    assert_no_trace(caplog.text)
    assert not Case.objects.exists()


def test_a_migrants_identity_is_not_echoed_either(login):
    client = login("caseworker_rs_police")
    post = as_post("smuggling", transport="")
    post.update({f"migrants-0-{name}": value for name, value in IDENTITY.items()})

    response = client.post(reverse("casework:create", args=["smuggling"]), post)

    assert response.status_code == 400
    assert_no_trace(response.content.decode())


def test_identity_fields_become_a_pseudonym_and_are_stored_nowhere(login, caplog):
    caplog.set_level(logging.DEBUG)
    client = login("caseworker_rs_ngo")
    post = {**as_post("trafficking"), **IDENTITY}

    response = client.post(reverse("casework:create", args=["trafficking"]), post, follow=True)

    assert response.status_code == 200
    victim = Case.objects.get().victim
    assert victim.pseudonym and len(victim.pseudonym) == 64
    assert_no_trace(everything_stored())
    assert_no_trace(response.content.decode())
    assert_no_trace(caplog.text)


def test_a_migrants_identity_becomes_that_migrants_pseudonym(login):
    client = login("caseworker_rs_police")
    post = as_post("smuggling")
    post.update({f"migrants-1-{name}": value for name, value in IDENTITY.items()})

    client.post(reverse("casework:create", args=["smuggling"]), post)

    first, second = Case.objects.get().incident.migrants.all()
    assert first.pseudonym is None
    assert len(second.pseudonym) == 64
    assert_no_trace(everything_stored())


@pytest.mark.parametrize("missing", ["given_names", "family_name", "date_of_birth"])
def test_identity_is_all_three_fields_or_none(login, missing):
    client = login("caseworker_rs_ngo")
    post = {**as_post("trafficking"), **IDENTITY, missing: ""}

    response = client.post(reverse("casework:create", args=["trafficking"]), post)

    assert response.status_code == 400
    assert "Give all three identity fields, or none." in response.content.decode()
    assert_no_trace(response.content.decode())
    assert not Case.objects.exists()


def test_an_edit_without_identity_keeps_the_pseudonym_already_recorded(login):
    client = login("caseworker_rs_ngo")
    client.post(
        reverse("casework:create", args=["trafficking"]), {**as_post("trafficking"), **IDENTITY}
    )
    case = Case.objects.get()
    before = case.victim.pseudonym

    client.post(
        reverse("casework:edit", args=[case.pk]),
        {**as_post("trafficking", sex="unknown"), "version": "1"},
    )

    case.refresh_from_db()
    assert case.version == 2
    assert case.victim.pseudonym == before


@pytest.mark.parametrize("page", ["create", "edit"])
def test_the_pages_that_take_identity_fields_keep_their_post_out_of_error_reports(rf, region, page):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.views.debug import SafeExceptionReporterFilter

    from casework import views

    request = rf.post("/", {**as_post("trafficking"), **IDENTITY})
    # Refused (403 to create, 404 for a missing case) after the decorators have run.
    request.user = region.users["regional"]
    view, kwargs = {
        "create": (views.case_create, {"case_type": "trafficking"}),
        "edit": (views.case_edit, {"pk": 1}),
    }[page]
    with pytest.raises((PermissionDenied, Http404)):
        view(request, **kwargs)

    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert_no_trace(repr(dict(cleansed)))
