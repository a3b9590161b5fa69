from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from interactioncoder.ui.theme import (
    contrast_ratio,
    is_dark,
    swatch_border_for,
    swatch_icon,
    text_color_for,
)
from tests.ui.test_panels_fixtures import make_codebook


def test_text_color_is_readable_on_every_code_colour() -> None:
    assert text_color_for("#ffeb3b") == "#000000"  # yellow
    assert text_color_for("#1a237e") == "#ffffff"  # navy
    assert text_color_for("#ffffff") == "#000000"
    assert text_color_for("#000000") == "#ffffff"
    for code in make_codebook().codes():
        text = text_color_for(code.color)
        assert contrast_ratio(code.color, text) >= 4.5, code.color  # WCAG AA for text


def test_contrast_ratio_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    with pytest.raises(ValueError, match="not a colour"):
        text_color_for("green-ish")


def test_dark_detection_from_palette(qapp) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
    assert is_dark(dark)
    assert not is_dark(light)


def test_swatch_border_separates_colour_from_window(qapp) -> None:
    # A near-white swatch on a light window and a near-black one on a dark window get a
    # contrasting border; a saturated colour gets a darker/lighter shade of itself.
    assert contrast_ratio(swatch_border_for("#fafafa", dark=False), "#f5f5f5") > 3
    assert contrast_ratio(swatch_border_for("#222222", dark=True), "#2b2b2b") > 3
    assert swatch_border_for("#d64545", dark=False) != "#d64545"
    assert not swatch_icon("#2e9d5b", 14, dark=True).isNull()
