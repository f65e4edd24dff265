from django.core.management.base import BaseCommand, CommandError

from reporting.certificates import certificate, differences, reaudit
from reporting.ledger import release_rows
from reporting.models import Release


class Command(BaseCommand):
    help = (
        "Re-run the audit of release N from the database (its cells as published, against the "
        "releases its certificate names) and compare with its certificate."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", type=int)

    def handle(self, *args, **options):
        try:
            release = Release.objects.get(number=options["number"])
        except Release.DoesNotExist:
            raise CommandError(f"No release {options['number']}.") from None
        if release.status != Release.State.PUBLISHED:
            raise CommandError(f"Release {release.number} is {release.status}, not published.")
        stored = release.certificate
        earlier = list(
            Release.objects.filter(number__in=stored.get("audited_against", [])).order_by("number")
        )
        cells, raw = release_rows(release)
        audit = reaudit(release, cells, raw, earlier)
        recomputed = certificate(release, cells, audit, earlier, salt=stored.get("salt", ""))
        found = differences(stored, recomputed)
        failing = [entry for entry in recomputed["sensitive_cells"] if not entry["passed"]]
        self.stdout.write(
            f"Release {release.number}: {len(recomputed['sensitive_cells'])} sensitive cells, "
            f"{recomputed['suppressed']} suppressed, audited against "
            f"{recomputed['audited_against'] or 'no earlier release'}, "
            f"{audit.outcome.solved} programs solved in {audit.seconds:.2f} s."
        )
        for line in found:
            self.stdout.write(f"  differs: {line}")
        for entry in failing:
            self.stdout.write(f"  fails: {entry['cell']} {entry['interval']}")
        if found or failing:
            raise CommandError(f"Release {release.number} does not match its certificate.")
        self.stdout.write(self.style.SUCCESS("The audit agrees with the certificate."))
