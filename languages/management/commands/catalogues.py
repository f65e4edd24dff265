"""`manage.py catalogues`: a translator's tool (docs/translating.md).

extract   collect the project's strings into locale/ (GNU gettext's xgettext), give each
          catalogue its header, and write Serbian Cyrillic from Serbian Latin
top-up    list in locale_libraries/ every library string users may see that no library
          translates, keeping what is written there
check     list what is untranslated, fuzzy, or lost a placeholder
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import to_locale

from languages.catalogues import (
    PROJECT,
    TOP_UPS,
    catalogue_problems,
    catalogues,
    translated_languages,
)
from languages.writing import CYRILLIC, GENERATED, fix_headers, write_cyrillic, write_top_ups

# Not the product's strings: tests, benchmarks, and what is installed or collected.
IGNORED = [
    *(".venv/*", "tests/*", "bench/*", "staticfiles/*", "media/*", "node_modules/*"),
    # Django's own template, copied to translate what Django forgot: its strings are Django's.
    "templates/admin/search_form.html",
]


class Command(BaseCommand):
    help = "Extract, top up and check the translation catalogues."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["extract", "top-up", "check"])

    def handle(self, *, action, **options):
        if action == "extract":
            written = [
                to_locale(language)
                for language in translated_languages()
                if language not in GENERATED
            ]
            call_command(
                "makemessages",
                locale=written,
                ignore_patterns=IGNORED,
                no_obsolete=True,
                verbosity=0,
            )
            fix_headers()
            write_cyrillic(PROJECT)
            self.stdout.write(
                f"Extracted into {PROJECT}; {to_locale(CYRILLIC)} written from Latin."
            )
        elif action == "top-up":
            for path in write_top_ups():
                self.stdout.write(str(path))
        else:
            problems = [
                problem
                for root in (PROJECT, TOP_UPS)
                for domain in ("django", "djangojs")
                for language, path in catalogues(root, domain)
                for problem in catalogue_problems(language, path)
            ]
            for problem in problems:
                self.stdout.write(str(problem))
            if problems:
                raise CommandError(f"{len(problems)} entries need a translator.")
            self.stdout.write("Every catalogue is complete.")
