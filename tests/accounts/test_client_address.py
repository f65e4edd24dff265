"""Behind the README's TLS proxy every connection comes from the proxy; the client's address is
the one the proxy appended to X-Forwarded-For, and nothing a client writes can change it."""

from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.factories import PASSWORD

PROXY = "127.0.0.1"


def sign_in(client, email, password, *, forwarded_for=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": email, "password": password}, **headers)


def test_behind_one_trusted_proxy_a_lockout_holds_only_the_guessing_client(
    client, region, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    email = "national.rs@example.org"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong password", forwarded_for="198.51.100.7")
    assert sign_in(client, email, PASSWORD, forwarded_for="198.51.100.7").status_code == 429
    assert sign_in(client, email, PASSWORD, forwarded_for="203.0.113.9").status_code == 302


def test_behind_one_trusted_proxy_the_audit_records_the_clients_address(client, region, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, "regional@example.org", "wrong password", forwarded_for="198.51.100.7")
    sign_in(client, "regional@example.org", PASSWORD, forwarded_for="203.0.113.9")
    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).ip_address == "198.51.100.7"
    assert AuditEvent.objects.get(action=Action.LOGIN).ip_address == "203.0.113.9"


def test_an_address_a_client_writes_before_the_proxys_own_is_never_believed(
    client, region, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    email = "national.rs@example.org"
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong password", forwarded_for=f"10.9.9.{n}, 198.51.100.7")
    assert sign_in(client, email, PASSWORD, forwarded_for="198.51.100.7").status_code == 429
    failures = AuditEvent.objects.filter(action=Action.LOGIN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, region, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    email = "national.rs@example.org"
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong password", forwarded_for=f"198.51.100.{n}")
    assert sign_in(client, email, PASSWORD, forwarded_for="203.0.113.9").status_code == 429
    failures = AuditEvent.objects.filter(action=Action.LOGIN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {PROXY}
