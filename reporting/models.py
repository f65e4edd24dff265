from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.territories import Territory
from casework.models import CaseType
from config.work import Work


class AggregationRun(Work):
    """One run turning validated cases into stored cells; started by a person or the schedule."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    # Empty: every territory's dirty partitions (or all partitions, for a full run).
    territory = models.CharField(
        _("territory"), max_length=2, choices=Territory.choices, blank=True
    )
    full = models.BooleanField(_("full"), default=False)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    cases_read = models.PositiveBigIntegerField(_("cases read"), default=0)
    # Empty when the schedule started the run: the system's run.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # How many partitions (territory, month, case type) the run recomputed.
    partitions = models.PositiveIntegerField(_("partitions"), default=0)
    # Why the run failed, when it did.
    error = models.TextField(_("error"), blank=True)

    task_name = "reporting.aggregate"
    active_states = (Status.QUEUED, Status.RUNNING)
    failed_state = Status.FAILED

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

    @classmethod
    def failure(cls, reason: str) -> dict:
        return {"error": str(reason), "finished_at": timezone.now()}


class Cell(models.Model):
    """One internal (raw) count: a table's cell for a territory (or WB6) and a year.

    Written only by aggregation runs, a (territory, year) partition at a time, inside one
    transaction: readers see the cells before a run or after it, never a mix.
    """

    table = models.CharField(max_length=64)
    territory = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=8)
    age = models.CharField(max_length=8)
    breakdown = models.CharField(max_length=32)
    category = models.CharField(max_length=32)
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                name="cell_unique",
                fields=["table", "territory", "year", "sex", "age", "breakdown", "category"],
            )
        ]
        indexes = [models.Index(fields=["territory", "year"], name="cell_partition")]

    def __str__(self):
        return f"{self.table} {self.territory} {self.year} {self.sex}/{self.age}/{self.category}"


class MonthlyCell(models.Model):
    """A table's raw count for a territory in one month: the store cells are added up from.

    Runs keep these so that a changed case costs the recomputation of its partition alone
    (a few thousand cases), after which its year's cells are the sum of twelve months.
    Written and read only by aggregation runs, in the same transaction as the cells.
    """

    table = models.CharField(max_length=64)
    territory = models.CharField(max_length=2)
    month = models.DateField()
    # The type of the cases the table counts: with territory and month, the partition.
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    sex = models.CharField(max_length=8)
    age = models.CharField(max_length=8)
    breakdown = models.CharField(max_length=32)
    category = models.CharField(max_length=32)
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Territory and month first: the index also finds a partition's cells.
            models.UniqueConstraint(
                name="monthly_cell_unique",
                fields=["territory", "month", "table", "sex", "age", "breakdown", "category"],
            )
        ]

    def __str__(self):
        return f"{self.table} {self.territory} {self.month:%Y-%m} {self.category}"


class DirtyPartition(models.Model):
    """A partition (territory, month, case type) whose cases changed since its cells were
    computed.

    Rows are only appended (marking is one INSERT, never a conflict); a run removes the
    rows it read, so a change made during the run stays marked for the next one.
    """

    territory = models.CharField(max_length=2, choices=Territory.choices)
    # The first day of the month, as `Case.month`.
    month = models.DateField()
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["territory", "month"], name="dirty_partition_month")]

    def __str__(self):
        return f"{self.territory} {self.month:%Y-%m} {self.case_type}"


class Release(Work):
    """A frozen, numbered copy of the cells under a disclosure policy; never changed."""

    class State(models.TextChoices):
        AUDITING = "auditing", _("Auditing")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")

    number = models.PositiveIntegerField(_("number"), unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=State.choices, default=State.AUDITING
    )
    threshold = models.PositiveSmallIntegerField(_("threshold"), default=5)
    rounding_base = models.PositiveSmallIntegerField(_("rounding base"), default=1)
    # How far the audit has got, 0-100.
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # What the audit has done: tables_done, tables_total, programs_solved, started_at.
    progress_detail = models.JSONField(_("progress detail"), default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    certificate = models.JSONField(_("certificate"), default=dict, blank=True)
    # Why its task failed, when it did (a release whose audit failed says so in its
    # certificate instead).
    error = models.TextField(_("error"), blank=True)

    task_name = "reporting.publish_release"
    active_states = (State.AUDITING,)
    failed_state = State.FAILED

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                name="release_threshold_positive", condition=models.Q(threshold__gte=1)
            ),
            models.CheckConstraint(
                name="release_rounding_positive", condition=models.Q(rounding_base__gte=1)
            ),
        ]

    def __str__(self):
        return f"Release {self.number} ({self.status})"

    @property
    def policy(self) -> dict:
        return {"threshold": self.threshold, "rounding_base": self.rounding_base}


class ReleaseCell(models.Model):
    """A published cell. Its raw value stays on record (never shown) for later audits."""

    class Flag(models.TextChoices):
        NONE = "", _("published")
        CONFIDENTIAL = "c", _("confidential")
        ROUNDED = "r", _("rounded")

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="cells")
    table = models.CharField(max_length=64)
    territory = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=8)
    age = models.CharField(max_length=8)
    breakdown = models.CharField(max_length=32)
    category = models.CharField(max_length=32)
    value = models.PositiveIntegerField(null=True)
    flag = models.CharField(max_length=1, choices=Flag.choices, blank=True)
    raw_value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                name="release_cell_unique",
                fields=[
                    "release",
                    "table",
                    "territory",
                    "year",
                    "sex",
                    "age",
                    "breakdown",
                    "category",
                ],
            ),
            models.CheckConstraint(
                name="release_cell_suppressed_has_no_value",
                condition=~models.Q(flag="c") | models.Q(value__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["release", "table", "territory"], name="release_cell_lookup")
        ]

    def __str__(self):
        return f"{self.release_id}: {self.table} {self.territory} {self.year}"
