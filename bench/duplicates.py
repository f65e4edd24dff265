"""Import of a file whose rows all share one identity, against a normal file of the same size.

    python bench/duplicates.py [--megabytes 20]

Every row of the first file names the same person, so each is a possible duplicate of every
other; the second file's rows name different people. Both files are as large as an import
may be (20 MB), both are imported in the same run into the same database, each in a process
of its own, as a worker runs it. Measured for each: the time from upload to loaded, and how
far the worker's resident memory grew at its peak while loading (the identity is checked
and hashed on upload, before the worker starts). Target (QUALITY.md): the first within 2x
the second, and its worker growing by at most 100 MB.
"""

import argparse
import multiprocessing
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Timer, record, scratch_database

HEADER = (
    "external_id,identified_month,sex,age_group,citizenship,victim_status,exploitation,"
    "country_of_exploitation,identified_by,recruitment,assistance,given_names,family_name,"
    "date_of_birth"
)
GIVEN = ["Jovana", "Marija", "Ana", "Elena", "Arben", "Besnik", "Nikola", "Dragana", "Fatima"]
FAMILY = ["Petrović", "Hoxha", "Jovanović", "Krasniqi", "Nikolovski", "Kovač", "Popović"]


def cases_csv(megabytes: float, *, one_identity: bool, seed: int) -> tuple[bytes, int]:
    """A trafficking file of about `megabytes` MB (and its row count). Its people all differ,
    or, `one_identity`, are all the same person."""
    pick = random.Random(seed).choice
    limit = int(megabytes * 1024 * 1024)
    lines, size, n = [HEADER], len(HEADER) + 2, 0
    while True:
        if one_identity:
            person = "Jovana,Petrović,1994-03-02"
        else:  # a name and a birth date most rows hold alone, as in a real file
            person = (
                f"{pick(GIVEN)} {pick(GIVEN)},{pick(FAMILY)}-{pick(FAMILY)},"
                f"{pick(range(1950, 2010))}-{pick(range(1, 13)):02d}-{pick(range(1, 29)):02d}"
            )
        line = ",".join(
            (
                f"D{seed}-{n}",
                f"{pick(range(2009, 2014))}-{pick(range(1, 13)):02d}",
                pick(["female", "female", "male", "unknown"]),
                pick(["9-17", "18-20", "21-23", "24-26", "30-38", "unknown"]),
                pick(["RS", "AL", "BA", "XK", "ME", "MK", "UA", "NG"]),
                pick(["presumed", "identified"]),
                pick(["sexual", "forced_labour", "sexual|forced_labour", "begging"]),
                pick(["RS", "DE", "IT", "UNK"]),
                pick(["police", "ngo", "social_services"]),
                pick(["", "job_offer", "online"]),
                pick(["", "shelter", "shelter|medical"]),
                person,
            )
        )
        size += len(line.encode()) + 2
        if size > limit:
            break
        lines.append(line)
        n += 1
    return ("\r\n".join(lines) + "\r\n").encode(), n


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> None:
    """Start the peak resident memory (VmHWM) again from what is resident now."""
    Path("/proc/self/clear_refs").write_text("5")


def _import(content: bytes, user_id: int, results) -> None:
    """In a process of its own: upload the file, then load it as the worker does, measuring
    the time of both and the worker's peak memory growth."""
    from accounts.models import User
    from casework.imports.services import import_receive, import_run

    user = User.objects.get(pk=user_id)
    with Timer() as total:
        job = import_receive(
            user=user, case_type="trafficking", file_name="bench.csv", content=content, queue=False
        )
        del content
        assert job.status == "queued", job.errors[:3]
        _reset_peak()
        idle = _status_kb("VmRSS")
        with Timer() as worker:
            job = import_run(import_id=job.pk)
        grown = _status_kb("VmHWM") - idle
    assert job.status == "succeeded", job.errors[:3]
    results.send((total.seconds, worker.seconds, grown / 1024, idle / 1024, job.created))


def _measured(content: bytes, user_id: int) -> tuple:
    from django.db import connections

    connections.close_all()  # the child opens its own
    here, there = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(
        target=_import, args=(content, user_id, there)
    )
    child.start()
    child.join()
    if child.exitcode:
        sys.exit(f"the import failed (exit code {child.exitcode})")
    return here.recv()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=20)
    megabytes = parser.parse_args().megabytes
    with scratch_database("duplicates"):
        from django.db.models import Count

        from accounts.services import user_provision
        from casework.models import DuplicateGroup, DuplicateMember

        user = user_provision(
            email="bench@example.org",
            role="caseworker",
            password="a benchmark passphrase",
            territory="RS",
            organisation_name="Bench NGO",
        )
        normal, normal_rows = cases_csv(megabytes, one_identity=False, seed=1)
        same, same_rows = cases_csv(megabytes, one_identity=True, seed=2)
        baseline = _measured(normal, user.pk)
        members_before = DuplicateMember.objects.count()
        measured = _measured(same, user.pk)
        assert (baseline[4], measured[4]) == (normal_rows, same_rows)
        members = DuplicateMember.objects.count() - members_before
        assert members == same_rows, (members, same_rows)  # one row a person, not a pair
        largest = DuplicateGroup.objects.annotate(n=Count("members")).order_by("-n").first()
        assert largest.n == same_rows

        def described(figures, rows, size) -> str:
            total, worker, grown, idle, _ = figures
            return (
                f"{total:.2f} s ({rows:,} rows, {size / 1024 / 1024:.2f} MB; worker "
                f"{worker:.2f} s, +{grown:.1f} MB over {idle:.0f} MB)"
            )

        record(
            f"Import of {megabytes:g} MB of rows sharing one identity (bench/duplicates.py)",
            [
                (
                    f"one identity in every row: a group of {members:,} persons",
                    described(measured, same_rows, len(same)),
                    "a normal file of the same size "
                    + described(baseline, normal_rows, len(normal)),
                    f"{measured[0] / baseline[0]:.2f}x the time; worker memory "
                    f"+{measured[2]:.1f} MB against +{baseline[2]:.1f} MB",
                    "≤ 2x, worker memory ≤ +100 MB",
                )
            ],
        )


if __name__ == "__main__":
    main()
