"""The application's own keys (play, step, undo...) and their rebinding, kept in QSettings.

A codebook may not use a reserved key (``core.keys.RESERVED_KEYS``, checked by the
codebook loader), so the defaults never clash with a code. When the coder rebinds an
action in the preferences, :meth:`ShortcutBindings.rebind` refuses a key another action
has or a code of the open codebook uses: shortcut conflicts cannot arise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.keys import InvalidKeyError, normalize_key


@dataclass(frozen=True)
class StandardAction:
    id: str
    label: str
    default_key: str
    auto_repeat: bool = True


STANDARD_ACTIONS: tuple[StandardAction, ...] = (
    # ids as the preferences dialog (ui.dialogs.preferences_dialog) names them
    StandardAction("play_pause", "Play / pause", "Space", auto_repeat=False),
    StandardAction("frame_back", "Previous frame", "Left"),
    StandardAction("frame_forward", "Next frame", "Right"),
    StandardAction("step_back", "Jump back (step size)", "Shift+Left"),
    StandardAction("step_forward", "Jump forward (step size)", "Shift+Right"),
    StandardAction("go_start", "Go to start", "Home", auto_repeat=False),
    StandardAction("go_end", "Go to end", "End", auto_repeat=False),
    StandardAction("undo", "Undo", "Ctrl+Z"),
    StandardAction("redo", "Redo", "Ctrl+Shift+Z"),
    StandardAction("zoom_in", "Zoom timeline in", "Ctrl+=", auto_repeat=False),
    StandardAction("zoom_out", "Zoom timeline out", "Ctrl+-", auto_repeat=False),
    StandardAction("zoom_fit", "Zoom timeline to fit", "Ctrl+0", auto_repeat=False),
    StandardAction("go_to", "Go to frame or time", "Ctrl+G", auto_repeat=False),
)
ACTIONS_BY_ID = {a.id: a for a in STANDARD_ACTIONS}

SETTINGS_GROUP = "shortcuts"
STEP_SECONDS_KEY = "coding/step_seconds"
DEFAULT_STEP_SECONDS = 1.0
CACHE_KEY = "media/frame_cache_mb"


class ShortcutConflict(ValueError):  # noqa: N818 - a refusal, shown to the user as is
    """A key that cannot be bound; the message says what already uses it."""


class ShortcutBindings:
    """Current key of every standard action; persisted under ``shortcuts/<id>``."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()
        self._keys: dict[str, str] = {a.id: a.default_key for a in STANDARD_ACTIONS}
        self.load()

    def load(self) -> None:
        for action in STANDARD_ACTIONS:
            stored = self._settings.value(f"{SETTINGS_GROUP}/{action.id}", None)
            if isinstance(stored, str) and stored:
                try:
                    self._keys[action.id] = normalize_key(stored)
                except InvalidKeyError:
                    self._keys[action.id] = action.default_key

    def key(self, action_id: str) -> str:
        return self._keys[action_id]

    def as_dict(self) -> dict[str, str]:
        return dict(self._keys)

    def action_for_key(self, key: str) -> str | None:
        for action_id, bound in self._keys.items():
            if bound == key:
                return action_id
        return None

    def rebind(self, action_id: str, key: str, codebook: Codebook | None = None) -> str:
        """Bind *key* to the action and store it; raises :class:`ShortcutConflict`."""
        if action_id not in ACTIONS_BY_ID:
            raise KeyError(f"no action {action_id!r}")
        try:
            canonical = normalize_key(key)
        except InvalidKeyError as exc:
            raise ShortcutConflict(str(exc)) from None
        holder = self.action_for_key(canonical)
        if holder is not None and holder != action_id:
            raise ShortcutConflict(
                f"{canonical} is already the key of “{ACTIONS_BY_ID[holder].label}”"
            )
        if codebook is not None:
            code = codebook.code_for_key(canonical)
            if code is not None:
                raise ShortcutConflict(f"{canonical} is the key of the code “{code.name}”")
        self._keys[action_id] = canonical
        self._settings.setValue(f"{SETTINGS_GROUP}/{action_id}", canonical)
        return canonical

    def reset(self) -> None:
        for action in STANDARD_ACTIONS:
            self._keys[action.id] = action.default_key
            self._settings.remove(f"{SETTINGS_GROUP}/{action.id}")

    def codebook_clashes(self, codebook: Codebook) -> list[str]:
        """Codes whose key a rebound action took (the code wins; the caller warns)."""
        return [
            f"{c.name} ({c.key})"
            for c in codebook.codes()
            if self.action_for_key(c.key) is not None
        ]

    # -- other coding preferences ------------------------------------------------------
    def step_seconds(self) -> float:
        value = self._settings.value(STEP_SECONDS_KEY, DEFAULT_STEP_SECONDS)
        try:
            return max(0.001, float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return DEFAULT_STEP_SECONDS

    def set_step_seconds(self, seconds: float) -> None:
        self._settings.setValue(STEP_SECONDS_KEY, float(seconds))

    def preferences(self) -> dict[str, Any]:
        """The settings dict the preferences dialog edits."""
        return {
            "shortcuts": self.as_dict(),
            "step_seconds": self.step_seconds(),
            "frame_cache_mb": int(self._settings.value(CACHE_KEY, 512)),  # type: ignore[call-overload]
            "follow_system_theme": True,
        }

    def apply_preferences(self, prefs: Mapping[str, Any], codebook: Codebook | None) -> list[str]:
        """Store what the dialog returned; returns the refusals (the old key is kept)."""
        refused = []
        wanted = {k: v for k, v in dict(prefs.get("shortcuts", {})).items() if k in ACTIONS_BY_ID}
        # Free every changed key first, so that swapping two keys is possible.
        previous = self.as_dict()
        for action_id in wanted:
            self._keys[action_id] = ""
        for action_id, key in wanted.items():
            if not key:
                refused.append(f"{ACTIONS_BY_ID[action_id].label}: a key is needed")
                self._keys[action_id] = previous[action_id]
                continue
            try:
                self.rebind(action_id, key, codebook)
            except ShortcutConflict as exc:
                refused.append(f"{ACTIONS_BY_ID[action_id].label}: {exc}")
                self._keys[action_id] = previous[action_id]
        if "step_seconds" in prefs:
            self.set_step_seconds(float(prefs["step_seconds"]))
        if "frame_cache_mb" in prefs:
            self._settings.setValue(CACHE_KEY, int(prefs["frame_cache_mb"]))
        return refused


def make_window_actions(
    window: QWidget, undo_stack: QUndoStack, handlers: Mapping[str, Callable[[], None]]
) -> dict[str, QAction]:
    """One window-wide action per standard action (undo/redo from the undo stack)."""
    actions: dict[str, QAction] = {}
    for spec in STANDARD_ACTIONS:
        if spec.id == "undo":
            action = undo_stack.createUndoAction(window, "&Undo")
        elif spec.id == "redo":
            action = undo_stack.createRedoAction(window, "&Redo")
        else:
            action = QAction(spec.label, window)
        action.setAutoRepeat(spec.auto_repeat)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if spec.id in handlers:
            action.triggered.connect(handlers[spec.id])
        window.addAction(action)
        actions[spec.id] = action
    return actions


def bind_window_actions(
    actions: Mapping[str, QAction], bindings: ShortcutBindings, code_keys: set[str]
) -> list[str]:
    """Give the actions their keys; an action whose key a code uses loses it (listed)."""
    lost = []
    for action_id, action in actions.items():
        key = bindings.key(action_id)
        if key in code_keys:
            lost.append(f"{action.text().replace('&', '')} ({key})")
            key = ""
        action.setShortcut(QKeySequence(key))
    return lost
