from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrives
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.accessibility import assert_accessible
from tests.factories import PASSWORD


def test_a_caseworker_signs_in_and_out_in_a_real_browser(browser, live_server, region):
    browser.get(f"{live_server.url}/")
    assert "/accounts/login/" in browser.current_url
    assert_accessible(browser)
    browser.find_element(By.NAME, "username").send_keys("caseworker.rs_ngo@example.org")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(arrives.url_to_be(f"{live_server.url}/"))

    assert "Atina" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    # The page's own stylesheet and script are served by the application itself.
    assert browser.execute_script("return document.styleSheets[0].cssRules.length") > 0

    browser.find_element(By.CSS_SELECTOR, "form[action$='/logout/'] button").click()
    WebDriverWait(browser, 10).until(arrives.url_contains("/accounts/login/"))


def test_the_language_switcher_works_without_inline_script(browser, live_server, region):
    browser.get(f"{live_server.url}/accounts/login/")
    Select(browser.find_element(By.ID, "language")).select_by_value("sr-latn")
    # The script served with the page submits the switcher on change: no button pressed.
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sr-latn"
    )
    assert_accessible(browser)
    # No Content-Security-Policy violation was reported while the page ran.
    errors = [
        entry
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert errors == []
