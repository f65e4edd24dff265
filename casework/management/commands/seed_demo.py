import time

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_user, demo_users_lines
from casework.demo.seed import DemoAlreadySeeded, seed_demo
from casework.errors import CaseworkError
from reporting.models import AggregationRun
from reporting.releases import release_start
from reporting.runs import aggregation_run

DEFAULT_CASES = 12_000  # a few dozen to a hundred victims per territory and year


class Command(BaseCommand):
    help = (
        "Seed a synthetic region (2009-2013, six territories, every case type) with demo users "
        "of every role, then run the aggregation and publish a first release. Only into a "
        "database holding no real case. Ends with the demo users and their passwords, also "
        "when the region is there already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-release",
            action="store_true",
            help="stop after the cases and the run (bin/run has the release audited by "
            "`demo_release`, in the background)",
        )

    def handle(self, *args, cases, seed, no_release, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        self._step(f"Seeding the demo region: {cases:,} cases (seed {seed})...")
        try:
            seeded = seed_demo(cases=cases, seed=seed)
        except DemoAlreadySeeded as seeded_before:
            self.stdout.write(str(seeded_before))  # what was asked for is there: not a failure
            self._users()
            return
        except CaseworkError as refused:
            raise CommandError(str(refused)) from None
        self._step(f"Wrote {seeded.cases:,} cases in {seeded.seconds:.1f} s (seed {seed}).")

        self._step("Aggregating the cases...")
        started = time.perf_counter()
        run = aggregation_run(run_id=AggregationRun.objects.create(full=True).pk)
        self._step(
            f"Aggregation run {run.pk}: {run.status}, {run.cases_read:,} cases read "
            f"in {time.perf_counter() - started:.1f} s."
        )
        if not no_release:
            self._step("Publishing a first release (its disclosure audit takes a minute or two)...")
            try:
                release = release_start(user=demo_user("regional"))
            except CaseworkError as refused:
                raise CommandError(str(refused)) from None
            release.refresh_from_db()
            self._step(f"Release {release.number}: {release.status}.")
        self._users(seeded.users)

    def _step(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _users(self, made=()) -> None:
        for line in demo_users_lines(made):
            self.stdout.write(line)
