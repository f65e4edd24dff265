"""The second factor (TOTP, django-otp): required for coordinators and administrators.

After the password, a person whose role requires it (or who has set one up) proves the code
of their authenticator app before anything else; someone without a device yet is taken to
set one up. The API's token authentication is not a session: tokens are handed out by the
operator (`provision_user`), never by a session that skipped this step.
"""

import base64
import io
import math

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import SECOND_FACTOR_ROLES
from audit.models import Action
from audit.services import audit_record

# A code of the 30-second step before or after the server's current one is accepted: a phone's
# clock a few seconds off, a code typed as it changed. Two steps away is refused.
ADJACENT_STEPS = 1

# What a signed-in person who still owes the second factor may reach.
OPEN_PATHS = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/jsi18n/")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _token(form) -> str:
    """The code as an app shows it may hold a space ("123 456")."""
    return "".join(form.cleaned_data["token"].split())


def _check(devices, token: str):
    """(the device that accepts `token`, None) or (None, why not). A device still holding
    back after wrong codes (django-otp waits 1, 2, 4... seconds) is not asked: the person is
    told to wait, not that a right code is wrong."""
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and (data or {}).get("locked_until"):
            waits.append(data["locked_until"])
        elif allowed and device.verify_token(token):
            return device, None
    if waits and len(waits) == len(devices):
        seconds = max(1, math.ceil((min(waits) - timezone.now()).total_seconds()))
        return None, ngettext(
            "After a wrong code, wait %(seconds)s second, then enter the current code.",
            "After a wrong code, wait %(seconds)s seconds, then enter the current code.",
            seconds,
        ) % {"seconds": seconds}
    return None, _("That code is not right. Try the current one.")


def needs_second_factor(user) -> bool:
    if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_verified():
        return False
    return user.role in SECOND_FACTOR_ROLES or django_otp.user_has_device(user)


class SecondFactorRequiredMiddleware:
    """Place after django-otp's OTPMiddleware, which tells whether a session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and needs_second_factor(user)
            and not request.path.startswith(OPEN_PATHS)
        ):
            step = "two_factor_verify" if django_otp.user_has_device(user) else "two_factor_setup"
            return redirect(f"{reverse(step)}?next={request.get_full_path()}")
        return self.get_response(request)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor_setup(request):
    if django_otp.user_has_device(request.user):
        return redirect("two_factor_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user,
        confirmed=False,
        defaults={"name": "authenticator", "tolerance": ADJACENT_STEPS},
    )
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        accepted, refusal = _check([device], _token(form))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            audit_record(
                action=Action.SECOND_FACTOR,
                actor=request.user,
                request=request,
                detail={"step": "set up"},
            )
            return redirect(_next(request))
        form.add_error("token", refusal)
        status = 400
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret, "next": _next(request)},
        status=status,
    )


@login_required
def two_factor_verify(request):
    if not django_otp.user_has_device(request.user):
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Locked, as django-otp's match_token does: one code is not accepted twice at once.
        with transaction.atomic():
            devices = list(devices_for_user(request.user, confirmed=True, for_verify=True))
            device, refusal = _check(devices, _token(form))
        if device is not None:
            django_otp.login(request, device)
            audit_record(
                action=Action.SECOND_FACTOR,
                actor=request.user,
                request=request,
                detail={"step": "verified"},
            )
            return redirect(_next(request))
        audit_record(action=Action.SECOND_FACTOR_FAILED, actor=request.user, request=request)
        form.add_error("token", refusal)
        status = 400
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )
