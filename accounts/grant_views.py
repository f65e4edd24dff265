from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.grants import GrantAlreadyDecided, access_grant_confirm, access_grant_refuse
from accounts.models import AccessGrant


def _decide(request, grant_id: int, service, done: str):
    try:
        grant = service(grant_id=grant_id, by=request.user, request=request)
    except AccessGrant.DoesNotExist:
        raise Http404 from None
    except GrantAlreadyDecided:
        messages.error(request, _("This grant was decided meanwhile; nothing changed."))
    else:
        messages.success(request, done % {"account": grant.user.email})
    return redirect("home")


@require_POST
@login_required
def access_grant_confirm_view(request, grant_id: int):
    return _decide(request, grant_id, access_grant_confirm, _("Access of %(account)s confirmed."))


@require_POST
@login_required
def access_grant_refuse_view(request, grant_id: int):
    return _decide(request, grant_id, access_grant_refuse, _("Access of %(account)s refused."))
