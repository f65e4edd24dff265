import time

from django.core.management.base import BaseCommand

from accounts.demo import demo_users
from accounts.roles import Role
from casework.errors import CaseworkError
from config.work import work_carry_out
from reporting.models import Release
from reporting.releases import release_publish, release_start

# A line of the audit's progress at most this often (it moves a percent at a time).
EVERY_SECONDS = 5.0


class Command(BaseCommand):
    help = (
        "The demo's first release, audited here while the server already answers (bin/run "
        "starts it in the background): starts it when there is none, carries on one left "
        "auditing by an interrupted start, and prints the audit's progress. Does nothing once "
        "a release is published or failed."
    )

    def handle(self, *args, **options):
        latest = Release.objects.order_by("-number").first()
        if latest is None:
            regional = demo_users().filter(role=Role.REGIONAL_COORDINATOR).first()
            if regional is None:
                self._say("No demo regional coordinator: no release was started.")
                return
            try:
                latest = release_start(user=regional, send=False)
            except CaseworkError as refused:  # changes wait for a run: not a failure
                self._say(f"No release was started: {refused}")
                return
        elif latest.status != Release.State.AUDITING:
            self._say(f"Release {latest.number}: {latest.status}.")
            return
        self._audit(latest)

    def _audit(self, release: Release) -> None:
        started = time.monotonic()
        said = [started]
        number = release.number
        self._say(
            f"Release {number}: auditing its disclosure in the background (a minute or two); "
            "the statistics pages say it is being prepared until it is published."
        )

        def progress(percent: int) -> None:
            now = time.monotonic()
            if now - said[0] >= EVERY_SECONDS:
                said[0] = now
                self._say(f"Release {number}: audit {percent} % done ({now - started:.0f} s).")

        def carry_out():
            return release_publish(release_id=release.pk, on_progress=progress)

        try:
            done = work_carry_out(Release, release.pk, carry_out)
        except Exception as error:  # recorded on the release (its reason) by work_carry_out
            self._say(f"Release {number}: the audit failed ({type(error).__name__}).")
            raise
        done = Release.objects.get(pk=release.pk) if done is None else done
        self._say(f"Release {number}: {done.status} after {time.monotonic() - started:.0f} s.")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
