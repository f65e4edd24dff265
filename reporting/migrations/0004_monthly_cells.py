import datetime

from django.db import migrations, models


CASE_TYPES = ("trafficking", "smuggling", "readmission")


def mark_by_month(apps, schema_editor):
    """Marks become (territory, month, case type): a year's mark becomes its twelve months of
    every type. The monthly store starts empty, so every partition with cases is marked too:
    the next run fills it."""
    DirtyPartition = apps.get_model("reporting", "DirtyPartition")
    Case = apps.get_model("casework", "Case")
    partitions = set(Case.objects.order_by().values_list("territory", "month", "case_type").distinct())
    for territory, year in DirtyPartition.objects.values_list("territory", "year").distinct():
        partitions |= {
            (territory, datetime.date(year, number, 1), case_type)
            for number in range(1, 13)
            for case_type in CASE_TYPES
        }
    DirtyPartition.objects.all().delete()
    DirtyPartition.objects.bulk_create(
        DirtyPartition(territory=territory, year=month.year, month=month, case_type=case_type)
        for territory, month, case_type in sorted(partitions)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_fewer_indexes"),
        ("reporting", "0003_nightly_schedule"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyCell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("table", models.CharField(max_length=64)),
                ("territory", models.CharField(max_length=2)),
                ("month", models.DateField()),
                (
                    "case_type",
                    models.CharField(
                        choices=[
                            ("trafficking", "Trafficking in human beings"),
                            ("smuggling", "Smuggling of migrants"),
                            ("readmission", "Readmission"),
                        ],
                        max_length=16,
                    ),
                ),
                ("sex", models.CharField(max_length=8)),
                ("age", models.CharField(max_length=8)),
                ("breakdown", models.CharField(max_length=32)),
                ("category", models.CharField(max_length=32)),
                ("value", models.PositiveIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "territory",
                            "month",
                            "table",
                            "sex",
                            "age",
                            "breakdown",
                            "category",
                        ),
                        name="monthly_cell_unique",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="dirtypartition",
            name="month",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="dirtypartition",
            name="case_type",
            field=models.CharField(
                choices=[
                    ("trafficking", "Trafficking in human beings"),
                    ("smuggling", "Smuggling of migrants"),
                    ("readmission", "Readmission"),
                ],
                default="",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(mark_by_month, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="dirtypartition", name="dirty_partition"),
        migrations.RemoveField(model_name="dirtypartition", name="year"),
        migrations.AlterField(
            model_name="dirtypartition",
            name="month",
            field=models.DateField(),
        ),
        migrations.AddIndex(
            model_name="dirtypartition",
            index=models.Index(fields=["territory", "month"], name="dirty_partition_month"),
        ),
    ]
