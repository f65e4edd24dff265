"""Serbian Cyrillic from Serbian Latin: one source, two scripts (docs/translating.md).

Serbian's two alphabets map letter for letter, with three digraphs (lj, nj, dž) for one
Cyrillic letter each. What is not Serbian text stays as it is: placeholders, HTML tags and
entities, URLs, `code` in backticks, and acronyms (CSV, XLSX, API, TOTP).
"""

import re

from languages.placeholders import PATTERN

_DIGRAPHS = {
    "Lj": "Љ",
    "LJ": "Љ",
    "lj": "љ",
    "Nj": "Њ",
    "NJ": "Њ",
    "nj": "њ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "dž": "џ",
}
_LETTERS = dict(
    zip(
        "ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽabcčćdđefghijklmnoprsštuvzž",
        "АБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖабцчћдђефгхијклмнопрсштувзж",
        strict=True,
    )
)
# Words where "nj" or "dž" are two letters, not one (prefix + root).
_SPLIT = {"nadž": "надж", "podž": "подж"}

_KEPT = re.compile(
    rf"{PATTERN}|%%"  # placeholders, and a literal percent sign
    r"|<[^>]+>|&#?\w+;"  # HTML tags and entities
    r"|https?://\S+|`[^`]*`"  # addresses and code
    r"|\b[A-Z][A-Z0-9_*-]+\b"  # acronyms and codes: CSV, RS-THB, ID
    r"|\b(?=\w*\d)[A-Za-z]+\d\w*\b|\b[a-z]+[A-Z]\w*\b"  # base64, IPv4, sha256
    r'|"[A-Za-z][\w-]*"'  # a name in straight quotes ("Accept"): Serbian quotes are „“
    r"|\([a-z]\)|\b[a-z](?=:)"  # a cell's flag, (c) or "c: confidential": a code
    r"|\b[\w.+-]+@[\w.-]+\b"  # e-mail addresses
    r"|\b[a-z_]+\.[a-z_.]+\b"  # dotted names: casework.view_case
)


def _letters(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        pair = text[index : index + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            index += 2
        else:
            out.append(_LETTERS.get(text[index], text[index]))
            index += 1
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """`text` in Serbian Cyrillic, what is not Serbian left as it was."""
    out, position = [], 0
    for kept in _KEPT.finditer(text):
        out.append(_words(text[position : kept.start()]))
        out.append(kept.group())
        position = kept.end()
    out.append(_words(text[position:]))
    return "".join(out)


def _words(text: str) -> str:
    result = _letters(text)
    for latin, cyrillic in _SPLIT.items():
        result = result.replace(_letters(latin), cyrillic)
        result = result.replace(_letters(latin.capitalize()), cyrillic.capitalize())
    return result
