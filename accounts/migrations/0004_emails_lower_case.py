# E-mail addresses are compared without case: existing ones are lower-cased, and the
# database refuses two that differ only in case. Two existing accounts that would become one
# stop the migration, naming them, for a person to merge or rename before migrating again.

import accounts.emails
import django.db.models.functions.text
from django.db import migrations, models


def lower_case_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    seen = {}
    for pk, email in User.objects.order_by("pk").values_list("pk", "email"):
        seen.setdefault(email.lower(), []).append((pk, email))
    clashes = {lower: users for lower, users in seen.items() if len(users) > 1}
    if clashes:
        described = "; ".join(
            ", ".join(f"{email} (id {pk})" for pk, email in users) for users in clashes.values()
        )
        raise RuntimeError(
            "E-mail addresses are now compared without case, and these accounts differ only "
            f"in case: {described}. Change the address of all but one of each (in the database "
            "or a shell) and run the migration again. Nothing was changed."
        )
    for lower, [(pk, email)] in seen.items():
        if email != lower:
            User.objects.filter(pk=pk).update(email=lower)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_organisation_name_refuses_formulas'),
    ]

    operations = [
        migrations.RunPython(lower_case_emails, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='user',
            name='email',
            field=models.EmailField(max_length=254, unique=True, validators=[accounts.emails.email_validate], verbose_name='e-mail address'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('email', django.db.models.functions.text.Lower('email'))), name='user_email_is_lower_case'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='user_email_unique_without_case'),
        ),
    ]
