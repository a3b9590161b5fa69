"""Palette helpers: follow the system light/dark scheme and keep code colours readable.

Code colours come from the codebook ("#rrggbb") and are drawn on both light and dark
backgrounds, so text on a colour is picked by contrast (WCAG relative luminance) and
swatches get a border that stays visible against either window colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

# Status / highlight colours chosen to be readable with text_color_for() in both schemes.
STATUS_COLORS: dict[str, str] = {
    "not_started": "#9e9e9e",
    "in_progress": "#f0b429",
    "done": "#2e9d5b",
}
ALERT_COLOR = "#d64545"  # e.g. a rating total at or above its clinical cut-off
OK_COLOR = "#2e9d5b"


def _channel(c: float) -> float:
    c = c / 255.0
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance (0 = black, 1 = white) of a "#rrggbb" colour."""
    color = QColor(hex_color)
    if not color.isValid():
        raise ValueError(f"not a colour: {hex_color!r} (expected #rrggbb)")
    return (
        0.2126 * _channel(color.red())
        + 0.7152 * _channel(color.green())
        + 0.0722 * _channel(color.blue())
    )


def contrast_ratio(a_hex: str, b_hex: str) -> float:
    la, lb = relative_luminance(a_hex), relative_luminance(b_hex)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_color_for(background_hex: str) -> str:
    """Black or white, whichever contrasts more with *background_hex*."""
    black, white = "#000000", "#ffffff"
    if contrast_ratio(background_hex, black) >= contrast_ratio(background_hex, white):
        return black
    return white


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the application (or *palette*) uses a dark scheme.

    Qt 6.5+ reports the system colour scheme; otherwise the window colour decides.
    """
    if palette is None:
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            scheme = app.styleHints().colorScheme()
            if scheme == Qt.ColorScheme.Dark:
                return True
            if scheme == Qt.ColorScheme.Light:
                return False
            palette = app.palette()
        else:
            return False
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def swatch_border_for(color_hex: str, dark: bool) -> str:
    """A border that separates the swatch from the window in the current scheme."""
    window = "#2b2b2b" if dark else "#f5f5f5"
    if contrast_ratio(color_hex, window) < 1.6:
        return "#d0d0d0" if dark else "#505050"
    return (
        QColor(color_hex).darker(140).name() if not dark else QColor(color_hex).lighter(130).name()
    )


def swatch_icon(color_hex: str, size: int = 14, dark: bool | None = None) -> QIcon:
    """A small rounded square in *color_hex*, bordered so it reads in light and dark."""
    dark = is_dark() if dark is None else dark
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(swatch_border_for(color_hex, dark)), 1.0))
    painter.setBrush(QColor(color_hex))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0), 3.0, 3.0)
    painter.end()
    return QIcon(pixmap)


def badge_style(background_hex: str) -> str:
    """Style sheet for a small coloured label with readable text."""
    return (
        f"background-color: {background_hex}; color: {text_color_for(background_hex)};"
        " border-radius: 4px; padding: 2px 6px;"
    )


def follow_system_theme(app: QApplication, follow: bool = True) -> None:
    """Use the system's light/dark palette (Fusion draws both well), or force light.

    Qt already tracks the system scheme when *follow* is true; we only pick a style that
    renders a dark palette properly on every platform. When *follow* is false the light
    scheme is requested (Qt 6.8+) so coders on a dark desktop can keep a light workspace.
    """
    app.setStyle("Fusion")
    hints = app.styleHints()
    setter = getattr(hints, "setColorScheme", None)
    if setter is not None:
        setter(Qt.ColorScheme.Unknown if follow else Qt.ColorScheme.Light)
