"""The shape of the region's published figures, as weights to draw synthetic cases from.

From the IOM report's tables and the UNODC figures it cites (2009-2013): a few dozen to a
hundred identified victims of trafficking per territory and year, mostly women and girls and
sexual exploitation, with forced labour growing; smuggled migrants mostly Afghan, Syrian,
Pakistani, Kosovar and Algerian, detected at the borders with Greece, North Macedonia, Serbia
and Hungary, in sharply growing numbers; returnees mostly own nationals sent back by Germany,
Sweden, France, Switzerland and Hungary, many after a refused asylum claim.

A weight table is {code: weight}; a list of five is one per year, 2009 to 2013.
"""

from casework.types import declared_types

YEARS = (2009, 2010, 2011, 2012, 2013)

# Share of the cases by case type (each type's declared `demo`), and of each type by
# territory and by year. A type declared with no demo gets no demo cases.
CASE_TYPES = {t.code: t.demo.share for t in declared_types() if t.demo}
TERRITORIES = {"RS": 30, "AL": 18, "BA": 15, "MK": 14, "XK": 14, "ME": 9}
YEAR_TRENDS = {t.code: list(t.demo.trend) for t in declared_types() if t.demo}

# Workflow states: most cases of past years have been reviewed.
STATUSES = {"validated": 86, "submitted": 7, "draft": 3, "returned": 2, "withdrawn": 2}
STATUS_REASONS = {
    "returned": "Demo: please check the month of identification.",
    "withdrawn": "Demo: recorded twice by mistake.",
}

SEX_OF_VICTIMS = {"female": 74, "male": 24, "unknown": 2}
AGE_OF_VICTIMS = {
    "0-8": 4, "9-17": 28, "18-20": 16, "21-23": 14, "24-26": 11, "27-29": 8,
    "30-38": 11, "39-47": 5, "48+": 2, "unknown": 1,
}  # fmt: skip
# Forms of exploitation by year: sexual exploitation shrinking, forced labour growing. Women
# and men are drawn from different tables (men: mostly labour and begging).
EXPLOITATION_OF_WOMEN = {
    "sexual": [78, 76, 72, 68, 64],
    "forced_labour": [4, 5, 7, 9, 11],
    "begging": [6, 6, 7, 7, 7],
    "forced_marriage": [4, 4, 5, 5, 6],
    "domestic_servitude": [3, 3, 3, 3, 3],
    "sexual|forced_labour": [3, 4, 4, 5, 6],
    "criminality": [2, 2, 2, 3, 3],
}
EXPLOITATION_OF_MEN = {
    "forced_labour": [40, 44, 48, 52, 56],
    "begging": [30, 28, 26, 24, 22],
    "sexual": [12, 11, 10, 9, 8],
    "criminality": [14, 13, 12, 11, 10],
    "organ_removal": [1, 1, 1, 1, 1],
    "other": [3, 3, 3, 3, 3],
}
# Most victims in the region are trafficked inside their own territory.
VICTIM_IS_OWN_NATIONAL = 78
FOREIGN_VICTIMS = {"UA": 4, "MD": 4, "RO": 3, "BG": 2, "RS": 3, "AL": 3, "BA": 2, "NG": 1, "UNK": 1}
EXPLOITED_AT_HOME = 70
EXPLOITED_ABROAD = {"DE": 5, "IT": 5, "AT": 3, "GR": 4, "FR": 2, "TR": 2, "CH": 1, "UNK": 2}
VICTIM_STATUSES = {"identified": 62, "presumed": 38}
IDENTIFIED_BY = {
    "police": 44, "ngo": 18, "social_services": 15, "border_police": 10,
    "labour_inspection": 3, "international_org": 4, "self_referral": 4, "other": 2,
}  # fmt: skip
RECRUITMENT = {
    "job_offer": 34, "intimate_partner": 18, "acquaintance": 15, "family": 12,
    "online": 6, "abduction": 2, "unknown": 10, "": 3,
}  # fmt: skip
ASSISTANCE = {
    "shelter|medical|psychosocial": 30, "shelter|psychosocial": 15,
    "shelter|medical|psychosocial|legal|reintegration": 15, "psychosocial": 10,
    "legal": 5, "voluntary_return": 5, "": 20,
}  # fmt: skip

