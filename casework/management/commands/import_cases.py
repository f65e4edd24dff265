from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation, User
from casework.imports.services import (
    import_receive,
    import_run,
    import_validate,
    too_large_message,
)
from casework.models import CaseType, ImportJob
from casework.refusals import REFUSALS, refusal_text


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of cases, all or nothing, recorded as the given user's."

    def add_arguments(self, parser):
        parser.add_argument("case_type", choices=CaseType.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the organisation's exact name")
        parser.add_argument("--user", required=True, help="the e-mail of the importing user")
        parser.add_argument(
            "--validate",
            action="store_true",
            help="validate the imported cases (a national coordinator's import)",
        )

    def handle(self, *args, **options):
        try:
            user = User.objects.get(email=options["user"].lower())
            organisation = Organisation.objects.get(name=options["organisation"])
        except (User.DoesNotExist, Organisation.DoesNotExist) as missing:
            raise CommandError(str(missing)) from None
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:  # refused before it is read
            raise CommandError(str(too_large_message()))
        try:
            job = import_receive(
                user=user,
                case_type=options["case_type"],
                file_name=path.name,
                content=path.read_bytes(),
                organisation=organisation,
                queue=False,
            )
            job = import_run(import_id=job.pk)
            if job.status != ImportJob.State.SUCCEEDED:
                for error in job.errors:
                    self.stderr.write(f"row {error['row']}, {error['field']}: {error['message']}")
                raise CommandError(f"Nothing imported: {len(job.errors)} errors.")
            self.stdout.write(f"Imported {job.created} cases ({job.rows} rows) as import {job.pk}.")
            if options["validate"]:
                self.stdout.write(f"Validated {import_validate(user=user, import_id=job.pk)}.")
        except REFUSALS as refused:
            raise CommandError(refusal_text(refused)) from None
