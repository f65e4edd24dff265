"""403, 404 and 500 answer a page in the site's frame (header, language switcher, footer) in
the reader's language; under /api/ they stay JSON. The 500 page is the anonymous frame and
asks nothing of the database or the session."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.territories import KOSOVO_FOOTNOTE
from config.api import server_error_page
from tests.casework.cases import record

pytestmark = pytest.mark.urls("tests.config.error_urls")

HEADINGS = {403: "Not allowed", 404: "Page not found", 500: "Something went wrong"}


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def said(text, language: str) -> str:
    with translation.override(language):
        return translation.gettext(str(text)) if isinstance(text, str) else str(text)


def assert_framed(response, status: int, language: str = "en"):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert 'class="language-switcher"' in page
    assert 'class="site-footer"' in page
    assert said(KOSOVO_FOOTNOTE, language) in page
    assert f'<html lang="{language}">' in page
    assert f"<h1>{said(HEADINGS[status], language)}</h1>" in page
    assert f'href="{reverse("home")}"' in page
    return page


def test_a_refusal_answers_403_in_the_frame_of_the_signed_in_person(client, region):
    client.force_login(region.users["caseworker_rs_ngo"])

    page = assert_framed(client.get("/failing/forbidden/", HTTP_ACCEPT_LANGUAGE="hr"), 403, "hr")

    assert "caseworker.rs_ngo@example.org" in page  # the header knows who is signed in
    assert 'name="csrfmiddlewaretoken"' in page


def test_internal_statistics_refused_to_a_caseworker_answer_the_403_page(client, region):
    client.force_login(region.users["caseworker_rs_ngo"])

    response = client.get(reverse("statistics:index"), {"release": "internal"})

    assert_framed(response, 403)


@pytest.mark.parametrize("path", ["/failing/missing/", "/no-such-page/"])
def test_a_missing_page_answers_404_in_the_frame(client, db, path):
    assert_framed(client.get(path, HTTP_ACCEPT_LANGUAGE="sq"), 404, "sq")


def test_a_case_out_of_scope_answers_the_same_404_page(client, region):
    case = record(region.users["caseworker_rs_ngo"])
    client.force_login(region.users["caseworker_al_ngo"])

    page = assert_framed(client.get(reverse("casework:detail", args=[case.pk])), 404)

    assert case.reference not in page


def test_a_server_error_answers_500_in_the_anonymous_frame(region):
    browser = Client(raise_request_exception=False)
    browser.force_login(region.users["national_rs"])

    response = browser.get("/failing/broken/", HTTP_ACCEPT_LANGUAGE="mk")

    page = assert_framed(response, 500, "mk")
    # Nobody's name: the page does not read the session or the user.
    assert "national.rs@example.org" not in page
    assert "a bug" not in page
    # The language switcher still works: it carries its CSRF token.
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_500_page_needs_no_database_and_no_user():
    # No `db` fixture: any query would raise. No session, no user: nothing ran before.
    request = RequestFactory().get("/cases/")
    with translation.override("cnr"):
        response = server_error_page(request)

    assert_framed(response, 500, "cnr")


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/api/v1/failing/forbidden/", 403, "You do not have permission to perform this action."),
        ("/api/v1/failing/missing/", 404, "Not found."),
        ("/api/v1/no-such-endpoint/", 404, "Not found."),
        ("/api/v1/failing/broken/", 500, "Server error."),
    ],
)
def test_under_the_api_errors_stay_json(region, path, status, detail):
    browser = Client(raise_request_exception=False)
    browser.force_login(region.users["national_rs"])

    response = browser.get(path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}
