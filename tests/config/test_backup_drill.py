import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from bench.common import ROOT
from casework.models import Case

pytestmark = pytest.mark.postgresql


def test_the_backup_drill_restores_every_table_with_identical_counts(transactional_db, tmp_path):
    call_command("seed_demo", cases=300, no_release=True)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    backup = tmp_path / "cases.dump"
    result = subprocess.run(
        [ROOT / "bin" / "backup-drill", url],
        env={"PATH": "/usr/bin:/bin", "BACKUP_FILE": str(backup)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    counts = dict(f for f in map(str.split, result.stdout.splitlines()) if len(f) == 2)
    assert counts["casework_case"] == str(Case.objects.count()) == "300"
    assert "identical counts" in result.stdout
    assert backup.stat().st_size > 0
