"""A service's ValidationError, put back on the fields its keys name."""

from django.core.exceptions import ValidationError


class ServiceErrors:
    """A mixin for a form (or a set of forms) that re-renders a service's refusal.

    Each key names a field; `error_target` says which form holds it. A key that names no
    field, and an error without keys, go on the whole (via the object's own `add_error`).
    """

    def attach(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            form, field = self.error_target(key)
            if field in form.fields:
                form.add_error(field, messages)
            else:
                self.add_error(None, messages)

    def error_target(self, key: str):
        return self, key
