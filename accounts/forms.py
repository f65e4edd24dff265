"""The administrator's forms for accounts: an address and the access to ask for, never a
password (the person sets their own through an activation link)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.emails import email_normalise
from accounts.grants import scope_for_role
from accounts.models import AccessGrant, Organisation, User
from accounts.roles import Role
from accounts.territories import territory_choices


class AccessFields(forms.Form):
    """The role and scope an administrator asks for; roles that read cases take effect once
    a regional coordinator confirms them."""

    grant_role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    grant_organisation = forms.ModelChoiceField(
        label=_("organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("For a caseworker."),
    )
    grant_territory = forms.ChoiceField(
        label=_("territory"),
        choices=[("", "—")],
        required=False,
        help_text=_("For a national coordinator."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant_territory"].choices = [("", "—"), *territory_choices()]

    def clean(self):
        data = super().clean()
        if "grant_role" in data:
            try:
                scope_for_role(
                    role=data["grant_role"],
                    territory=data.get("grant_territory") or "",
                    organisation=data.get("grant_organisation"),
                )
            except forms.ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return data

    def access_asked(self) -> dict:
        return {
            "role": self.cleaned_data["grant_role"],
            "territory": self.cleaned_data.get("grant_territory") or "",
            "organisation": self.cleaned_data.get("grant_organisation"),
        }


class UserInviteForm(AccessFields, forms.ModelForm):
    class Meta:
        model = User
        fields = ["email"]

    def clean_email(self):
        return email_normalise(self.cleaned_data["email"])


class UserAccessForm(AccessFields, forms.ModelForm):
    class Meta:
        model = User
        fields = ["is_active"]

    def __init__(self, *args, instance: User | None = None, **kwargs):
        if instance is not None and instance.pk:
            # What the account holds, or what awaits confirmation for it.
            asked = instance.access_grants.filter(status=AccessGrant.Status.PENDING).first()
            source = asked or instance
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(
                grant_role=source.role,
                grant_organisation=source.organisation_id,
                grant_territory=source.territory,
            )
        super().__init__(*args, instance=instance, **kwargs)

    def access_changed(self) -> bool:
        return bool(
            {"grant_role", "grant_organisation", "grant_territory"} & set(self.changed_data)
        )
