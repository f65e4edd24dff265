"""`/statistics/releases/`: the published releases with their certificates, and for those who
publish releases the policy form, the releases being audited (with their audit's progress,
followed through a small JSON status) and those that failed.

Thin on purpose: who may publish, when publishing is refused and what the audit reports are
`reporting.releases`' rules; this module only shows them and hands the form to it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from casework.errors import CaseworkError, ReleaseNotFound
from reporting.models import Release
from reporting.releases import (
    ROUNDING_BASE_DEFAULT,
    ROUNDING_BASE_RANGE,
    THRESHOLD_DEFAULT,
    THRESHOLD_RANGE,
    release_get,
    release_start,
    releases_for,
    seconds_left,
)


class PolicyForm(forms.Form):
    """The disclosure policy of a new release, within the limits the API takes."""

    threshold = forms.IntegerField(
        label=gettext_lazy("Threshold (k)"),
        min_value=THRESHOLD_RANGE[0],
        max_value=THRESHOLD_RANGE[1],
        initial=THRESHOLD_DEFAULT,
        help_text=gettext_lazy(
            "Counts from 1 to k − 1 are confidential, with the cells that would reveal them."
        ),
    )
    rounding_base = forms.IntegerField(
        label=gettext_lazy("Rounding base"),
        min_value=ROUNDING_BASE_RANGE[0],
        max_value=ROUNDING_BASE_RANGE[1],
        initial=ROUNDING_BASE_DEFAULT,
        help_text=gettext_lazy("1 publishes exact counts; 5 rounds them to a multiple of 5."),
    )


def publishes(user) -> bool:
    return user.has_perm("reporting.publish_release")


def time_left_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return ngettext("About %(count)s second left", "About %(count)s seconds left", seconds) % {
            "count": seconds
        }
    minutes = round(seconds / 60)
    return ngettext("About %(count)s minute left", "About %(count)s minutes left", minutes) % {
        "count": minutes
    }


def audit_progress(release: Release) -> dict:
    """What the page and its status endpoint say of a release's audit, in the reader's
    language: one place, so that the page as loaded and as followed read alike."""
    detail = release.progress_detail or {}
    done, total = detail.get("tables_done"), detail.get("tables_total")
    solved = detail.get("programs_solved", 0)
    seconds = seconds_left(release)
    return {
        "number": release.number,
        "status": release.status,
        "status_label": release.get_status_display(),
        "active": release.status in Release.active_states,
        "percent": release.progress,
        "tables_done": done,
        "tables_total": total,
        "programs_solved": solved,
        "seconds_left": seconds,
        "texts": {
            "tables": (
                _("%(done)s of %(total)s tables done") % {"done": done, "total": total}
                if total
                else _("Reading the cells")
            ),
            "programs": programs_solved_text(solved),
            "time_left": time_left_text(seconds),
        },
    }


def programs_solved_text(count: int) -> str:
    return ngettext(
        "%(count)s attacker program solved", "%(count)s attacker programs solved", count
    ) % {"count": count}


def certificate_summary(release: Release) -> dict | None:
    """What a release's certificate says, in a line each: passed or failed, what was audited,
    how much was suppressed, how much the attacker was tried."""
    certificate = release.certificate or {}
    if "passed" not in certificate:
        return None
    cells, tables = certificate.get("cells", 0), certificate.get("tables")
    audited = (
        ngettext(
            "%(cells)s cells of %(tables)s table audited",
            "%(cells)s cells of %(tables)s tables audited",
            tables,
        )
        % {"cells": cells, "tables": tables}
        if tables  # certificates from before tables were counted
        else _("%(cells)s cells audited") % {"cells": cells}
    )
    suppressed = certificate.get("suppressed", 0)
    return {
        "passed": certificate["passed"],
        "audited": audited,
        "suppressed": ngettext(
            "%(count)s cell suppressed", "%(count)s cells suppressed", suppressed
        )
        % {"count": suppressed},
        "programs": programs_solved_text(certificate.get("programs_solved", 0)),
    }


@require_http_methods(["GET", "POST"])
@login_required
def statistics_releases(request):
    may_publish = publishes(request.user)
    form = PolicyForm() if may_publish else None
    status = 200
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied(_("Only a regional coordinator publishes a release."))
        form = PolicyForm(request.POST)
        if not form.is_valid():
            status = 400
        else:
            try:
                release = release_start(user=request.user, **form.cleaned_data)
            except CaseworkError as refused:
                messages.error(request, refused.message)
                status = refused.status_code
            else:
                messages.success(
                    request,
                    _("Release %(number)s is being audited; it is published once it passes.")
                    % {"number": release.number},
                )
                return redirect(reverse("statistics:releases") + f"#release-{release.number}")
    releases = list(releases_for(request.user))
    return render(
        request,
        "reporting/releases.html",
        {
            "form": form,
            "publishes": may_publish,
            "auditing": [
                (r, audit_progress(r)) for r in releases if r.status == Release.State.AUDITING
            ],
            "published": [
                (r, certificate_summary(r)) for r in releases if r.status == Release.State.PUBLISHED
            ],
            "failed": [
                (r, certificate_summary(r)) for r in releases if r.status == Release.State.FAILED
            ],
        },
        status=status,
    )


@require_GET
@login_required
def statistics_release_status(request, number):
    """A release's audit as JSON, for the page to follow: only for whoever publishes releases
    (for everyone else a release being audited does not exist yet)."""
    if not publishes(request.user):
        raise Http404(_("No such release."))
    try:
        release = release_get(number)
    except ReleaseNotFound:
        raise Http404(_("No such release.")) from None
    response = JsonResponse(audit_progress(release))
    response["Cache-Control"] = "no-store"
    return response
