from languages.choice import cookie_language


def remember_language_at_sign_in(sender, request, user, **kwargs):
    """A language picked on the sign-in page, before the user had one, becomes theirs."""
    language = cookie_language(request) if request is not None else None
    if language and not user.language:
        user.language = language
        user.save(update_fields=["language"])
