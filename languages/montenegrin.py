"""The region's eight languages (docs/translating.md).

Django knows seven of them. Montenegrin (`cnr`, ISO 639-3) it does not: its language info is
registered here, its formats live in `config/formats/cnr/`, and a browser that asks for
Serbian as spoken in Montenegro (`sr-ME`, in either script) is given it, since that is what a
Montenegrin browser sends.
"""

from django.conf.locale import LANG_INFO

MONTENEGRIN = {"bidi": False, "code": "cnr", "name": "Montenegrin", "name_local": "crnogorski"}

# Browser tags routed to Montenegrin: Django tries a tag's "fallback" before its generic
# prefix, so these never fall through to `sr` (Cyrillic Serbian).
ROUTED_TO_MONTENEGRIN = ("sr-me", "sr-latn-me", "sr-cyrl-me", "cnr-me")


def register_montenegrin() -> None:
    LANG_INFO.setdefault("cnr", MONTENEGRIN)
    for tag in ROUTED_TO_MONTENEGRIN:
        LANG_INFO.setdefault(tag, {"fallback": ["cnr"]})
