import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from accounts.roles import Role
from accounts.services import user_provision
from accounts.territories import Territory
from accounts.tokens import api_token_issue


class Command(BaseCommand):
    help = (
        "Create or update a user. The password comes from PROVISION_PASSWORD, or a prompt. "
        "With --api-token, the user's new API token is printed on the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--territory", choices=Territory.values, default="")
        parser.add_argument("--organisation", default="", help="the organisation's exact name")
        parser.add_argument(
            "--organisation-kind",
            choices=Organisation.Kind.values,
            default="",
            help="the kind of a new organisation",
        )
        parser.add_argument("--api-token", action="store_true")

    def handle(self, *args, **options):
        password = os.environ.get("PROVISION_PASSWORD") or self.prompt_password()
        try:
            user = user_provision(
                email=options["email"],
                role=options["role"],
                password=password,
                territory=options["territory"],
                organisation_name=options["organisation"],
                organisation_kind=options["organisation_kind"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Provisioned {user.email} as {user.get_role_display()}.")
        if options["api_token"]:
            try:
                self.stdout.write(api_token_issue(user=user))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error

    def prompt_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return password
