"""`manage.py compilemessages` without GNU gettext: the install step compiles the catalogues
on a machine that has only Python (README: "Needs Python 3.11 and nothing else").

Like Django's, it writes a `.mo` beside every `.po` of LOCALE_PATHS and leaves fuzzy entries
out, so a seed nobody reviewed never reaches a user. It refuses a catalogue polib cannot read.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po catalogues of LOCALE_PATHS into .mo files."

    def handle(self, **options):
        paths = sorted(
            path for root in settings.LOCALE_PATHS for path in Path(root).glob("*/LC_MESSAGES/*.po")
        )
        for path in paths:
            try:
                catalogue = polib.pofile(str(path))
            except (OSError, ValueError) as error:
                raise CommandError(f"{path}: {error}") from error
            # polib compiles the translated entries only: never a fuzzy or an empty one.
            catalogue.save_as_mofile(str(path.with_suffix(".mo")))
        if options["verbosity"]:
            self.stdout.write(f"Compiled {len(paths)} catalogues.")
