# Albanian: what Django's own sq formats leave out or write the American way. Django reads
# these first and takes the rest from django/conf/locale/sq/formats.py. Albania's offices
# write the 24-hour clock and the day before the month ("2 dhjetor 2026, 19:10").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
NUMBER_GROUPING = 3  # Django sets none: 12345 would read as a code, 12.345 as a count
