"""`demo_release`: bin/run's first release, audited in the background while the server
answers, with its progress printed; the pages say it is being prepared meanwhile."""

import pytest
from django.core.management import call_command

from accounts.demo import demo_user
from config.work import work_send
from reporting.management.commands import demo_release
from reporting.models import Release
from reporting.releases import release_start


@pytest.fixture
def demo_users(db, capsys):
    call_command("create_demo_users")
    capsys.readouterr()


def test_it_publishes_the_first_release_printing_the_audits_progress(
    counted, demo_users, capsys, monkeypatch
):
    monkeypatch.setattr(demo_release, "EVERY_SECONDS", 0)  # a line for every percent
    call_command("demo_release")
    out = capsys.readouterr().out.splitlines()

    release = Release.objects.get()
    assert release.status == Release.State.PUBLISHED
    assert release.published_by == demo_user("regional")
    assert out[0].startswith("Release 1: auditing its disclosure in the background")
    done = [line for line in out if " % done (" in line]
    assert done and done[-1].startswith("Release 1: audit 100 % done")
    assert out[-1].startswith("Release 1: published after ")


def test_it_carries_on_a_release_left_auditing_by_an_interrupted_start(counted, demo_users, capsys):
    left = release_start(user=demo_user("regional"), send=False)
    assert Release.objects.get().status == Release.State.AUDITING

    call_command("demo_release")
    left.refresh_from_db()
    assert left.status == Release.State.PUBLISHED
    assert left.deliveries == 1
    assert Release.objects.count() == 1


def test_it_does_nothing_once_a_release_is_published(published, demo_users, capsys):
    call_command("demo_release")
    assert capsys.readouterr().out == "Release 1: published.\n"
    assert Release.objects.count() == 1


def test_without_a_demo_regional_coordinator_it_starts_nothing(counted, capsys):
    call_command("demo_release")
    assert "no release was started" in capsys.readouterr().out
    assert not Release.objects.exists()


@pytest.mark.parametrize("path", ["/statistics/", "/statistics/thb_victims/"])
def test_the_statistics_pages_say_a_release_still_auditing_is_being_prepared(
    counted, region, login, path
):
    release = release_start(user=region.users["regional"], send=False)
    Release.objects.filter(pk=release.pk).update(progress=42)

    html = login("viewer").get(path).content.decode()
    assert "No release has been published yet." in html
    assert "Release 1 is being prepared: its disclosure audit is 42% done." in html

    work_send(Release, release.pk)  # in-process: the audit runs now
    html = login("viewer").get(path).content.decode()
    assert "is being prepared" not in html
    assert "as release 1." in html
