"""A small keyboard-driven popup asking a code's modifiers, without stopping playback.

Usage::

    popup = ModifierPopup(code, parent=video_widget)   # child overlay (or None: tool window)
    popup = ModifierPopup(code, parent, current=event.modifiers)  # editing: values marked
    popup.accepted.connect(lambda values: main_window.set_modifiers(event_id, values))
    popup.skipped.connect(...)                         # Esc, when no modifier is required
    popup.present(QPoint(x, y))                        # shows and takes focus; never exec()

Choice modifiers list their options with a key each (the codebook's key, else 1-9 then
free letters); pressing it picks and moves on to the next modifier. Number modifiers have
a validated line edit (Enter moves on). Enter on the last modifier accepts, emitting
``accepted({modifier_id: choice_id | float})``; Esc emits ``skipped()`` unless a modifier
is required. Keys the popup uses take precedence over window shortcuts while it has
focus; other keys (Space = play/pause) still reach them.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QKeyEvent, QValidator
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from interactioncoder.core.codebook import Code, Modifier, ModifierKind
from interactioncoder.core.events import ModifierValue


def choice_keys(modifier: Modifier) -> dict[str, str]:
    """Key (upper case) -> choice id: explicit keys first, then digits 1-9, then letters."""
    keys: dict[str, str] = {}
    for choice in modifier.choices:
        if choice.key:
            keys[choice.key.upper()] = choice.id
    free = [k for k in "123456789" + string.ascii_uppercase if k not in keys]
    for choice in modifier.choices:
        if not choice.key:
            keys[free.pop(0)] = choice.id
    return keys


class ModifierPopup(QFrame):
    """Frameless, non-modal modifier entry for one code.

    Signals:
        accepted(dict): modifier id -> chosen choice id (str) or number (float).
        skipped(): the user pressed Esc and no modifier is required.
    """

    accepted = Signal(dict)
    skipped = Signal()

    def __init__(
        self,
        code: Code,
        parent: QWidget | None = None,
        current: Mapping[str, ModifierValue] | None = None,
    ) -> None:
        super().__init__(parent)
        if parent is None:
            # A tool window does not take over the taskbar or block the main window.
            self.setWindowFlags(Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.code = code
        known = {m.id for m in code.modifiers}
        # editing an event: its values are marked and kept unless another is chosen
        self._values: dict[str, ModifierValue] = {
            k: v for k, v in (current or {}).items() if k in known
        }
        self._keys = {m.id: choice_keys(m) for m in code.modifiers if m.kind is ModifierKind.CHOICE}
        self._choice_labels: dict[tuple[str, str], QLabel] = {}
        self._edits: dict[str, QLineEdit] = {}
        self._rows: dict[str, QLabel] = {}
        self._step = 0

        title = QLabel(f"<b>{code.name}</b> – modifiers", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.hint = help_text = QLabel(
            "Press the key in [ ] to choose · Enter: keep / accept · Esc: skip", self
        )
        help_text.setWordWrap(True)
        small = help_text.font()
        small.setPointSizeF(max(8.0, small.pointSizeF() * 0.92))
        help_text.setFont(small)  # smaller, but in the normal text colour (readable)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for row, modifier in enumerate(code.modifiers):
            name = QLabel(modifier.name + (" *" if modifier.required else ""), self)
            self._rows[modifier.id] = name
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            if modifier.kind is ModifierKind.CHOICE:
                options = QVBoxLayout()
                options.setSpacing(1)
                for key, choice_id in self._keys[modifier.id].items():
                    choice = modifier.choice(choice_id)
                    label = QLabel(f"[{key}] {choice.name}", self)
                    label.setProperty("baseText", label.text())
                    self._choice_labels[(modifier.id, choice_id)] = label
                    options.addWidget(label)
                grid.addLayout(options, row, 1)
            else:
                edit = QLineEdit(self)
                validator = QDoubleValidator(self)
                validator.setNotation(QDoubleValidator.Notation.StandardNotation)
                if modifier.minimum is not None:
                    validator.setBottom(modifier.minimum)
                if modifier.maximum is not None:
                    validator.setTop(modifier.maximum)
                edit.setValidator(validator)
                edit.setPlaceholderText(_range_text(modifier))
                edit.installEventFilter(self)
                value = self._values.get(modifier.id)
                if isinstance(value, int | float):
                    edit.setText(f"{value:g}")
                self._edits[modifier.id] = edit
                grid.addWidget(edit, row, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(help_text)
        self._show_step()

    # -- API ---------------------------------------------------------------------------
    def present(self, at: QPoint | None = None) -> None:
        """Show (at *at*, in the parent's coordinates or globally) and take the focus."""
        self.adjustSize()
        if at is not None:
            self.move(at)
        self.show()
        self.raise_()
        self._focus_step()

    def values(self) -> dict[str, ModifierValue]:
        return dict(self._values)

    def current_modifier(self) -> Modifier | None:
        mods = self.code.modifiers
        return mods[self._step] if self._step < len(mods) else None

    def accept_values(self) -> bool:
        """Validate and emit ``accepted``; False (with a message) if something is missing."""
        for modifier in self.code.modifiers:
            if modifier.kind is ModifierKind.NUMBER and not self._take_number(modifier):
                return False
        missing = [m.name for m in self.code.modifiers if m.required and m.id not in self._values]
        if missing:
            self.message.setText("Required: " + ", ".join(missing))
            return False
        self.hide()
        self.accepted.emit(dict(self._values))
        return True

    def skip(self) -> bool:
        if any(m.required for m in self.code.modifiers):
            self.message.setText("This code needs its modifiers: Esc cannot skip them.")
            return False
        self.hide()
        self.skipped.emit()
        return True

    # -- keys --------------------------------------------------------------------------
    def _handles(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            return True
        modifier = self.current_modifier()
        if modifier is None:
            return False
        if modifier.kind is ModifierKind.NUMBER:
            return (bool(event.text()) and event.text() in "0123456789.,-") or key in (
                Qt.Key.Key_Backspace,
                Qt.Key.Key_Delete,
                Qt.Key.Key_Left,
                Qt.Key.Key_Right,
            )
        return event.text().upper() in self._keys[modifier.id]

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.skip()
            return True
        modifier = self.current_modifier()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            is_number = modifier is not None and modifier.kind is ModifierKind.NUMBER
            if is_number and not self._take_number(modifier):  # type: ignore[arg-type]
                return True
            if self._step >= len(self.code.modifiers) - 1:
                self.accept_values()
            else:
                self._advance()
            return True
        if modifier is not None and modifier.kind is ModifierKind.CHOICE:
            choice_id = self._keys[modifier.id].get(event.text().upper())
            if choice_id is not None:
                self._values[modifier.id] = choice_id
                self._advance()
                return True
        return False

    def _take_number(self, modifier: Modifier) -> bool:
        edit = self._edits[modifier.id]
        text = edit.text().strip().replace(",", ".")
        if not text:
            self._values.pop(modifier.id, None)
            return True
        validator = edit.validator()
        result: Any = validator.validate(edit.text(), 0) if validator is not None else None
        state = result[0] if result is not None else None
        if state != QValidator.State.Acceptable:
            self.message.setText(f"{modifier.name}: enter a number {_range_text(modifier)}")
            edit.setFocus()
            return False
        self._values[modifier.id] = float(text)
        return True

    def _advance(self) -> None:
        self._step = min(self._step + 1, len(self.code.modifiers))
        if self._step >= len(self.code.modifiers):
            self.accept_values()
            return
        self._show_step()
        self._focus_step()

    def _show_step(self) -> None:
        self.message.setText("")
        for index, modifier in enumerate(self.code.modifiers):
            label = self._rows[modifier.id]
            font = label.font()
            font.setBold(index == self._step)
            label.setFont(font)
        for (mod_id, choice_id), label in self._choice_labels.items():
            chosen = self._values.get(mod_id) == choice_id
            font = label.font()
            font.setBold(chosen)
            label.setFont(font)
            label.setText(("✓ " if chosen else "") + str(label.property("baseText")))

    def _focus_step(self) -> None:
        modifier = self.current_modifier()
        if modifier is not None and modifier.kind is ModifierKind.NUMBER:
            self._edits[modifier.id].setFocus()
        else:
            self.setFocus()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._handles(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._edits.values():
            if event.type() == QEvent.Type.ShortcutOverride:
                assert isinstance(event, QKeyEvent)
                if self._handles(event):
                    event.accept()
                    return True
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                    return self._key(event)
        return super().eventFilter(watched, event)


def _range_text(modifier: Modifier) -> str:
    lo, hi = modifier.minimum, modifier.maximum
    if lo is not None and hi is not None:
        return f"from {lo:g} to {hi:g}"
    if lo is not None:
        return f"≥ {lo:g}"
    if hi is not None:
        return f"≤ {hi:g}"
    return "(any number)"
