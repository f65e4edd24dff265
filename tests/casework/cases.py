"""Valid case data of each type, as the forms, the API and the importer produce it."""

import datetime

from casework.services import case_create

MAY_2013 = datetime.date(2013, 5, 1)


def trafficking_data(**overrides) -> dict:
    return {
        "month": MAY_2013,
        "sex": "female",
        "age_group": "18-20",
        "citizenship": "RS",
        "victim_status": "identified",
        "exploitation": ["sexual"],
        "country_of_exploitation": "RS",
        "identified_by": "police",
        "recruitment": "job_offer",
        "assistance": ["shelter", "medical"],
        **overrides,
    }


def smuggling_data(**overrides) -> dict:
    return {
        "month": MAY_2013,
        "location_type": "green_border",
        "border_with": "MK",
        "direction": "entry",
        "transport": "on_foot",
        "migrants": [
            {
                "sex": "male",
                "age_group": "24-26",
                "citizenship": "AF",
                "unaccompanied": False,
                "asylum_requested": True,
            },
            {
                "sex": "male",
                "age_group": "9-17",
                "citizenship": "SY",
                "unaccompanied": True,
                "asylum_requested": False,
            },
        ],
        "facilitators": [{"citizenship": "RS", "sex": "male"}],
        **overrides,
    }


def readmission_data(**overrides) -> dict:
    return {
        "month": MAY_2013,
        "sex": "male",
        "age_group": "30-38",
        "citizenship": "RS",
        "returning_state": "DE",
        "returnee_category": "own_national",
        "procedure": "standard",
        "return_type": "forced",
        "prior_asylum_claim": "yes",
        "reintegration_assistance": "no",
        **overrides,
    }


DATA = {
    "trafficking": trafficking_data,
    "smuggling": smuggling_data,
    "readmission": readmission_data,
}


def record(user, case_type="trafficking", organisation=None, **overrides):
    return case_create(
        user=user, case_type=case_type, data=DATA[case_type](**overrides), organisation=organisation
    )
