"""E-mail addresses are compared without case, and look-alikes of one address are one address.

An address is stored lower-cased, its domain in the ASCII form of international names
(IDNA): characters that merely look like others (a full-width "ｅ", a ligature) map to the
letters they imitate and so collide with the real address, and a domain in another script
shows as `xn--…`, visibly not the one it imitates.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def email_normalise(address: str) -> str:
    """The one spelling under which `address` is stored and looked up."""
    address = unicodedata.normalize("NFKC", address.strip()).lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return address  # not a domain at all: left for the validator to refuse
    return f"{local}@{domain}"


def email_validate(address: str) -> None:
    """Refuse an address whose local part is not plain ASCII (look-alike letters hide there)."""
    if not address.isascii():
        raise ValidationError(
            _("Give the address in plain letters (an international domain in its xn-- form)."),
            code="look_alike",
        )
    validate_email(address)


def axes_username(request, credentials=None) -> str:
    """The username django-axes counts failures under: the address as it is stored."""
    if credentials:
        username = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        username = data.get("username")
    return email_normalise(str(username or ""))[:254]
