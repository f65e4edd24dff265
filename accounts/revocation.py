"""A password that changes, by any path (the password form, an administrator's reset, an
activation, `provision_user`, a script), ends every API token of its user; so does a role or
scope that changes (a grant asked or confirmed, `provision_user`): a token was issued for the
access its user had then (a caseworker's, say, with no second factor), not for the next one.

Django's session check does the same for sessions: each session keeps an HMAC of the password
hash it signed in with, so once the hash changes every other session is signed out at its next
request (the password form keeps its own session through `update_session_auth_hash`).
"""

from django.contrib.auth.hashers import is_password_usable
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.tokens import api_tokens_revoke

# What a user's access is: a change of any of these ends their tokens.
ACCESS_FIELDS = ("role", "territory", "organisation_id")


def _access(user) -> tuple | None:
    """The role and scope as loaded, or None when one of them was deferred (a user loaded
    without them changes no access)."""
    loaded = user.__dict__
    if any(field not in loaded for field in ACCESS_FIELDS):
        return None
    return tuple(loaded[field] for field in ACCESS_FIELDS)


@receiver(post_init, sender=User, dispatch_uid="accounts.remember_password_hash")
def remember_password_hash_and_access(sender, instance, **kwargs):
    # Read without loading a deferred field: a user loaded without it changes no password.
    instance._stored_password_hash = instance.__dict__.get("password")
    instance._stored_access = _access(instance)


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_on_new_access")
def revoke_tokens_on_new_access(sender, instance, created, **kwargs):
    old, new = getattr(instance, "_stored_access", None), _access(instance)
    instance._stored_access = new
    if not created and old is not None and new is not None and old != new:
        api_tokens_revoke(user=instance, because="access changed")


def _hash_upgraded(user, old: str, update_fields) -> bool:
    """Django re-hashes a correct password under a stronger hasher when it checks it: the same
    password, so no reason to revoke anything. It saves only the field, with no new password
    pending (`check_password`'s setter)."""
    return (
        update_fields == frozenset({"password"})
        and user._password is None
        and is_password_usable(old)
        and is_password_usable(user.password)
    )


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_on_new_password")
def revoke_tokens_on_new_password(sender, instance, created, update_fields, **kwargs):
    old = getattr(instance, "_stored_password_hash", None)
    new = instance.__dict__.get("password")
    instance._stored_password_hash = new
    # Loaded without its hash, a user changed its password only if one was set on it.
    changed = instance._password is not None if old is None else old != new
    if created or new is None or not changed:
        return
    if _hash_upgraded(instance, old, update_fields):
        return
    api_tokens_revoke(user=instance, because="password changed")
