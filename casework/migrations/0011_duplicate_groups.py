"""Possible duplicates as groups of persons, one row a person, instead of one row a pair.

Every stored pair goes into the group of its persons' pseudonym, with its decision: the
later person's decision (who made it, and when) is the pair's, the most recent when several
pairs end at one person, which is the one its repeat mark followed. Earlier decisions stay
in the audit log, as they always have.
"""

from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CHUNK = 2000


def _pseudonyms(apps, pairs):
    """(case id -> pseudonym, key version) of victims and returnees; migrants by id and by
    incident, for the pairs of one chunk."""
    case_ids = {p.earlier_id for p in pairs} | {p.later_id for p in pairs}
    of_case = {}
    for name in ("TraffickingVictim", "Returnee"):
        model = apps.get_model("casework", name)
        for case_id, digest, version in model.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "pseudonym", "pseudonym_key_version"
        ):
            of_case[case_id] = (digest, version)
    migrant = apps.get_model("casework", "SmuggledMigrant")
    of_migrant, of_incident = {}, defaultdict(list)
    wanted = {p.later_migrant_id for p in pairs if p.later_migrant_id}
    for pk, incident_id, digest, version in migrant.objects.filter(
        models.Q(pk__in=wanted) | models.Q(incident_id__in=case_ids, pseudonym__isnull=False)
    ).values_list("pk", "incident_id", "pseudonym", "pseudonym_key_version"):
        of_migrant[pk] = (digest, version)
        if digest is not None:
            of_incident[incident_id].append((pk, digest, version))
    return of_case, of_migrant, of_incident


def _persons(pair, of_case, of_migrant, of_incident):
    """(earlier person, later person, the group's pseudonym); a person is (case, migrant)."""
    if pair.later_migrant_id:
        later_digest, later_version = of_migrant.get(pair.later_migrant_id, (None, None))
    else:
        later_digest, later_version = of_case.get(pair.later_id, (None, None))
    earlier_migrant = None
    earlier_digest, earlier_version = of_case.get(pair.earlier_id, (None, None))
    migrants = of_incident.get(pair.earlier_id, [])
    if migrants:  # an incident: the migrant who shares the pseudonym, or its only one
        same = [m for m in migrants if m[1] == later_digest] or (
            migrants if len(migrants) == 1 else []
        )
        if same:
            earlier_migrant, earlier_digest, earlier_version = same[0]
    if later_digest and earlier_digest and later_digest != earlier_digest:
        # Different digests: a key rotation (the later one is under the newer key, which
        # finds the group after the old key is dropped), or an edit that changed the later
        # person's identity since (the pair was about the earlier one's).
        newer = (later_version or 0) > (earlier_version or 0)
        key = later_digest if newer else earlier_digest
    else:
        key = later_digest or earlier_digest or f"pair-{pair.pk}"
    return (pair.earlier_id, earlier_migrant), (pair.later_id, pair.later_migrant_id), key


def _latest(kept, decided):
    """Of two decisions about one person, the one their repeat mark follows: the most
    recently made (a possible duplicate is no decision)."""
    if kept is None or kept[0] == "possible":
        return decided
    if decided[0] == "possible" or decided[2] is None:
        return kept
    return decided if kept[2] is None or decided[2] > kept[2] else kept


def pairs_to_groups(apps, schema_editor):
    pair_model = apps.get_model("casework", "DuplicatePair")
    group_model = apps.get_model("casework", "DuplicateGroup")
    member_model = apps.get_model("casework", "DuplicateMember")
    groups = defaultdict(dict)  # pseudonym -> person -> (decision, by, at, created)
    pairs = pair_model.objects.order_by("pk")
    last = 0
    while chunk := list(pairs.filter(pk__gt=last)[:CHUNK]):
        last = chunk[-1].pk
        found = _pseudonyms(apps, chunk)
        for pair in chunk:
            earlier, later, key = _persons(pair, *found)
            members = groups[key]
            members.setdefault(earlier, ("possible", None, None, pair.created_at))
            decided = (pair.decision, pair.decided_by_id, pair.decided_at, pair.created_at)
            members[later] = _latest(members.get(later), decided)
    if not groups:
        return
    group_model.objects.bulk_create([group_model(pseudonym=key) for key in groups])
    ids = dict(group_model.objects.values_list("pseudonym", "pk"))
    member_model.objects.bulk_create(
        [
            member_model(
                group_id=ids[key],
                case_id=case_id,
                migrant_id=migrant_id,
                decision=decision,
                decided_by_id=by,
                decided_at=at,
                created_at=created,
            )
            for key, members in groups.items()
            for (case_id, migrant_id), (decision, by, at, created) in members.items()
        ],
        batch_size=5000,
    )
    # auto_now_add stamped the groups now: a group dates from its first pair.
    for key, members in groups.items():
        first = min(created for _, _, _, created in members.values())
        group_model.objects.filter(pk=ids[key]).update(created_at=first)


def groups_to_pairs(apps, schema_editor):
    """Back to pairs: each person with the earliest of its group (a row a person still)."""
    pair_model = apps.get_model("casework", "DuplicatePair")
    member_model = apps.get_model("casework", "DuplicateMember")
    pairs, earliest = {}, {}
    for member in member_model.objects.order_by("group_id", "case_id", "migrant_id").iterator():
        first = earliest.setdefault(member.group_id, member)
        if member.case_id == first.case_id:
            continue
        pairs.setdefault(
            (first.case_id, member.case_id),
            pair_model(
                earlier_id=first.case_id,
                later_id=member.case_id,
                later_migrant_id=member.migrant_id,
                decision=member.decision,
                decided_by_id=member.decided_by_id,
                decided_at=member.decided_at,
            ),
        )
    pair_model.objects.bulk_create(pairs.values(), batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0010_import_case_range'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DuplicateGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pseudonym', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'possible duplicate',
                'verbose_name_plural': 'possible duplicates',
            },
        ),
        migrations.CreateModel(
            name='DuplicateMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('possible', 'Possible duplicate'), ('not_same', 'Not the same person'), ('same', 'Same person')], default='possible', max_length=16)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='casework.case')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='casework.duplicategroup')),
                ('migrant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='casework.smuggledmigrant')),
            ],
            options={
                'verbose_name': 'member of a possible duplicate',
                'verbose_name_plural': 'members of possible duplicates',
                'constraints': [
                    models.UniqueConstraint(condition=models.Q(('migrant__isnull', True)), fields=('group', 'case'), name='duplicate_member_case_unique'),
                    models.UniqueConstraint(condition=models.Q(('migrant__isnull', False)), fields=('group', 'migrant'), name='duplicate_member_migrant_unique'),
                ],
            },
        ),
        migrations.RunPython(pairs_to_groups, groups_to_pairs),
        migrations.DeleteModel(
            name='DuplicatePair',
        ),
    ]
