"""An admin action's retry of failed work (imports, runs, releases), through its service."""

from django.contrib import messages
from django.utils.translation import ngettext

from casework.refusals import REFUSALS, refusal_text


def retry_each(model_admin, request, queryset, retry) -> None:
    """Retry each selected record, saying how many were queued again and why others were not."""
    retried = 0
    for obj in queryset:
        try:
            retry(obj)
        except REFUSALS as refusal:
            model_admin.message_user(request, f"{obj}: {refusal_text(refusal)}", messages.ERROR)
        else:
            retried += 1
    if retried:
        model_admin.message_user(
            request,
            ngettext("%(count)d queued again.", "%(count)d queued again.", retried)
            % {"count": retried},
        )
