from languages.choice import CHOSEN_BEFORE_SIGN_IN, supported


def remember_language_at_sign_in(sender, request, user, **kwargs):
    """A language picked on the sign-in page, by a user who has none yet, becomes theirs.

    Read from the session, not the cookie: a shared office computer keeps the last person's
    cookie, and the next person who signs in did not choose it. Signing in keeps the
    session's data (Django cycles its key); signing out flushes it."""
    language = supported(request.session.pop(CHOSEN_BEFORE_SIGN_IN, None)) if request else None
    if language and not user.language:
        user.language = language
        user.save(update_fields=["language"])
