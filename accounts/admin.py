from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, BaseUserCreationForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User

# Groups mirror the roles declared in code (accounts.roles); they are not edited by hand.
admin.site.unregister(Group)


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "role", "organisation", "territory")


class PasswordResetByAdministratorForm(AdminPasswordChangeForm):
    """A password set by an administrator must be changed by its owner at next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    change_password_form = PasswordResetByAdministratorForm
    ordering = ["email"]
    list_display = ["email", "role", "organisation", "territory", "is_active", "last_login"]
    list_filter = ["role", "territory", "is_active"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Role and scope"), {"fields": ["role", "organisation", "territory"]}),
        (
            _("Status"),
            {"fields": ["is_active", "must_change_password", "last_login", "date_joined"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "role", "organisation", "territory", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = []


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "kind"]

    def get_readonly_fields(self, request, obj=None):
        # An organisation's cases keep the territory they were recorded in; moving the
        # organisation would split its cases from its imports and coordinators.
        if obj is not None and obj.cases.exists():
            return ["territory"]
        return []

    list_filter = ["territory", "kind"]
    search_fields = ["name"]
