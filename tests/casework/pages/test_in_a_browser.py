"""The smuggling form's "add a migrant" button, in a real browser under the real CSP."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrives
from selenium.webdriver.support.ui import Select, WebDriverWait

from casework.models import Case
from tests.browser.conftest import settle
from tests.factories import PASSWORD


def sign_in(browser, live_server, email):
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(arrives.url_to_be(f"{live_server.url}/"))


def choose(browser, name, value):
    Select(browser.find_element(By.NAME, name)).select_by_value(value)


def test_a_caseworker_adds_a_migrant_row_and_records_the_incident(browser, live_server, region):
    sign_in(browser, live_server, "caseworker.rs_police@example.org")
    browser.get(f"{live_server.url}/cases/new/smuggling/")
    for name, value in (
        ("location_type", "green_border"),
        ("border_with", "MK"),
        ("direction", "entry"),
        ("transport", "on_foot"),
        ("migrants-0-sex", "male"),
        ("migrants-0-age_group", "24-26"),
        ("migrants-0-citizenship", "AF"),
    ):
        choose(browser, name, value)
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-formset='migrants'] fieldset.row")

    browser.find_element(By.CSS_SELECTOR, "[data-formset='migrants'] [data-formset-add]").click()

    added = f"migrants-{len(rows)}"
    assert browser.switch_to.active_element.get_attribute("name") == f"{added}-sex"
    choose(browser, f"{added}-sex", "female")
    browser.find_element(By.NAME, f"{added}-age_years").send_keys("16")
    choose(browser, f"{added}-citizenship", "SY")
    browser.find_element(By.NAME, f"{added}-unaccompanied").click()
    browser.find_element(By.CSS_SELECTOR, "button[value='draft']").click()
    WebDriverWait(browser, 10).until(arrives.url_matches(r"/cases/\d+/$"))
    settle(browser)

    migrants = Case.objects.get().incident.migrants.all()
    assert [(m.citizenship, m.age_group, m.unaccompanied) for m in migrants] == [
        ("AF", "24-26", False),
        ("SY", "9-17", True),
    ]
    violations = [e for e in browser.get_log("browser") if "Content Security" in e["message"]]
    assert violations == []
