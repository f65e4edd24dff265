"""The case list's filters that the admin does not offer by itself."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy

from accounts.access import territories_in_scope
from accounts.territories import Territory


class YearFilter(admin.SimpleListFilter):
    """Only the years that hold a case in the user's scope, the latest first."""

    title = gettext_lazy("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # The admin's queryset is the user's scope (the choke point): a year that holds only
        # other territories' cases is not offered, so it says nothing of them.
        months = model_admin.get_queryset(request).dates("month", "year", order="DESC")
        return [(str(month.year), str(month.year)) for month in months]

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
