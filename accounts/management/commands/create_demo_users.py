from django.core.management.base import BaseCommand

from accounts.demo import demo_users_create


class Command(BaseCommand):
    help = "Create a demo user of every role; passwords are printed once, when made."

    def handle(self, *args, **options):
        created = demo_users_create()
        if not created:
            self.stdout.write(
                "The demo users exist already. To set a password: "
                "PROVISION_PASSWORD=... python manage.py provision_user EMAIL --role ROLE"
            )
            return
        self.stdout.write("Demo users (shown once):")
        for email, role, password in created:
            self.stdout.write(f"  {email:32} {role:22} {password}")
