"""Non-text contrast (WCAG 2.1, 1.4.11) of the site's stylesheet: a control's border and the
focus ring must stand out at 3:1 against what they sit on, the white of a card and the wash
of the page. Axe checks the contrast of text on every page of the browser walk; it does not
check borders nor the focus ring, so this test computes theirs from static/css/app.css."""

import re

import pytest
from django.conf import settings

APP_CSS = settings.BASE_DIR / "static" / "css" / "app.css"
NON_TEXT, TEXT = 3.0, 4.5


def custom_properties() -> dict[str, str]:
    """The colours the stylesheet declares as custom properties, by name, as #rrggbb."""
    css = APP_CSS.read_text(encoding="utf-8")
    found = re.findall(r"--([\w-]+):\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", css)
    return {
        name: "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))
        for name, digits in found
    }


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_wcags_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#d5dbe2", "#ffffff") < NON_TEXT  # the old button border: about 1.4:1


@pytest.mark.parametrize("name", ["control-line", "focus"])
@pytest.mark.parametrize("ground", ["paper", "wash"])
def test_borders_and_the_focus_ring_stand_out_at_3_to_1(name, ground):
    colours = custom_properties()
    assert contrast(colours[name], colours[ground]) >= NON_TEXT


@pytest.mark.parametrize("name", ["ink", "muted", "accent"])
@pytest.mark.parametrize("ground", ["paper", "wash"])
def test_text_colours_read_at_4_5_to_1(name, ground):
    colours = custom_properties()
    assert contrast(colours[name], colours[ground]) >= TEXT


def test_controls_and_the_focus_ring_use_those_colours():
    """The rules draw with the variables checked above, not with a colour of their own."""
    css = APP_CSS.read_text(encoding="utf-8")
    assert re.search(r":focus-visible\s*{\s*outline:\s*3px solid var\(--focus\)", css)
    for selector in (r"input, select, textarea", r"button", r"a\.button"):
        rule = re.search(rf"(?m)^{selector} {{([^}}]*)}}", css)
        assert rule and "border: 1px solid var(--control-line)" in rule.group(1), selector
