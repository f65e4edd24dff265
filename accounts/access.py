"""The access choke point: every read of case data by a person starts here.

Pages, the admin, the API, imports and exports all call `cases_visible_to`. A record outside
the user's scope is simply absent from the queryset, so "not yours" and "does not exist" look
the same (404). Aggregation is the only reader outside it, and exposes only cells.
"""

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from accounts.models import Organisation, User
from accounts.roles import Reach, reach_of
from accounts.territories import reporting_territories

NOTHING = Q(pk__in=[])


def case_scope(user: User, *, territory_field: str = "territory") -> Q:
    """The cases a user may see, as a filter on the case's organisation and territory.

    Records that belong to an organisation without a territory of their own (an import)
    pass `territory_field="organisation__territory"`.
    """
    reach = reach_of(user)
    if reach is Reach.ORGANISATION:
        return Q(organisation_id=user.organisation_id)
    if reach is Reach.TERRITORY:
        return Q(**{territory_field: user.territory})
    if reach is Reach.REGION:
        return Q()
    # Statistics viewers and administrators see no case; neither does an unknown role.
    return NOTHING


def cases_visible_to(user: User, model: type[Model] | None = None) -> QuerySet:
    """All cases (or all cases of one type, by its model) that `user` may see."""
    model = model or apps.get_model("casework", "Case")
    scope = case_scope(user)
    if scope is NOTHING:
        return model.objects.none()
    return model.objects.filter(scope)


def territories_in_scope(user: User) -> list[str]:
    """The territories whose cases (and internal cells) a user may see."""
    reach = reach_of(user)
    if reach is Reach.ORGANISATION:
        return [user.organisation.territory]
    if reach is Reach.TERRITORY:
        return [user.territory]
    if reach is Reach.REGION:
        return [t.value for t in reporting_territories()]
    return []


def organisations_acted_for(user: User) -> QuerySet[Organisation]:
    """The organisations on whose behalf a user may record and import cases. A regional
    coordinator reads every territory's cases but records none."""
    reach = reach_of(user)
    if reach is Reach.ORGANISATION:
        return Organisation.objects.filter(pk=user.organisation_id)
    if reach is Reach.TERRITORY:
        return Organisation.objects.filter(territory=user.territory)
    return Organisation.objects.none()
