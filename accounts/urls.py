from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import second_factor, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("session/", views.session_ping, name="session_ping"),
    path("two-factor/setup/", second_factor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/", second_factor.two_factor_verify, name="two_factor_verify"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
