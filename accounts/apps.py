from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import revocation  # noqa: F401  (ends API tokens when a password changes)
        from accounts.groups import sync_role_groups

        post_migrate.connect(
            sync_role_groups, sender=self, dispatch_uid="accounts.sync_role_groups"
        )
