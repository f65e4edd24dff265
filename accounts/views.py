from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from accounts.access import territories_in_scope
from accounts.home import home_desks
from accounts.password_change import (
    password_change_locked,
    password_change_refused,
    password_change_succeeded,
)
from accounts.selectors import (
    access_grant_awaited_by,
    access_grants_pending_for,
    account_events_for,
)
from reporting.pages.views import headline_charts


@login_required
def home(request):
    return render(
        request,
        "accounts/home.html",
        {
            "territories": territories_in_scope(request.user),
            "headline_charts": headline_charts(request.user),
            "access_awaited": access_grant_awaited_by(request.user),
            "confirms_access": request.user.has_perm("accounts.confirm_accessgrant"),
            "access_grants": access_grants_pending_for(request.user),
            "account_events": account_events_for(request.user),
            **home_desks(request.user, request=request),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def post(self, request, *args, **kwargs):
        if password_change_locked(user=request.user):
            return self.locked()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            password_change_succeeded(user=form.user, request=self.request)
        return response

    def form_invalid(self, form):
        if password_change_refused(
            user=self.request.user,
            request=self.request,
            fields=list(form.errors),
            wrong_password=form.has_error("old_password", "password_incorrect"),
        ):
            return self.locked()
        return super().form_invalid(form)

    def locked(self):
        context = self.get_context_data(form=self.get_form_class()(self.request.user), locked=True)
        return self.render_to_response(context, status=429)


@require_GET
@login_required
def session_ping(request):
    """Touching the session pushes its idle expiry forward ("Stay signed in")."""
    return HttpResponse(status=204)
