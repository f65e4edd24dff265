from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse

from accounts.activation import activation_complete, activation_tokens
from accounts.models import AccessGrant
from accounts.roles import SECOND_FACTOR_ROLES


class ActivationView(auth_views.PasswordResetConfirmView):
    """The page an activation link opens: the person chooses a password (Django's
    validators), is signed in, and, when their role (or the one awaiting confirmation)
    needs a second factor, is taken straight to enrol it."""

    token_generator = activation_tokens
    template_name = "registration/activation.html"
    # The address the link is swapped for (so it never leaks through a Referer): not a secret.
    reset_url_token = "set-password"  # noqa: S105
    post_reset_login = True
    post_reset_login_backend = "accounts.backends.RoleBackend"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            activation_complete(user=form.user, request=self.request)
        return response

    def get_success_url(self):
        user = self.user
        roles = {user.role} | set(
            user.access_grants.filter(status=AccessGrant.Status.PENDING).values_list(
                "role", flat=True
            )
        )
        if settings.SECOND_FACTOR_REQUIRED and roles & SECOND_FACTOR_ROLES:
            return f"{reverse('two_factor_setup')}?next={reverse('home')}"
        return reverse("home")
