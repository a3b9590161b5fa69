"""Preferences: rebind the standard shortcuts, step size, frame cache, theme.

Usage::

    dialog = PreferencesDialog(stored_settings, codebook_key_map(codebook), parent=window)
    if dialog.exec():
        new_settings = dialog.settings()    # plain dict; the main window persists it

The settings dict (see ``DEFAULT_SETTINGS``)::

    {"shortcuts": {action_id: "Ctrl+Z", ...},   # QKeySequence portable text, "" = none
     "step_seconds": 1.0,                        # Shift+arrows jump
     "frame_cache_mb": 512,
     "follow_system_theme": True,
     "proxies/enabled": True,                    # scrub proxies (also kept in QSettings
     "proxies/max_mb": 8192}                     # under these keys: ProxySettings)

A key already used by a code of the current codebook, or by another action, is refused
with a message and the previous key is kept.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.keys import InvalidKeyError, normalize_key
from interactioncoder.ui.theme import ALERT_COLOR, badge_style

# (action id, label, default key): the actions a coder may rebind.
SHORTCUT_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("play_pause", "Play / pause", "Space"),
    ("frame_back", "Previous frame", "Left"),
    ("frame_forward", "Next frame", "Right"),
    ("step_back", "Jump back (step size)", "Shift+Left"),
    ("step_forward", "Jump forward (step size)", "Shift+Right"),
    ("go_start", "Go to start", "Home"),
    ("go_end", "Go to end", "End"),
    ("undo", "Undo", "Ctrl+Z"),
    ("redo", "Redo", "Ctrl+Shift+Z"),
    ("zoom_in", "Zoom timeline in", "Ctrl+="),
    ("zoom_out", "Zoom timeline out", "Ctrl+-"),
    ("zoom_fit", "Zoom timeline to fit", "Ctrl+0"),
    ("go_to", "Go to frame or time", "Ctrl+G"),
)
ACTION_LABELS = {a: label for a, label, _ in SHORTCUT_ACTIONS}

DEFAULT_SETTINGS: dict[str, Any] = {
    "shortcuts": {a: key for a, _, key in SHORTCUT_ACTIONS},
    "step_seconds": 1.0,
    "frame_cache_mb": 512,
    "follow_system_theme": True,
    "proxies/enabled": True,
    "proxies/max_mb": 8192,
}
PROXY_KEYS = ("proxies/enabled", "proxies/max_mb")


def canonical_key(text: str) -> str:
    """The codebook spelling of a key; keys core does not know stay as Qt wrote them."""
    if not text:
        return ""
    try:
        return normalize_key(text)
    except InvalidKeyError:
        return text


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off")
    return bool(value)


def stored_proxy_settings(store: QSettings) -> dict[str, Any]:
    """The proxy settings kept in *store* (only those present)."""
    return {key: store.value(key) for key in PROXY_KEYS if store.contains(key)}


def codebook_key_map(codebook: Codebook | None) -> dict[str, str]:
    """Canonical key -> code name, for refusing shortcuts the codebook uses."""
    if codebook is None:
        return {}
    return {canonical_key(c.key): c.name for c in codebook.codes() if c.key}


def merged_settings(
    settings: Mapping[str, Any] | None,
    actions: Sequence[tuple[str, str, str]] = SHORTCUT_ACTIONS,
) -> dict[str, Any]:
    """*settings* over the defaults (unknown keys are kept, missing ones filled)."""
    result = copy.deepcopy(DEFAULT_SETTINGS)
    result["shortcuts"] = {a: key for a, _, key in actions}
    for key, value in (settings or {}).items():
        if key == "shortcuts" and isinstance(value, Mapping):
            result["shortcuts"].update({str(k): str(v) for k, v in value.items()})
        else:
            result[key] = value
    return result


class PreferencesDialog(QDialog):
    """Edit a settings dict; ``settings()`` returns the edited copy."""

    def __init__(
        self,
        settings: Mapping[str, Any] | None = None,
        codebook_keys: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        actions: Sequence[tuple[str, str, str]] | None = None,
        store: QSettings | None = None,
    ) -> None:
        """*actions*: (id, label, default key) rows to show; default ``SHORTCUT_ACTIONS``
        (the main window may pass its own list, e.g. built from its action registry).

        *store*: where the proxy settings live (default: the parent window's
        ``settings``, else ``QSettings()``); they are read from it and written on OK."""
        super().__init__(parent)
        own = getattr(parent, "settings", None)
        self._store = store or (own if isinstance(own, QSettings) else QSettings())
        settings = {**stored_proxy_settings(self._store), **dict(settings or {})}
        self._actions = tuple(actions) if actions is not None else SHORTCUT_ACTIONS
        self._labels = {a: label for a, label, _ in self._actions}
        self.setWindowTitle("Preferences")
        self._settings = merged_settings(settings, self._actions)
        self._codebook_keys = {canonical_key(k): v for k, v in (codebook_keys or {}).items()}
        self._shortcuts: dict[str, str] = dict(self._settings["shortcuts"])
        self.key_edits: dict[str, QKeySequenceEdit] = {}

        keys_box = QGroupBox("Keyboard shortcuts", self)
        keys_form = QFormLayout(keys_box)
        for action, label, _default in self._actions:
            edit = QKeySequenceEdit(QKeySequence(self._shortcuts.get(action, "")), keys_box)
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
            edit.keySequenceChanged.connect(lambda seq, a=action: self._on_key_changed(a, seq))
            self.key_edits[action] = edit
            keys_form.addRow(label + ":", edit)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        reset = QPushButton("Restore default keys", keys_box)
        reset.setAutoDefault(False)
        reset.clicked.connect(self.restore_default_keys)
        keys_form.addRow(reset)

        play_box = QGroupBox("Playback", self)
        play_form = QFormLayout(play_box)
        self.step_spin = QDoubleSpinBox(play_box)
        self.step_spin.setRange(0.1, 60.0)
        self.step_spin.setDecimals(1)
        self.step_spin.setSingleStep(0.5)
        self.step_spin.setSuffix(" s")
        self.step_spin.setValue(float(self._settings["step_seconds"]))
        self.step_spin.setToolTip("How far the jump keys (Shift+arrows by default) move.")
        self.cache_spin = QSpinBox(play_box)
        self.cache_spin.setRange(64, 16384)
        self.cache_spin.setSingleStep(64)
        self.cache_spin.setSuffix(" MB")
        self.cache_spin.setValue(int(self._settings["frame_cache_mb"]))
        self.cache_spin.setToolTip("Decoded frames kept in memory for instant stepping back.")
        play_form.addRow("Jump step:", self.step_spin)
        play_form.addRow("Frame cache:", self.cache_spin)
        self.proxy_box = QCheckBox("Make scrub proxies (instant jumps and scrubbing)", play_box)
        self.proxy_box.setChecked(_truthy(self._settings["proxies/enabled"]))
        self.proxy_box.setToolTip(
            "A small quickly seekable copy of each video, made in the background when a "
            "session is opened (paused while the video plays)."
        )
        self.proxy_spin = QSpinBox(play_box)
        self.proxy_spin.setRange(256, 1024 * 1024)
        self.proxy_spin.setSingleStep(1024)
        self.proxy_spin.setSuffix(" MB")
        self.proxy_spin.setValue(int(float(self._settings["proxies/max_mb"])))
        self.proxy_spin.setToolTip("The least recently used proxies are deleted beyond this.")
        self.proxy_spin.setEnabled(self.proxy_box.isChecked())
        self.proxy_box.toggled.connect(self.proxy_spin.setEnabled)
        play_form.addRow(self.proxy_box)
        play_form.addRow("Proxy cache:", self.proxy_spin)

        look_box = QGroupBox("Appearance", self)
        look_layout = QVBoxLayout(look_box)
        self.theme_box = QCheckBox("Follow the system's light/dark theme", look_box)
        self.theme_box.setChecked(bool(self._settings["follow_system_theme"]))
        look_layout.addWidget(self.theme_box)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(keys_box)
        layout.addWidget(self.message)  # outside the form: a wrapped label gets its height
        layout.addWidget(play_box)
        layout.addWidget(look_box)
        layout.addWidget(buttons)

    # -- API ---------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        result = copy.deepcopy(self._settings)
        result["shortcuts"] = self._current_keys()
        result["step_seconds"] = round(self.step_spin.value(), 1)
        result["frame_cache_mb"] = self.cache_spin.value()
        result["follow_system_theme"] = self.theme_box.isChecked()
        result["proxies/enabled"] = self.proxy_box.isChecked()
        result["proxies/max_mb"] = self.proxy_spin.value()
        return result

    def accept(self) -> None:
        settings = self.settings()
        for key in PROXY_KEYS:
            self._store.setValue(key, settings[key])
        self._store.sync()
        super().accept()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def conflict_for(self, action: str, key: str) -> str:
        """Why *key* cannot be bound to *action* ("" if it can)."""
        key = canonical_key(key)
        if not key:
            return ""
        if key in self._codebook_keys:
            return f"“{key}” is the key of the code “{self._codebook_keys[key]}” in this codebook."
        for other, other_key in self._current_keys().items():
            if other != action and canonical_key(other_key) == key:
                return f"“{key}” is already used by “{self._labels.get(other, other)}”."
        return ""

    def restore_default_keys(self) -> None:
        self._shortcuts.update({a: key for a, _, key in self._actions})
        for action, edit in self.key_edits.items():
            edit.blockSignals(True)
            edit.setKeySequence(QKeySequence(self._shortcuts[action]))
            edit.blockSignals(False)
        problems = [
            self.conflict_for(a, k) for a, k in self._shortcuts.items() if self.conflict_for(a, k)
        ]
        self._show_message(problems[0] if problems else "")

    # -- internals ---------------------------------------------------------------------
    def _current_keys(self) -> dict[str, str]:
        """Accepted keys; an action whose editor was emptied has none."""
        keys = dict(self._shortcuts)
        for action, edit in self.key_edits.items():
            if edit.keySequence().isEmpty():
                keys[action] = ""
        return keys

    def _on_key_changed(self, action: str, sequence: QKeySequence) -> None:
        text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        if not text:
            # The editor empties itself when recording starts (and on its clear button);
            # the emptiness is read by _current_keys, the last accepted key is kept.
            return
        problem = self.conflict_for(action, text)
        if problem:
            edit = self.key_edits[action]
            edit.blockSignals(True)
            edit.setKeySequence(QKeySequence(self._shortcuts.get(action, "")))
            edit.blockSignals(False)
            previous = self._shortcuts.get(action) or "no key"
            self._show_message(f"{problem} Kept {previous} for {self._labels[action]}.")
            return
        self._shortcuts[action] = canonical_key(text)
        self._show_message("")

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(badge_style(ALERT_COLOR) if text else "")
        self.message.setVisible(bool(text))
