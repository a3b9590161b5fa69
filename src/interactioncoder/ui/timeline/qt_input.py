"""Qt's mouse buttons, modifiers and keys as the model's plain input values (and the
model's seeks as the widget's signals)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMetaMethod, Qt

from interactioncoder.ui.timeline.model.intents import Button, Key, Mod, Seek

_BUTTONS = {
    Qt.MouseButton.LeftButton: Button.LEFT,
    Qt.MouseButton.RightButton: Button.RIGHT,
    Qt.MouseButton.MiddleButton: Button.MIDDLE,
}
_MODS = (
    (Qt.KeyboardModifier.ShiftModifier, Mod.SHIFT),
    (Qt.KeyboardModifier.ControlModifier, Mod.CTRL),
    (Qt.KeyboardModifier.AltModifier, Mod.ALT),
)
_KEYS = {
    Qt.Key.Key_Delete: Key.DELETE,
    Qt.Key.Key_Backspace: Key.BACKSPACE,
    Qt.Key.Key_Plus: Key.PLUS,
    Qt.Key.Key_Equal: Key.EQUAL,
    Qt.Key.Key_Minus: Key.MINUS,
    Qt.Key.Key_0: Key.ZERO,
    Qt.Key.Key_Escape: Key.ESCAPE,
}


def button(b: Qt.MouseButton) -> Button:
    return _BUTTONS.get(b, Button.OTHER)


def mods(m: Qt.KeyboardModifier) -> Mod:
    out = Mod.NONE
    for qt_mod, mod in _MODS:
        if m & qt_mod:
            out |= mod
    return out


def key(k: int) -> Key:
    try:
        return _KEYS.get(Qt.Key(k), Key.OTHER)
    except ValueError:
        return Key.OTHER


def emit_seek(widget: Any, seek: Seek) -> None:
    """A playhead drag's moves go to ``scrubRequested`` (quick preview frames) when
    something listens to it, else to ``seekRequested``; other seeks, and the drag's
    release, to ``seekRequested`` (the exact frame)."""
    scrub = QMetaMethod.fromSignal(widget.scrubRequested)
    if seek.scrub and widget.isSignalConnected(scrub):
        widget.scrubRequested.emit(seek.frame)
    else:
        widget.seekRequested.emit(seek.frame)
