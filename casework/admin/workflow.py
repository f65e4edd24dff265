"""The workflow buttons of the admin's case page: validate, return, reopen and withdraw.

Each button is shown only when the user's role and the case's status allow it
(`offered_review_actions`, which mirrors the services' rules) and posts the case's version
as the page showed it. Validation is done at once; the others first ask for the reason on the
page the bulk actions use, which carries that version on. Every one goes through
`case_transition`: a case changed since it was read is refused (the service's 409) and left as
it is; each refusal is told as an error message on the case page. A case out of the user's
scope is a 404, exactly as one that does not exist.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import services
from casework.admin.actions import SEEN_VERSION, reason_page
from casework.display import offered_review_actions
from casework.errors import (
    ActionNotAllowed,
    CaseNotFound,
    CaseworkError,
    StaleVersion,
    TransitionNotAllowed,
)
from casework.refusals import refusal_text
from casework.workflow import TRANSITIONS


@dataclass(frozen=True)
class Button:
    label: Promise
    done: Promise  # the message once done, naming the case's %(reference)s
    # The reason page of the actions that need one.
    title: Promise | None = None  # naming the case's %(reference)s
    intro: Promise | None = None
    submit_label: Promise | None = None


BUTTONS = {
    "validate": Button(
        label=gettext_lazy("Validate"),
        done=gettext_lazy("Case %(reference)s validated."),
    ),
    "return": Button(
        label=gettext_lazy("Return with a reason"),
        done=gettext_lazy("Case %(reference)s returned to its organisation."),
        title=gettext_lazy("Return %(reference)s with a reason"),
        intro=gettext_lazy("The case goes back to its organisation with your reason."),
        submit_label=gettext_lazy("Return the case"),
    ),
    "reopen": Button(
        label=gettext_lazy("Reopen with a reason"),
        done=gettext_lazy("Case %(reference)s reopened."),
        title=gettext_lazy("Reopen %(reference)s with a reason"),
        intro=gettext_lazy(
            "The validated case goes back to its organisation, as returned, with your reason."
        ),
        submit_label=gettext_lazy("Reopen the case"),
    ),
    "withdraw": Button(
        label=gettext_lazy("Withdraw with a reason"),
        done=gettext_lazy("Case %(reference)s withdrawn."),
        title=gettext_lazy("Withdraw %(reference)s"),
        intro=gettext_lazy(
            "The case is withdrawn with your reason: it is kept, with its history, but no "
            "longer counted."
        ),
        submit_label=gettext_lazy("Withdraw this case"),
    ),
}


class CaseWorkflow:
    """A mixin for the case admin: the buttons on the case page and the view they post to."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_workflow"
        view = self.admin_site.admin_view(self.workflow_view)
        # Before the admin's own: its `<path:object_id>/` would take the address first.
        workflow = path("<path:object_id>/workflow/<str:action>/", view, name=name)
        return [workflow, *super().get_urls()]

    def workflow_context(self, request, case) -> dict:
        """What the case page needs to show the buttons the user may press on this case."""
        return {
            "workflow_version": case.version,
            "workflow_buttons": [
                {"action": action, "label": BUTTONS[action].label, "url": self._url(case, action)}
                for action in offered_review_actions(request.user, case)
            ],
        }

    def workflow_view(self, request, object_id, action):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if action not in BUTTONS:
            raise Http404(CaseNotFound.default_message)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        case = self.get_object(request, unquote(object_id))
        if case is None:  # absent or out of scope, the two alike
            raise Http404(CaseNotFound.default_message)
        transition, button = TRANSITIONS[action], BUTTONS[action]
        if not request.user.has_perm(transition.permission):
            raise PermissionDenied(refusal_text(ActionNotAllowed()))
        confirmed = request.POST.get("reason_confirmed") == "yes"
        version = _posted_version(request.POST, case, confirmed=confirmed)
        if version is None:
            return self._refused(request, case, _("Give the version of the case you last read."))

        if transition.needs_reason and not confirmed:
            # The reason page, for the case as the case page showed it, in the order of the
            # service's refusals: its status first, then its version.
            if action not in offered_review_actions(request.user, case):
                return self._refused(request, case, refusal_text(TransitionNotAllowed()))
            if version != case.version:
                return self._refused(request, case, refusal_text(StaleVersion()))
            return self._reason_page(request, case, button)

        try:
            services.case_transition(
                user=request.user,
                case_id=case.pk,
                action=action,
                reason=request.POST.get("reason", ""),
                version=version,
            )
        except ValidationError as refusal:
            reason_refused = getattr(refusal, "error_dict", {}).get("reason")
            if transition.needs_reason and reason_refused:
                error = " ".join(ValidationError(reason_refused).messages)
                return self._reason_page(request, case, button, error=error)
            return self._refused(request, case, refusal_text(refusal))
        except CaseworkError as refusal:
            return self._refused(request, case, refusal_text(refusal))
        self.message_user(request, button.done % {"reference": case.reference}, messages.SUCCESS)
        return HttpResponseRedirect(self._url(case))

    def _reason_page(self, request, case, button, *, error=None):
        return reason_page(
            self,
            request,
            cases=[case],
            title=button.title % {"reference": case.reference},
            intro=button.intro,
            submit_label=button.submit_label,
            reason=request.POST.get("reason", "").strip(),
            error=error,
            back_url=self._url(case),
        )

    def _refused(self, request, case, text: str):
        """Nothing done: back to the case page, which shows the case as it is now."""
        self.message_user(request, text, messages.ERROR)
        return HttpResponseRedirect(self._url(case))

    def _url(self, case, action: str | None = None) -> str:
        name = "workflow" if action else "change"
        args = [case.pk, action] if action else [case.pk]
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )


def _posted_version(post, case, *, confirmed: bool) -> int | None:
    """The case's version as the page that posted showed it: the case page's `version`, or
    the reason page's own field for the case; None when absent or malformed."""
    value = post.get(f"{SEEN_VERSION}{case.pk}" if confirmed else "version", "")
    if value.isascii() and value.isdecimal() and len(value) < 19:
        return int(value)
    return None
