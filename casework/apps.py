from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Case work")

    def ready(self):
        # The admin registers every app's admins in its own ready(), which runs first.
        from django.contrib import admin

        from casework.admin.changelist import changelists_made_safe

        changelists_made_safe(admin.site)
