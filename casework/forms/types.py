"""The main form of each case type."""

from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.countries import NEIGHBOURS, PLACES
from casework.forms.case import CaseForm
from casework.forms.fields import checkboxes, country, select
from casework.forms.identity import IdentityMixin
from casework.forms.persons import PersonMixin
from casework.models import CaseType


class TraffickingForm(IdentityMixin, PersonMixin, CaseForm):
    case_type = CaseType.TRAFFICKING

    victim_status = select(codes.VictimStatus, _("Victim status"))
    exploitation = checkboxes(codes.Exploitation, _("Forms of exploitation"), required=True)
    country_of_exploitation = country(PLACES, _("Country of exploitation"))
    identified_by = select(codes.IdentifiedBy, _("Identified by"))
    recruitment = select(codes.Recruitment, _("Recruitment"), required=False)
    assistance = checkboxes(codes.Assistance, _("Assistance received"), required=False)


class ReadmissionForm(IdentityMixin, PersonMixin, CaseForm):
    case_type = CaseType.READMISSION

    returning_state = country(PLACES, _("Returning state"))
    returnee_category = select(codes.ReturneeCategory, _("Returnee category"))
    procedure = select(codes.Procedure, _("Procedure"))
    return_type = select(codes.ReturnType, _("Return type"))
    prior_asylum_claim = select(codes.YesNoUnknown, _("Asylum sought in the returning state"))
    reintegration_assistance = select(codes.YesNo, _("Reintegration assistance"))


class SmugglingForm(CaseForm):
    """The incident itself; its migrants and facilitators are rows (see `rows`)."""

    case_type = CaseType.SMUGGLING

    location_type = select(codes.LocationType, _("Location"))
    border_with = country(
        NEIGHBOURS,
        _("Border with"),
        required=False,
    )
    direction = select(codes.Direction, _("Direction"))
    transport = select(codes.Transport, _("Transport"))

    def clean(self):
        cleaned = super().clean()
        # The services check this too (casework.records); here it is reported with the
        # form's other errors, at once.
        if cleaned.get("location_type") == codes.LocationType.INLAND:
            cleaned["border_with"] = ""
        elif cleaned.get("location_type") and not cleaned.get("border_with"):
            self.add_error("border_with", _("Give the neighbour at this border section."))
        return cleaned


FORMS = {
    CaseType.TRAFFICKING: TraffickingForm,
    CaseType.SMUGGLING: SmugglingForm,
    CaseType.READMISSION: ReadmissionForm,
}
