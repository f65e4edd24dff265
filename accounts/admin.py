"""Users and organisations in the admin. An administrator gives an address and the access to
ask for; they never see or set a password, nor an activation link (only when one was sent),
and a role that reads cases waits for a regional coordinator's confirmation."""

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.activation import activation_send
from accounts.forms import UserAccessForm, UserInviteForm
from accounts.grants import access_grant
from accounts.models import AccessGrant, Organisation, User
from accounts.services import user_invite
from casework.admin.dates import datetime_field
from casework.admin.readonly import ReadOnlyAdminMixin

# Groups mirror the roles declared in code (accounts.roles); they are not edited by hand.
admin.site.unregister(Group)

ACCESS_ASKED = ["grant_role", "grant_organisation", "grant_territory"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "role",
        "organisation",
        "territory",
        "access_pending",
        "is_active",
        "activation_sent_at_display",
        "last_login_display",
    ]
    list_filter = ["role", "territory", "is_active"]
    search_fields = ["email", "organisation__name"]
    actions = ["send_activation"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = UserAccessForm if obj is not None else UserInviteForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["email"]}),
                (_("Access to ask for"), {"fields": ACCESS_ASKED}),
            ]
        return [
            (None, {"fields": ["email", "is_active"]}),
            (
                _("Access in effect"),
                {"fields": ["role", "organisation", "territory", "access_pending"]},
            ),
            (_("Access to ask for"), {"fields": ACCESS_ASKED}),
            (
                _("Status"),
                {
                    "fields": [
                        "activation_sent_at_display",
                        "last_login_display",
                        "date_joined_display",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The address is where activation links go: changing it would hand the account over.
        return [
            "email",
            "role",
            "organisation",
            "territory",
            "access_pending",
            "activation_sent_at_display",
            "last_login_display",
            "date_joined_display",
        ]

    activation_sent_at_display = datetime_field(User, "activation_sent_at")
    last_login_display = datetime_field(User, "last_login")
    date_joined_display = datetime_field(User, "date_joined")

    def get_queryset(self, request):
        pending = AccessGrant.objects.filter(status=AccessGrant.Status.PENDING)
        return (
            super()
            .get_queryset(request)
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "access_grants",
                    queryset=pending.select_related("organisation"),
                    to_attr="pending_grants",
                )
            )
        )

    @admin.display(description=_("awaiting confirmation"))
    def access_pending(self, user):
        grant = next(iter(user.pending_grants), None)
        if grant is None:
            return "—"
        scope = grant.scope_display()
        return f"{grant.get_role_display()} ({scope})" if scope else grant.get_role_display()

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except OSError:  # the mail server refused or is down: the transaction took it all back
            self.message_user(
                request,
                _("No activation link could be sent, so no account was made; try again later."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change:
            user = user_invite(
                email=obj.email, **form.access_asked(), by=request.user, request=request
            )
            # The admin goes on with its own instance (its log entry, its redirect).
            obj.pk = user.pk
            obj.refresh_from_db()
            return
        if "is_active" in form.changed_data:
            obj.save(update_fields=["is_active"])
        if form.access_changed():
            access_grant(user=obj, **form.access_asked(), by=request.user, request=request)
            obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Send an activation link (the password and authenticator are reset)"),
        permissions=["change"],
    )
    def send_activation(self, request, queryset):
        count = 0
        for user in queryset:
            try:
                activation_send(user=user, by=request.user, request=request)
            except OSError:  # the mail server refused or is down: nothing was recorded
                self.message_user(
                    request,
                    _("No activation link could be sent to %(email)s; try again later.")
                    % {"email": user.email},
                    messages.ERROR,
                )
            else:
                count += 1
        self.message_user(
            request,
            ngettext(
                "An activation link was sent to %(count)d user.",
                "Activation links were sent to %(count)d users.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every grant and its decision, read-only: regional coordinators decide pending grants
    on their home page."""

    list_display = [
        "user",
        "role",
        "organisation",
        "territory",
        "status",
        "requested_by",
        "requested_at_display",
        "decided_by",
        "decided_at_display",
    ]
    fields = readonly_fields = list_display
    list_filter = ["status", "role"]
    search_fields = ["user__email"]
    list_select_related = ["user", "organisation", "requested_by", "decided_by"]

    requested_at_display = datetime_field(AccessGrant, "requested_at")
    decided_at_display = datetime_field(AccessGrant, "decided_at")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "kind"]

    def get_readonly_fields(self, request, obj=None):
        # An organisation's cases keep the territory they were recorded in; moving the
        # organisation would split its cases from its imports and coordinators. Its name is
        # what a regional coordinator reads when confirming access to those cases: renamed
        # for the confirmation and back after it, it would make their check a formality.
        if obj is not None and obj.cases.exists():
            return ["name", "territory"]
        return []

    list_filter = ["territory", "kind"]
    search_fields = ["name"]
