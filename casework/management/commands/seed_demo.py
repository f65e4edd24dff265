from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_user
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
        "database holding no real case."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-release", action="store_true", help="stop after the cases and the run"
        )

    def handle(self, *args, cases, seed, no_release, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        try:
            seeded = seed_demo(cases=cases, seed=seed)
        except DemoAlreadySeeded as seeded_before:
            self.stdout.write(str(seeded_before))  # what was asked for is there: not a failure
            return
        except CaseworkError as refused:
            raise CommandError(str(refused)) from None
        if seeded.users:
            self.stdout.write("Demo users (passwords shown once):")
            for email, role, password in seeded.users:
                self.stdout.write(f"  {email:32} {role:22} {password}")
        self.stdout.write(f"Wrote {seeded.cases:,} cases in {seeded.seconds:.1f} s (seed {seed}).")

        run = aggregation_run(run_id=AggregationRun.objects.create(full=True).pk)
        self.stdout.write(f"Aggregation run {run.pk}: {run.status}, {run.cases_read:,} cases read.")
        if no_release:
            return
        regional = demo_user("regional")
        try:
            release = release_start(user=regional)
        except CaseworkError as refused:
            raise CommandError(str(refused)) from None
        release.refresh_from_db()
        self.stdout.write(f"Release {release.number}: {release.status}.")
