from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    """The region's eight languages: catalogues, Montenegrin, and each user's choice."""

    name = "languages"
    verbose_name = "Languages"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from languages.signals import remember_language_at_sign_in

        user_logged_in.connect(remember_language_at_sign_in, dispatch_uid="remember_language")
