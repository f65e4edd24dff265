from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.accessibility import assert_accessible
from tests.factories import PASSWORD


def sign_in(browser, live_server, email):
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" not in b.current_url)


def test_a_draft_survives_a_timed_out_session_but_identity_fields_do_not(
    browser, live_server, region
):
    from django.contrib.sessions.models import Session

    sign_in(browser, live_server, "caseworker.rs_ngo@example.org")
    browser.get(f"{live_server.url}/cases/new/readmission/")
    Select(browser.find_element(By.NAME, "returning_state")).select_by_value("SE")
    browser.find_element(By.NAME, "family_name").send_keys("Petrović")

    Session.objects.all().delete()  # the session times out
    sign_in(browser, live_server, "caseworker.rs_ngo@example.org")
    browser.get(f"{live_server.url}/cases/new/readmission/")

    assert (
        Select(
            browser.find_element(By.NAME, "returning_state")
        ).first_selected_option.get_attribute("value")
        == "SE"
    )
    assert browser.find_element(By.NAME, "family_name").get_attribute("value") == ""
    assert browser.find_element(By.CSS_SELECTOR, "[data-draft-restored]").is_displayed()
    assert_accessible(browser)  # the form with its notice of the restored draft
    stored = browser.execute_script("return JSON.stringify(localStorage)")
    assert "Petrovi" not in stored


def _drafts(browser) -> list[str]:
    return browser.execute_script(
        "return Object.keys(localStorage).filter((key) => key.startsWith('draft:'))"
    )


def test_a_draft_is_kept_for_its_user_only_and_removed_at_sign_out(browser, live_server, region):
    from django.contrib.sessions.models import Session

    sign_in(browser, live_server, "caseworker.rs_ngo@example.org")
    browser.get(f"{live_server.url}/cases/new/readmission/")
    Select(browser.find_element(By.NAME, "returning_state")).select_by_value("SE")
    browser.find_element(By.NAME, "family_name").send_keys("x")  # the draft is kept on input
    owner = region.users["caseworker_rs_ngo"].pk
    assert _drafts(browser) == [f"draft:{owner}:/cases/new/readmission/"]

    Session.objects.all().delete()  # the session times out; someone else signs in here
    sign_in(browser, live_server, "national.rs@example.org")
    browser.get(f"{live_server.url}/cases/new/readmission/")
    assert Select(
        browser.find_element(By.NAME, "returning_state")
    ).first_selected_option.get_attribute("value") in ("", None)
    assert not browser.find_element(By.CSS_SELECTOR, "[data-draft-restored]").is_displayed()
    assert_accessible(browser)

    browser.find_element(By.CSS_SELECTOR, "form[data-sign-out] button").click()
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" in b.current_url)
    assert _drafts(browser) == []