LOCATION_TYPES = {"green_border": 56, "bcp": 20, "inland": 20, "blue_border": 4}
# The neighbours at whose borders migrants are detected, per territory.
BORDERS = {
    "RS": {"MK": 35, "HU": 35, "BG": 10, "BA": 5, "HR": 10, "ME": 5},
    "MK": {"GR": 75, "RS": 15, "AL": 10},
    "AL": {"GR": 70, "ME": 20, "MK": 10},
    "BA": {"HR": 55, "RS": 30, "ME": 15},
    "XK": {"RS": 50, "MK": 30, "AL": 20},
    "ME": {"AL": 55, "BA": 25, "HR": 20},
}
DIRECTIONS = {"entry": 58, "exit": 42}
TRANSPORT = {"on_foot": 50, "car": 14, "van_truck": 14, "bus": 8, "train": 8, "other": 6}
MIGRANTS_PER_INCIDENT = {1: 35, 2: 25, 3: 15, 4: 10, 5: 8, 8: 5, 12: 2}
MIGRANT_CITIZENSHIPS = {
    "AF": [30, 32, 33, 30, 28],
    "SY": [2, 3, 8, 18, 26],
    "PK": [16, 16, 15, 13, 12],
    "XK": [10, 9, 8, 8, 9],
    "DZ": [9, 9, 8, 7, 6],
    "MA": [5, 5, 5, 4, 4],
    "SO": [5, 5, 4, 4, 3],
    "ER": [4, 4, 4, 3, 3],
    "IQ": [4, 4, 4, 3, 3],
    "BD": [4, 3, 3, 3, 3],
    "PS": [3, 3, 3, 3, 2],
    "UNK": [8, 7, 5, 4, 1],
}
SEX_OF_MIGRANTS = {"male": 86, "female": 12, "unknown": 2}
AGE_OF_MIGRANTS = {
    "0-8": 3, "9-17": 12, "18-20": 15, "21-23": 18, "24-26": 16, "27-29": 12,
    "30-38": 16, "39-47": 5, "48+": 2, "unknown": 1,
}  # fmt: skip
UNACCOMPANIED_MINORS = 40  # of the migrants who are minors, per cent
ASYLUM_REQUESTED = 45
FACILITATORS_PER_INCIDENT = {0: 60, 1: 30, 2: 10}
FACILITATOR_CITIZENSHIPS = {"own": 70, "AF": 8, "PK": 6, "GR": 6, "BG": 5, "HU": 5}
SEX_OF_FACILITATORS = {"male": 93, "female": 7}

RETURNEE_CATEGORIES = {"own_national": 92, "third_country_national": 7, "stateless": 1}
RETURNING_STATES = {
    "DE": 40, "SE": 14, "FR": 11, "CH": 10, "HU": 8, "AT": 6, "BE": 5, "NL": 3, "IT": 3,
}  # fmt: skip
RETURNED_FOREIGNERS = {"AF": 30, "PK": 25, "DZ": 15, "MA": 10, "BD": 10, "UNK": 10}
SEX_OF_RETURNEES = {"male": 60, "female": 40}
AGE_OF_RETURNEES = {
    "0-8": 14, "9-17": 12, "18-20": 8, "21-23": 10, "24-26": 11, "27-29": 10,
    "30-38": 20, "39-47": 10, "48+": 5,
}  # fmt: skip
PROCEDURES = {"standard": 70, "accelerated": 25, "unknown": 5}
RETURN_TYPES = {"forced": 46, "voluntary": 36, "assisted_voluntary": 18}
PRIOR_ASYLUM_CLAIMS = {"yes": 62, "no": 33, "unknown": 5}
REINTEGRATION = {"yes": 30, "no": 70}
