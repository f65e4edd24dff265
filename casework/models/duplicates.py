from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models.case import Case


class DuplicateGroup(models.Model):
    """The persons recorded under one pseudonym, once two cases hold it: a possible duplicate.

    One row a person (`DuplicateMember`), not one a pair: a pseudonym recorded N times costs
    N rows, where pairs cost N²/2 (1,000 rows of one identity made 499,500 pairs).
    """

    # The pseudonym of the person who completed the group, under the key current then; the
    # group is found again by it (a person is hashed under every held key, old ones too).
    # Groups migrated from pairs whose persons held no pseudonym carry a key of their own.
    pseudonym = models.CharField(_("pseudonym"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")

    def __str__(self):
        return _("possible duplicate %(id)s") % {"id": self.pk}


class DuplicateMember(models.Model):
    """A person of a group: a victim or returnee (the case), or one migrant of an incident."""

    class Decision(models.TextChoices):
        POSSIBLE = "possible", _("Possible duplicate")
        NOT_SAME = "not_same", _("Not the same person")
        SAME = "same", _("Same person")

    group = models.ForeignKey(
        DuplicateGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    migrant = models.ForeignKey(
        "SmuggledMigrant",
        verbose_name=_("smuggled migrant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.POSSIBLE
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of a possible duplicate")
        verbose_name_plural = _("members of possible duplicates")
        constraints = [
            # A person is in a group once (a migrant is told apart from the rest of its incident).
            models.UniqueConstraint(
                name="duplicate_member_case_unique",
                fields=["group", "case"],
                condition=Q(migrant__isnull=True),
            ),
            models.UniqueConstraint(
                name="duplicate_member_migrant_unique",
                fields=["group", "migrant"],
                condition=Q(migrant__isnull=False),
            ),
        ]

    def __str__(self):
        return str(self.case)
