"""The codes of the domain, declared once: forms, API, files and statistics all use these.

Codes are stored; labels are translated on display.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class AgeGroup(models.TextChoices):
    """CTDC age bands."""

    AGE_0_8 = "0-8", _("0–8")
    AGE_9_17 = "9-17", _("9–17")
    AGE_18_20 = "18-20", _("18–20")
    AGE_21_23 = "21-23", _("21–23")
    AGE_24_26 = "24-26", _("24–26")
    AGE_27_29 = "27-29", _("27–29")
    AGE_30_38 = "30-38", _("30–38")
    AGE_39_47 = "39-47", _("39–47")
    AGE_48_PLUS = "48+", _("48 and over")
    UNKNOWN = "unknown", _("Unknown")


class AgeClass(models.TextChoices):
    """What the statistics roll the bands up to."""

    MINOR = "minor", _("Minor (0–17)")
    ADULT = "adult", _("Adult (18+)")
    UNKNOWN = "unknown", _("Unknown")


MINOR_BANDS = frozenset({AgeGroup.AGE_0_8, AgeGroup.AGE_9_17})

# (lowest age, band), highest first: the band of an age in years is the first it reaches.
_BAND_FLOORS = (
    (48, AgeGroup.AGE_48_PLUS),
    (39, AgeGroup.AGE_39_47),
    (30, AgeGroup.AGE_30_38),
    (27, AgeGroup.AGE_27_29),
    (24, AgeGroup.AGE_24_26),
    (21, AgeGroup.AGE_21_23),
    (18, AgeGroup.AGE_18_20),
    (9, AgeGroup.AGE_9_17),
    (0, AgeGroup.AGE_0_8),
)


def age_band(years: int) -> AgeGroup:
    """The band of an age in years; only the band is kept."""
    if years < 0:
        raise ValueError("An age cannot be negative.")
    return next(band for floor, band in _BAND_FLOORS if years >= floor)


def age_class(band: str) -> AgeClass:
    if band == AgeGroup.UNKNOWN:
        return AgeClass.UNKNOWN
    return AgeClass.MINOR if band in MINOR_BANDS else AgeClass.ADULT


# Trafficking in human beings
class VictimStatus(models.TextChoices):
    PRESUMED = "presumed", _("Presumed")
    IDENTIFIED = "identified", _("Identified (national referral mechanism)")


class Exploitation(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    BEGGING = "begging", _("Forced begging")
    CRIMINALITY = "criminality", _("Forced criminality")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    OTHER = "other", _("Other")


# For statistics: the single form, or `multiple` when there are several.
ExploitationCategory = models.TextChoices(
    "ExploitationCategory",
    [(form.name, (form.value, form.label)) for form in Exploitation]
    + [("MULTIPLE", ("multiple", _("Multiple forms")))],
)


def exploitation_category(forms: list[str]) -> str:
    return forms[0] if len(forms) == 1 else ExploitationCategory.MULTIPLE


class IdentifiedBy(models.TextChoices):
    POLICE = "police", _("Police")
    BORDER_POLICE = "border_police", _("Border police")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    SOCIAL_SERVICES = "social_services", _("Social services")
    NGO = "ngo", _("NGO")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    OTHER = "other", _("Other")


class Recruitment(models.TextChoices):
    JOB_OFFER = "job_offer", _("Job offer")
    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner")
    FAMILY = "family", _("Family")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    ONLINE = "online", _("Online")
    ABDUCTION = "abduction", _("Abduction")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Assistance(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL = "legal", _("Legal")
    REINTEGRATION = "reintegration", _("Reintegration")
    VOLUNTARY_RETURN = "voluntary_return", _("Voluntary return")


class Scope(models.TextChoices):
    """Derived: internal when exploited in the country of citizenship."""

    INTERNAL = "internal", _("Internal")
    TRANSNATIONAL = "transnational", _("Transnational")
    UNKNOWN = "unknown", _("Unknown")


def trafficking_scope(*, citizenship: str, country_of_exploitation: str) -> str:
    unknown = {"UNK", "STLS"}
    if citizenship in unknown or country_of_exploitation in unknown:
        return Scope.UNKNOWN
    if citizenship == country_of_exploitation:
        return Scope.INTERNAL
    return Scope.TRANSNATIONAL


# Smuggling of migrants
class LocationType(models.TextChoices):
    BCP = "bcp", _("Border crossing point")
    GREEN_BORDER = "green_border", _("Green border")
    BLUE_BORDER = "blue_border", _("Blue border")
    INLAND = "inland", _("Inland")


class Direction(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")
    INLAND = "inland", _("Inland")


class Transport(models.TextChoices):
    ON_FOOT = "on_foot", _("On foot")
    CAR = "car", _("Car")
    VAN_TRUCK = "van_truck", _("Van or truck")
    BUS = "bus", _("Bus")
    TRAIN = "train", _("Train")
    BOAT = "boat", _("Boat")
    OTHER = "other", _("Other")


# Readmission
class ReturneeCategory(models.TextChoices):
    OWN_NATIONAL = "own_national", _("Own national")
    THIRD_COUNTRY_NATIONAL = "third_country_national", _("Third-country national")
    STATELESS = "stateless", _("Stateless")


class Procedure(models.TextChoices):
    STANDARD = "standard", _("Standard")
    ACCELERATED = "accelerated", _("Accelerated")
    UNKNOWN = "unknown", _("Unknown")


class ReturnType(models.TextChoices):
    FORCED = "forced", _("Forced")
    VOLUNTARY = "voluntary", _("Voluntary")
    ASSISTED_VOLUNTARY = "assisted_voluntary", _("Assisted voluntary")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
