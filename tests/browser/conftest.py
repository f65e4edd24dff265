import contextlib

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

# The counted data set and the publishing of the statistics pages' tests, for the walk.
from tests.reporting.pages.conftest import counted, publish  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def chromium(*, width=1280, height=900, downloads=None):
    """Debian's headless Chromium, with nothing that reaches beyond this machine; with
    `downloads`, files it is sent are saved in that folder without asking."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(downloads),
                "download.prompt_for_download": False,
                "download.directory_upgrade": True,
            },
        )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    settle(driver)
    driver.quit()


def settle(driver):
    """Wait for the page in flight to finish loading before the browser goes.

    The live server shares the test's database connection (an in-memory SQLite one in the
    embedded run). A request still being answered when the test ends could leave that
    connection inside its transaction for the next test, which then cannot migrate."""
    with contextlib.suppress(WebDriverException):
        WebDriverWait(driver, 10).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
