"""Both themes keep text readable: body text, the quieter captions and hints, and the edges
of check boxes and radio buttons, each against every background it is drawn on (WCAG 2
contrast ratios: 7:1 for text, 4.5:1 for small captions, 3:1 for a control's outline)."""

from __future__ import annotations

import pytest

from ui.resources import read_text, schemes

BACKGROUNDS = ("Window", "Base", "AlternateBase", "Button")


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_body_text_is_at_least_seven_to_one(scheme: str) -> None:
    colours = schemes()[scheme]
    assert contrast(colours.role("WindowText"), colours.role("Window")) >= 7
    assert contrast(colours.role("Text"), colours.role("Base")) >= 7
    assert contrast(colours.role("ButtonText"), colours.role("Button")) >= 7


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_captions_and_control_edges_stand_out_on_every_background(
    scheme: str, background: str
) -> None:
    colours = schemes()[scheme]
    # Captions, hints and the outline of an unticked box are all PlaceholderText.
    ratio = contrast(colours.role("PlaceholderText"), colours.role(background))
    assert ratio >= 4.5, f"{scheme}: captions on {background} are {ratio:.2f}:1"


def test_unticked_boxes_are_outlined_in_the_caption_colour() -> None:
    """palette(dark) is darker than the dark theme's background: an outline in it vanishes."""
    sheet = read_text("styles", "app.qss")
    for selector in ("QCheckBox::indicator {", "QRadioButton::indicator {"):
        block = sheet.split(selector, 1)[1].split("}", 1)[0]
        assert "border: 2px solid palette(placeholder-text)" in block, selector
