from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.territories import Territory


class AggregationRun(models.Model):
    """One run turning validated cases into stored cells; started by a person or the schedule."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    territory = models.CharField(max_length=2, choices=Territory.choices, blank=True)
    full = models.BooleanField(default=False)
    progress = models.PositiveSmallIntegerField(default=0)
    cases_read = models.PositiveBigIntegerField(default=0)
    # Empty when the schedule started the run: the system's run.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aggregation run")
        verbose_name_plural = _("aggregation runs")
        permissions = [
            ("start_aggregation", "Can start an aggregation run"),
            ("view_internal_cells", "Can read internal (raw) cells"),
            ("publish_release", "Can publish a statistics release"),
        ]

    def __str__(self):
        return f"Run {self.pk} ({self.status})"
