# Bosnian: Django's own bs formats write a short date as "2026 Dec 2" and add a time zone
# name to a date and time; Bosnia writes "2. 12. 2026." as its neighbours do. Django reads
# these first and takes the rest from django/conf/locale/bs/formats.py.
DATE_FORMAT = "j. F Y."
DATETIME_FORMAT = "j. F Y. H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j. n. Y."
SHORT_DATETIME_FORMAT = "j. n. Y. H:i"
FIRST_DAY_OF_WEEK = 1
NUMBER_GROUPING = 3  # Django sets none: 12345 would read as a code, 12.345 as a count
