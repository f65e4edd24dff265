"""Releases: frozen, numbered copies of the cells under a disclosure policy."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import audit_record
from casework.errors import ActionNotAllowed, CaseNotFound, CaseworkError
from reporting.cells import all_internal_cells
from reporting.disclosure import apply_policy
from reporting.models import Release, ReleaseCell
from reporting.partitions import any_dirty
from reporting.tables import TABLES


class PartitionsPending(CaseworkError):
    status_code = 409
    default_message = _("A partition awaits its aggregation run; run it, then publish.")


def release_latest() -> Release | None:
    return Release.objects.filter(status=Release.State.PUBLISHED).order_by("-number").first()


def release_get(number) -> Release:
    try:
        return Release.objects.get(number=int(number))
    except (Release.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound(_("No such release.")) from None


def release_published(number) -> Release:
    """A release everyone may read: published; one still auditing, or failed, is not found."""
    release = release_get(number)
    if release.status != Release.State.PUBLISHED:
        raise CaseNotFound(_("No such release."))
    return release


@transaction.atomic
def release_start(*, user: User, threshold: int = 5, rounding_base: int = 1) -> Release:
    """A regional coordinator publishes: the release is audited, then published, in a task."""
    if not user.has_perm("reporting.publish_release"):
        raise ActionNotAllowed()
    if any_dirty():
        raise PartitionsPending()
    number = (Release.objects.select_for_update().aggregate(last=Max("number"))["last"] or 0) + 1
    release = Release.objects.create(
        number=number, threshold=threshold, rounding_base=rounding_base, published_by=user
    )
    audit_record(action=Action.RELEASE, actor=user, detail={"release": number, **release.policy})
    from reporting.tasks import release_task

    release_task.delay_on_commit(release.pk)
    return release


@transaction.atomic
def release_publish(*, release_id: int) -> Release:
    """Freeze the cells under the release's policy. Idempotent; never changes a published
    release."""
    release = Release.objects.select_for_update().get(pk=release_id)
    if release.status != Release.State.AUDITING:
        return release
    cells = all_internal_cells(TABLES)
    raw = {cell.key: cell.value for cell in cells}
    apply_policy(cells, threshold=release.threshold, rounding_base=release.rounding_base)
    ReleaseCell.objects.bulk_create(
        [
            ReleaseCell(
                release=release,
                table=c.table,
                territory=c.territory,
                year=c.year,
                sex=c.sex,
                age=c.age,
                breakdown=c.breakdown,
                category=c.category,
                value=c.value,
                flag=c.flag,
                raw_value=raw[c.key],
            )
            for c in cells
        ],
        batch_size=5000,
    )
    release.status = Release.State.PUBLISHED
    release.published_at = timezone.now()
    release.certificate = {
        "policy": release.policy,
        "method": "primary suppression and the simple secondary rule",
        "cells": len(cells),
        "suppressed": sum(1 for c in cells if c.value is None),
    }
    release.save()
    return release
