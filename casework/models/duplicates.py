from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models.case import Case


class DuplicatePair(models.Model):
    """Two cases whose persons share a pseudonym, until a coordinator decides."""

    class Decision(models.TextChoices):
        POSSIBLE = "possible", _("Possible duplicate")
        NOT_SAME = "not_same", _("Not the same person")
        SAME = "same", _("Same person")

    earlier = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    later = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    # In a smuggling incident, which of its migrants matched (a victim or returnee is the case).
    later_migrant = models.ForeignKey(
        "SmuggledMigrant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.POSSIBLE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(name="duplicate_pair_unique", fields=["earlier", "later"]),
            models.CheckConstraint(
                name="duplicate_pair_distinct", condition=~Q(earlier=models.F("later"))
            ),
        ]

    def __str__(self):
        return f"{self.earlier} ~ {self.later}"
