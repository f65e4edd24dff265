from django.urls import reverse

from accounts.territories import REGION, Territory, needs_footnote, reporting_territories


def test_the_six_territories_report_and_croatia_only_when_enabled(settings):
    settings.REPORT_CROATIA = False
    assert [t.value for t in reporting_territories()] == ["AL", "BA", "XK", "ME", "MK", "RS"]
    settings.REPORT_CROATIA = True
    assert reporting_territories()[-1] == Territory.CROATIA
    assert REGION == "WB6"


def test_kosovo_always_carries_its_footnote(client, db):
    assert needs_footnote("XK") and not needs_footnote("RS")
    assert Territory.KOSOVO.label == "Kosovo*"
    page = client.get(reverse("login")).content.decode()
    assert "in line with UNSCR 1244/1999 and the ICJ Opinion" in page
