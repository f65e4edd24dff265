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

import re
import secrets
from collections import Counter

from casework.models import Case
from casework.types import declared

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SYMBOLS = 8  # 40 bits
# A random byte's last five bits as a symbol: 256 is a multiple of 32, so each symbol is as
# likely as any other. (base64.b32encode, written in Python, took 0.3 s for 100,000 codes
# on a busy machine; this takes a few milliseconds.)
_SYMBOL_OF_BYTE = bytes(ord(CROCKFORD[byte % 32]) for byte in range(256))
_CODE = re.compile(f".{{{SYMBOLS}}}", re.DOTALL)
# How many times a writer draws new references after a collision before it gives up.
ATTEMPTS = 5


def random_codes(count: int) -> list[str]:
    """`count` random codes of `SYMBOLS` symbols, drawn and encoded at once."""
    symbols = secrets.token_bytes(SYMBOLS * count).translate(_SYMBOL_OF_BYTE).decode()
    return _CODE.findall(symbols)


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
    counts = Counter(years)
    codes = random_codes(len(years))
    if len(set(codes)) < len(codes):  # 100,000 codes: two alike once in ~200 draws
        codes = list(dict.fromkeys(codes))
        while len(codes) < len(years):
            codes = list(dict.fromkeys(codes + random_codes(len(years) - len(codes))))
    # Distinct codes, so distinct references: each year takes a block of them.
    blocks, taken = {}, 0
    for year, count in counts.items():
        block = codes[taken : taken + count]
        taken += count
        prefix = f"{territory}-{declared(case_type).reference_code}-{year}-"
        blocks[year] = iter([prefix + code for code in (sorted(block) if ascending else block)])
    return [next(blocks[year]) for year in years]


def reference_new(*, territory: str, case_type: str, year: int) -> str:
    [reference] = references_new(territory=territory, case_type=case_type, years=[year])
    return reference


def references_taken(references: list[str]) -> bool:
    """Whether an earlier case holds one of `references`: after a unique violation, it tells
    a collision (draw again) from another broken rule."""
    return Case.objects.filter(reference__in=references).exists()
