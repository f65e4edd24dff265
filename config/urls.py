from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from accounts import views as account_views
from accounts.api import MeView
from languages import views as language_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("casework.urls")),
    path("statistics/", include("reporting.urls")),
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # One password form for the whole site, the one that is rate-limited and audited: the
    # admin's own would take unlimited guesses of the current password, unrecorded.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="password_change", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path("api/v1/", include("casework.api.urls")),
    path("api/v1/statistics/", include("reporting.urls_api")),
    # The contract is public: the schema and its docs need no sign-in (the data does).
    path(
        "api/schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"
    ),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]

handler403 = "config.api.json_permission_denied"
handler404 = "config.api.json_not_found"
handler500 = "config.api.json_server_error"
