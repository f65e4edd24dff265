from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import activation_views, grant_views, second_factor, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("session/", views.session_ping, name="session_ping"),
    path("two-factor/setup/", second_factor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/", second_factor.two_factor_verify, name="two_factor_verify"),
    path(
        "activate/<uidb64>/<token>/",
        activation_views.ActivationView.as_view(),
        name="activate",
    ),
    path(
        "grants/<int:grant_id>/confirm/",
        grant_views.access_grant_confirm_view,
        name="access_grant_confirm",
    ),
    path(
        "grants/<int:grant_id>/refuse/",
        grant_views.access_grant_refuse_view,
        name="access_grant_refuse",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
