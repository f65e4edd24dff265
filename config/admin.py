"""The admin under the product's name: one site for every app's admins, named once here.

Django's stock "Django administration" would tell a coordinator nothing; the admin carries the
name the pages' header and titles carry (templates/base.html), in the user's language.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy


class AdminSite(admin.AdminSite):
    site_header = gettext_lazy("Western Balkans migration cases")
    site_title = gettext_lazy("Western Balkans migration")
    index_title = gettext_lazy("Case management")


class AdminConfig(DjangoAdminConfig):
    """Django's admin app with this site as `admin.site` (INSTALLED_APPS names it)."""

    default_site = "config.admin.AdminSite"
