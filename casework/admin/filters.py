"""The case list's filters that the admin does not offer by itself."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.access import territories_in_scope
from accounts.territories import Territory

FIRST_YEAR = 2009


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        value = self.value()
        # A year the database's dates cannot hold (`-1`, twenty digits) is a bad lookup, as
        # a word is; Django's year lookup would fail on it with a 500.
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 9999):
            raise IncorrectLookupParameters(value)
        return queryset.filter(month__year=int(value))


class TerritoryFilter(admin.SimpleListFilter):
    """Only the territories the user's scope covers."""

    title = gettext_lazy("territory")
    parameter_name = "territory"

    def lookups(self, request, model_admin):
        labels = dict(Territory.choices)
        return [(code, labels[code]) for code in territories_in_scope(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(territory=self.value())
        return queryset
