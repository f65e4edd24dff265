"""Case files for the import tests, built as a user's spreadsheet would hold them."""

import io

TRAFFICKING_CSV = (
    "external_id,identified_month,sex,age_group,citizenship,victim_status,exploitation,"
    "country_of_exploitation,identified_by,recruitment,assistance,given_names,family_name,"
    "date_of_birth\r\n"
    "T-1,2013-05,female,9-17,RS,identified,sexual|begging,RS,police,online,shelter|legal,,,\r\n"
    "T-2,2012-11,male,30-38,AL,presumed,forced_labour,IT,ngo,,,Ана,Петровић,1990-02-03\r\n"
)

SMUGGLING_CSV = (
    "incident_ref;detected_month;location_type;border_with;direction;transport;"
    "facilitator_citizenships;facilitator_sexes;sex;age_group;citizenship;unaccompanied;"
    "asylum_requested\r\n"
    "A;2013-07;green_border;MK;entry;on_foot;RS|MK;male|male;male;21-23;AF;false;true\r\n"
    "A;2013-07;green_border;MK;entry;on_foot;RS|MK;male|male;male;9-17;AF;true;false\r\n"
    "B;2013-08;inland;;inland;van_truck;;;female;24-26;SY;;\r\n"
)

READMISSION_CSV = (
    "returned_month,sex,age_group,citizenship,returning_state,returnee_category,procedure,"
    "return_type,prior_asylum_claim,reintegration_assistance\r\n"
    "2010-02,male,24-26,RS,DE,own_national,standard,forced,yes,no\r\n"
    "2011-09,female,0-8,XK,SE,third_country_national,accelerated,voluntary,no,yes\r\n"
)

FILES = {"trafficking": TRAFFICKING_CSV, "smuggling": SMUGGLING_CSV, "readmission": READMISSION_CSV}

# For files built row by row: the readmission header, and a good row under it.
READMISSION_HEADER = READMISSION_CSV.split("\r\n")[0]
READMISSION_ROW = "2010-02,male,24-26,RS,DE,own_national,standard,forced,yes,no"


def xlsx(rows: list[list]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_to_xlsx(text: str) -> bytes:
    delimiter = ";" if text.split("\r\n")[0].count(";") > 1 else ","
    return xlsx([line.split(delimiter) for line in text.strip().split("\r\n")])
