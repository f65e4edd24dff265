"""Certificates, the ledger of published cells, and re-auditing a release from the database."""

import pytest
from django.core.management import CommandError, call_command

from reporting.models import Release, ReleaseCell
from reporting.releases import release_start
from tests.reporting.helpers import run, validated

BASE = "/api/v1/statistics"


@pytest.fixture
def publish(region, django_capture_on_commit_callbacks):
    def publish(**policy) -> Release:
        with django_capture_on_commit_callbacks(execute=True):
            release = release_start(user=region.users["regional"], **policy)
        release.refresh_from_db()
        return release

    return publish


@pytest.fixture
def counted(region):
    """Serbia has six victims and Albania one, in one year."""
    for _ in range(6):
        validated(region)
    validated(region, caseworker="caseworker_al_ngo")
    run()


def test_a_release_carries_its_certificate(counted, publish):
    release = publish()
    certificate = release.certificate
    assert (release.status, release.progress, certificate["passed"]) == ("published", 100, True)
    assert certificate["policy"] == {"threshold": 5, "rounding_base": 1}
    assert certificate["solver"]["name"] == "HiGHS" and certificate["solver"]["scipy"]
    assert len(certificate["constraints"]["sha256"]) == 64
    assert certificate["audited_against"] == []
    albania = [
        entry
        for entry in certificate["sensitive_cells"]
        if entry["cell"]["territory"] == "AL" and entry["cell"]["table"] == "thb_victims"
    ]
    # Nothing caps Albania's one victim: the region's total is withheld in every table.
    assert albania == [
        {
            "cell": {
                "table": "thb_victims",
                "territory": "AL",
                "year": albania[0]["cell"]["year"],
                "sex": "total",
                "age": "total",
                "breakdown": "total",
                "category": "total",
            },
            "interval": [1.0, None],
            "insider": None,
            "insider_maximum": None,
            "passed": True,
        }
    ]
    assert certificate["suppressed"] == ReleaseCell.objects.filter(flag="c").count()


def test_the_certificate_lists_sensitive_cells_only_to_regional_coordinators(counted, publish, api):
    release = publish()
    whole = api("regional").get(f"{BASE}/releases/{release.number}/certificate/").json()
    assert whole["sensitive_cells"] and whole["salt"]
    for person in ("viewer", "national_rs", "caseworker_rs_ngo"):
        shown = api(person).get(f"{BASE}/releases/{release.number}/certificate/").json()
        assert "sensitive_cells" not in shown and "salt" not in shown
        assert shown["constraints"] == whole["constraints"]
        assert shown["passed"] is True


def test_a_later_release_is_audited_against_the_earlier_ones(counted, publish, region):
    first = publish()
    validated(region, caseworker="caseworker_al_ngo")
    run()
    second = publish()
    assert second.certificate["audited_against"] == [first.number]
    assert second.certificate["passed"] is True
    # Albania changed (1 to 2 victims): its new count is a new unknown, its old one stays in
    # the program, and both are audited.
    assert (
        second.certificate["constraints"]["unknowns"] > first.certificate["constraints"]["unknowns"]
    )


def test_a_cell_an_earlier_release_published_cannot_be_protected_and_nothing_is_published(
    counted, publish
):
    # k = 1 publishes Albania's one victim; under k = 5 it is sensitive but already public.
    assert publish(threshold=1).status == "published"
    failed = publish(threshold=5)
    assert failed.status == "failed"
    assert failed.certificate["passed"] is False
    assert not ReleaseCell.objects.filter(release=failed).exists()
    assert any(not entry["passed"] for entry in failed.certificate["sensitive_cells"])


def test_a_failed_release_and_its_certificate_are_not_found_by_readers(counted, publish, api):
    publish(threshold=1)
    failed = publish(threshold=5)
    path = f"{BASE}/releases/{failed.number}/certificate/"
    assert api("viewer").get(path).status_code == 404
    assert api("regional").get(path).json()["passed"] is False


def test_audit_release_reruns_the_audit_and_agrees_with_the_certificate(
    counted, publish, region, capsys
):
    publish()
    validated(region, caseworker="caseworker_al_ngo")
    run()
    second = publish()
    call_command("audit_release", second.number)
    assert "agrees with the certificate" in capsys.readouterr().out


def test_audit_release_reports_a_certificate_that_does_not_match(counted, publish, capsys):
    release = publish()
    tampered = release.certificate
    tampered["sensitive_cells"][0]["interval"] = [1.0, 9.0]
    Release.objects.filter(pk=release.pk).update(certificate=tampered)
    with pytest.raises(CommandError, match="does not match"):
        call_command("audit_release", release.number)
    assert "differs" in capsys.readouterr().out


def test_audit_release_finds_a_cell_published_that_should_not_be(counted, publish, capsys):
    release = publish()
    # As if the release had published Albania's count.
    ReleaseCell.objects.filter(
        release=release, table="thb_victims", territory="AL", sex="total", category="total"
    ).update(value=1, flag="")
    with pytest.raises(CommandError):
        call_command("audit_release", release.number)
    assert "fails" in capsys.readouterr().out
