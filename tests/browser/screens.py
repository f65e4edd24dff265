"""Screenshots of whole pages for a person to look at, in `artefacts/screenshots/`
(git-ignored), as the browser walks take them: 1366 px wide and 375 px (a phone)."""

import base64
from pathlib import Path

from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "artefacts" / "screenshots"
WIDE, NARROW = 1366, 375


def emulate(browser, width: int) -> None:
    """Pages laid out `width` px wide, as a phone when NARROW (a window is never that
    narrow: Chromium keeps its windows at least 500 px wide)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width == NARROW},
    )


def screenshot(browser, name: str) -> None:
    """The whole page, as wide as it is laid out, as `<name>.png`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width, height = browser.execute_script(
        "return [window.innerWidth, Math.max(document.documentElement.scrollHeight,"
        " document.body ? document.body.scrollHeight : 0)]"
    )
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def screenshots(browser, prefix: str, step: str) -> None:
    """The whole page 1366 px and 375 px wide, as `<prefix>-<step>.png` and `...-375.png`."""
    for width, suffix in ((WIDE, ""), (NARROW, "-375")):
        emulate(browser, width)
        screenshot(browser, f"{prefix}-{step}{suffix}")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
