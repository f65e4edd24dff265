from django.core.management.base import BaseCommand

from accounts.demo import demo_users_create, demo_users_lines


class Command(BaseCommand):
    help = (
        "Create a demo user of every role, then list the demo users with their passwords "
        "(kept for development; see accounts/demo.py)."
    )

    def handle(self, *args, **options):
        made = demo_users_create()
        if not made:
            self.stdout.write("The demo users exist already.")
        for line in demo_users_lines(made):
            self.stdout.write(line)
