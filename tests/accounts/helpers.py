"""Account tests' shared steps: the administrator's forms posted as the admin posts them, and
the activation link read from the mail that carries it."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

ADD_URL = reverse("admin:accounts_user_add")
NEW_PASSWORD = "a passphrase of my own choosing 7"


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def access_data(role: str, organisation=None, territory: str = "") -> dict:
    """The access asked for, under the admin form's names (and, so that a form of Django's
    own user admin would take it too, under the model's)."""
    organisation_id = organisation.pk if organisation is not None else ""
    return {
        "grant_role": role,
        "grant_organisation": organisation_id,
        "grant_territory": territory,
        "role": role,
        "organisation": organisation_id,
        "territory": territory,
    }


def activation_link(to: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [to]][-1:]
    [link] = re.findall(r"https?://\S+/accounts/activate/\S+/", message.body)
    return link


def activate(client, link: str, password: str = NEW_PASSWORD):
    """Open an activation link and set a password as its page asks; the final response."""
    page = client.get(link, follow=True)
    if page.context is None or not page.context.get("validlink"):
        return page
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def can_sign_in(email: str, password: str) -> bool:
    """Whether the login page lets `email` in with `password`, in a fresh browser."""
    client = Client()
    client.post(reverse("login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session
