import secrets

import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_issue
from audit.models import Action, AuditEvent

REFUSED_LIMIT = 5
GUESSES = 20


@pytest.fixture
def throttles(settings):
    """Throttles on, at small rates so that a test passes them in a few requests."""

    def rates(**scopes):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"refused_token": f"{REFUSED_LIMIT}/hour", **scopes},
        }

    rates()
    return rates


def me(key: str, address: str = "10.0.0.1"):
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address)


def test_guessed_tokens_get_429_with_retry_after_once_an_address_passes_the_limit(
    region, throttles
):
    answers = [me(secrets.token_hex(20)) for _ in range(GUESSES)]
    assert [a.status_code for a in answers[:REFUSED_LIMIT]] == [401] * REFUSED_LIMIT
    assert {a.status_code for a in answers[REFUSED_LIMIT:]} == {429}
    assert 0 < int(answers[-1]["Retry-After"]) <= 3600
    assert answers[-1].json()["detail"]


def test_refused_tokens_are_audited_per_address_and_window_not_one_by_one(region, throttles):
    for _ in range(GUESSES):
        me(secrets.token_hex(20))
    events = AuditEvent.objects.filter(action=Action.API_TOKEN_REFUSED).order_by("pk")
    assert [(e.ip_address, e.detail["refused"], e.detail["throttled"]) for e in events] == [
        ("10.0.0.1", 1, False),
        ("10.0.0.1", REFUSED_LIMIT, True),
    ]


def test_one_addresss_guesses_hold_no_other_address(region, throttles):
    for _ in range(REFUSED_LIMIT):
        me(secrets.token_hex(20), address="10.0.0.1")
    assert me(secrets.token_hex(20), address="10.0.0.1").status_code == 429
    assert me(secrets.token_hex(20), address="10.0.0.2").status_code == 401


def test_past_the_limit_a_valid_token_from_the_same_address_still_passes(region, throttles):
    # One office behind one NAT: a colleague's guesses must not lock out everyone's tokens.
    key = api_token_issue(user=region.users["caseworker_rs_ngo"])
    for _ in range(REFUSED_LIMIT):
        me(secrets.token_hex(20))
    assert me(key).status_code == 200
    guessed = me(secrets.token_hex(20))
    assert guessed.status_code == 429
    assert 0 < int(guessed["Retry-After"]) <= 3600
    assert me(key).status_code == 200
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REFUSED).count() == 2


def test_a_signed_in_user_is_throttled_per_account_with_retry_after(api, throttles):
    throttles(user="3/minute")
    national = api("national_rs")
    assert [national.get("/api/v1/me/").status_code for _ in range(3)] == [200] * 3
    refused = national.get("/api/v1/me/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert api("national_al").get("/api/v1/me/").status_code == 200


def test_anonymous_clients_are_throttled_per_address(client, db, throttles):
    throttles(anon="2/minute")
    assert [client.get("/api/docs/").status_code for _ in range(2)] == [200, 200]
    assert client.get("/api/docs/").status_code == 429
    assert client.get("/api/docs/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_signed_in_browser_is_not_held_by_its_addresss_refused_tokens(client, region, throttles):
    for _ in range(REFUSED_LIMIT):
        me(secrets.token_hex(20), address="10.0.0.1")
    client.force_login(region.users["caseworker_rs_ngo"])
    assert client.get("/api/v1/me/", REMOTE_ADDR="10.0.0.1").status_code == 200
