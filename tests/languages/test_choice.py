"""Which language a person is answered in: their remembered choice, then the browser's."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.tokens import api_token_issue
from tests.factories import PASSWORD

SIGN_IN = reverse("login")
HOME = reverse("home")


def signed_in(email: str, **headers) -> Client:
    """A new browser, signed in through the sign-in form, as a person would."""
    browser = Client(**headers)
    response = browser.post(SIGN_IN, {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def html_lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_language_chosen_in_one_browser_is_found_again_in_another(region):
    user = region.users["caseworker_rs_ngo"]
    first = signed_in(user.email)
    first.post(reverse("set_language"), {"language": "mk", "next": HOME})

    other = signed_in(user.email)  # another browser: no cookie, no session of the first

    page = other.get(HOME)
    assert html_lang(page) == "mk"
    with translation.override("mk"):
        sign_out = translation.gettext("Sign out")
    assert sign_out != "Sign out" and sign_out in page.content.decode()
    user.refresh_from_db()
    assert user.language == "mk"


def test_the_remembered_language_wins_over_the_browsers(region):
    user = region.users["caseworker_rs_ngo"]
    user.language = "sq"
    user.save(update_fields=["language"])
    browser = signed_in(user.email, HTTP_ACCEPT_LANGUAGE="sr")
    browser.cookies["django_language"] = "hr"
    response = browser.get(HOME, HTTP_ACCEPT_LANGUAGE="sr")
    assert html_lang(response) == "sq"
    # The browser is given the user's language, so that the sign-in page speaks it after
    # signing out.
    assert response.cookies["django_language"].value == "sq"


def test_a_language_picked_on_the_sign_in_page_becomes_the_users(region):
    user = region.users["caseworker_rs_ngo"]
    browser = Client()
    browser.post(reverse("set_language"), {"language": "bs", "next": SIGN_IN})
    assert html_lang(browser.get(SIGN_IN)) == "bs"
    browser.post(SIGN_IN, {"username": user.email, "password": PASSWORD})
    user.refresh_from_db()
    assert user.language == "bs"


def test_without_a_choice_the_browsers_preference_is_followed(region):
    browser = signed_in(region.users["caseworker_rs_ngo"].email)
    assert html_lang(browser.get(HOME, HTTP_ACCEPT_LANGUAGE="hr,en;q=0.5")) == "hr"
    assert html_lang(browser.get(HOME, HTTP_ACCEPT_LANGUAGE="de")) == "en"


@pytest.mark.parametrize("tag", ["sr-ME", "sr-Latn-ME", "cnr", "cnr-ME"])
def test_a_montenegrin_browser_is_answered_in_montenegrin(client, tag):
    assert html_lang(client.get(SIGN_IN, HTTP_ACCEPT_LANGUAGE=tag)) == "cnr"


@pytest.mark.parametrize(
    ("tag", "language"), [("sr", "sr"), ("sr-RS", "sr"), ("sr-Latn", "sr-latn")]
)
def test_a_serbian_browser_is_answered_in_its_script(client, tag, language):
    assert html_lang(client.get(SIGN_IN, HTTP_ACCEPT_LANGUAGE=tag)) == language


def test_the_sign_in_page_offers_the_eight_languages_each_in_itself(client):
    html = client.get(SIGN_IN).content.decode()
    for code, name in [
        ("en", "English"),
        ("sq", "shqip"),
        ("bs", "bosanski"),
        ("hr", "Hrvatski"),
        ("mk", "Македонски"),
        ("cnr", "crnogorski"),
        ("sr-latn", "srpski (latinica)"),
        ("sr", "српски"),
    ]:
        assert f'value="{code}"' in html and name in html, code


def test_montenegrin_has_its_language_info_and_its_formats():
    info = translation.get_language_info("cnr")
    assert (info["name"], info["name_local"], info["bidi"]) == ("Montenegrin", "crnogorski", False)
    import datetime

    from django.utils import formats

    with translation.override("cnr"):
        assert formats.date_format(datetime.date(2013, 5, 1), "YEAR_MONTH_FORMAT") == "maj 2013."
        assert formats.number_format(12345, force_grouping=True) == "12.345"


def test_a_language_nobody_speaks_is_refused_and_nothing_is_remembered(region):
    user = region.users["caseworker_rs_ngo"]
    browser = signed_in(user.email)
    browser.post(reverse("set_language"), {"language": "xx-evil" * 20, "next": HOME})
    user.refresh_from_db()
    assert user.language == ""
    assert html_lang(browser.get(HOME)) == "en"


def test_the_api_answers_in_the_requests_accept_language(region):
    user = region.users["caseworker_rs_ngo"]
    user.language = "mk"  # the API follows what each request asks, not the person's pages
    user.save(update_fields=["language"])
    token = api_token_issue(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    url = "/api/v1/cases/trafficking/999999999/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    serbian = client.get(url, HTTP_ACCEPT_LANGUAGE="sr")
    albanian = client.get(url, HTTP_ACCEPT_LANGUAGE="sq")

    assert serbian.status_code == albanian.status_code == 404
    for answer, language in ((serbian, "sr"), (albanian, "sq")):
        with translation.override(language):
            assert answer.json()["detail"] == translation.gettext(english) != english
        assert answer["Content-Language"] == language


def test_an_api_error_of_a_library_is_translated_too(region):
    anonymous = Client().get("/api/v1/cases/trafficking/", HTTP_ACCEPT_LANGUAGE="hr")
    assert anonymous.status_code == 401
    english = "Authentication credentials were not provided."
    with translation.override("hr"):
        assert anonymous.json()["detail"] == translation.gettext(english) != english


def test_the_admin_offers_the_switcher_too(client, region):
    client.force_login(region.users["national_rs"])
    html = client.get("/admin/casework/case/").content.decode()
    assert f'action="{reverse("set_language")}"' in html and 'value="cnr"' in html
    client.post(reverse("set_language"), {"language": "cnr", "next": "/admin/"})
    assert html_lang(client.get("/admin/")) == "cnr"


def test_the_last_persons_cookie_is_not_the_next_persons_choice(region):
    """On a shared computer the language cookie outlives a sign-out: it is not a choice."""
    first, second = region.users["caseworker_rs_ngo"], region.users["caseworker_rs_police"]
    first.language = "mk"
    first.save(update_fields=["language"])
    browser = signed_in(first.email)
    browser.get(HOME)
    browser.post(reverse("logout"))
    assert browser.cookies["django_language"].value == "mk"

    browser.post(SIGN_IN, {"username": second.email, "password": PASSWORD})

    second.refresh_from_db()
    assert second.language == ""
