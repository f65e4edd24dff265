"""Case references: `RS-THB-2013-7K3QX9A2`, the territory, the type, the year and a random code.

The code is random, not a count: a reference read by someone who may not read the internal
cells tells them nothing of how many cases a territory holds, nor, read again later, how many
came since. It is written in Crockford's base32 (no I, L, O or U), so that it is read aloud
and typed back without confusing 1 with I or 0 with O. Eight symbols are 40 bits: a
100,000-case import into a year that holds 100,000 cases already meets a taken code about
once in a hundred imports; the reference's unique constraint catches it, and the writer draws
again (`references_taken`).

References given before (`RS-THB-2013-000042`, six digits) stay as they are: a code is
eight symbols long, so it never equals one of them.
"""

import base64
import secrets

from casework.models import REFERENCE_CODES, Case

# Crockford's base32, in the order of the RFC 4648 alphabet it is translated from.
CROCKFORD = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FROM_RFC4648 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD)
SYMBOLS = 8  # 40 bits: five random bytes each
# How many times a writer draws new references after a collision before it gives up.
ATTEMPTS = 5


def random_codes(count: int) -> list[str]:
    """`count` random codes of `SYMBOLS` symbols, drawn and encoded at once (an import draws
    100,000 in a few milliseconds)."""
    encoded = base64.b32encode(secrets.token_bytes(5 * count)).translate(_FROM_RFC4648).decode()
    return [encoded[i : i + SYMBOLS] for i in range(0, len(encoded), SYMBOLS)]


def references_new(
    *, territory: str, case_type: str, years: list[int], ascending: bool = False
) -> list[str]:
    """A new reference for each of `years`, in their order, all different from each other.
    Earlier cases may hold one of them (rarely): the unique constraint says so on writing,
    and the writer draws again (`references_taken`).

    `ascending`: the references of each year come in ascending order, for a writer of many
    cases at once. The unique index then takes them as it takes a sequence, next to each
    other, not scattered over its pages (100,000 cases in random order cost 0.6 s more
    here). The order tells only which of these cases came first, as their ids do; the codes
    stay random, and their gaps count nothing that whoever sees these cases cannot count."""
    prefixes = [f"{territory}-{REFERENCE_CODES[case_type]}-{year}-" for year in years]
    references = [
        prefix + code for prefix, code in zip(prefixes, random_codes(len(years)), strict=True)
    ]
    seen = set()
    for i, reference in enumerate(references):
        while reference in seen:
            reference = prefixes[i] + random_codes(1)[0]
        seen.add(reference)
        references[i] = reference
    if ascending:
        places = {}
        for i, year in enumerate(years):
            places.setdefault(year, []).append(i)
        for indices in places.values():
            for i, reference in zip(indices, sorted(references[i] for i in indices), strict=True):
                references[i] = reference
    return references


def reference_new(*, territory: str, case_type: str, year: int) -> str:
    [reference] = references_new(territory=territory, case_type=case_type, years=[year])
    return reference


def references_taken(references: list[str]) -> bool:
    """Whether an earlier case holds one of `references`: after a unique violation, it tells
    a collision (draw again) from another broken rule."""
    return Case.objects.filter(reference__in=references).exists()
