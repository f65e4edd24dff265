from django.core.management.base import BaseCommand

from accounts.territories import Territory
from reporting.models import AggregationRun
from reporting.runs import aggregation_run


class Command(BaseCommand):
    help = "One aggregation run, in the foreground: dirty partitions, or all with --full."

    def add_arguments(self, parser):
        parser.add_argument("--territory", choices=Territory.values, default="")
        parser.add_argument("--full", action="store_true")

    def handle(self, *args, **options):
        run = AggregationRun.objects.create(territory=options["territory"], full=options["full"])
        run = aggregation_run(run_id=run.pk)
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"Run {run.pk} {run.status}: {run.cases_read} cases read, "
            f"{run.partitions} partitions, {seconds:.2f} s."
        )
