"""Keyboard keys as the codebook writes them, and the keys the application keeps for itself.

Keys are written the way Qt's ``QKeySequence.toString()`` spells them in portable text
("S", "Shift+S", "F5", "1", "Ctrl+Z"), so the UI can bind them without translation and the
codebook checker can refuse a code key that would shadow one of the app's own shortcuts.
"""

from __future__ import annotations

_MODIFIER_ORDER = ("Ctrl", "Alt", "Shift", "Meta")
_MODIFIER_ALIASES = {
    "ctrl": "Ctrl",
    "control": "Ctrl",
    "alt": "Alt",
    "shift": "Shift",
    "meta": "Meta",
    "cmd": "Ctrl",
}
_NAMED_KEYS = {
    "space": "Space",
    "left": "Left",
    "right": "Right",
    "up": "Up",
    "down": "Down",
    "home": "Home",
    "end": "End",
    "pgup": "PgUp",
    "pageup": "PgUp",
    "pgdown": "PgDown",
    "pagedown": "PgDown",
    "return": "Return",
    "enter": "Return",
    "esc": "Esc",
    "escape": "Esc",
    "tab": "Tab",
    "backspace": "Backspace",
    "del": "Del",
    "delete": "Del",
    "ins": "Ins",
    "insert": "Ins",
}
_FUNCTION_KEYS = {f"f{i}": f"F{i}" for i in range(1, 25)}

# The application's default shortcuts (preferences may rebind them, but a codebook must
# not take these: a coder would lose play/pause or undo). Single keys used by the app for
# navigation in the coding flow are reserved too.
RESERVED_KEYS: frozenset[str] = frozenset(
    {
        "Space",
        "Left",
        "Right",
        "Shift+Left",
        "Shift+Right",
        "Ctrl+Left",
        "Ctrl+Right",
        "Up",
        "Down",
        "Home",
        "End",
        "PgUp",
        "PgDown",
        "Return",
        "Esc",
        "Tab",
        "Backspace",
        "Del",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
        "Ctrl+Y",
        "Ctrl+O",
        "Ctrl+S",
        "Ctrl+Q",
        "Ctrl+W",
        "Ctrl+F",
        "Ctrl+E",
        "Ctrl+I",
        "Ctrl+N",
        "Ctrl+G",
        "Ctrl+=",
        "Ctrl++",
        "Ctrl+-",
        "Ctrl+0",
        "F1",
        "F11",
    }
)


class InvalidKeyError(ValueError):
    """A key string that cannot be understood."""


def normalize_key(text: str) -> str:
    """Return the canonical spelling of a key ("shift+s" -> "Shift+S").

    Raises :class:`InvalidKeyError` with a message for an empty or malformed key.
    """
    raw = text.strip()
    if not raw:
        raise InvalidKeyError("the key is empty")
    if raw == "+":
        return "+"
    parts = raw.split("+")
    # "Ctrl++" splits into ["Ctrl", "", ""]: the last key is "+" itself.
    if len(parts) >= 3 and parts[-1] == "" and parts[-2] == "":
        parts = [*parts[:-2], "+"]
    *mods, base = parts
    mod_set: set[str] = set()
    for m in mods:
        canon = _MODIFIER_ALIASES.get(m.strip().lower())
        if canon is None:
            raise InvalidKeyError(f"unknown modifier {m!r} in key {text!r}")
        if canon in mod_set:
            raise InvalidKeyError(f"modifier {canon} given twice in key {text!r}")
        mod_set.add(canon)
    base = base.strip()
    if not base:
        raise InvalidKeyError(f"key {text!r} has modifiers but no key")
    low = base.lower()
    if low in _NAMED_KEYS:
        base = _NAMED_KEYS[low]
    elif low in _FUNCTION_KEYS:
        base = _FUNCTION_KEYS[low]
    elif len(base) == 1 and base.isprintable():
        base = base.upper()
    else:
        raise InvalidKeyError(
            f"key {text!r} is not a single character, a function key (F1-F24) "
            "or a named key (Space, Left, Home, ...)"
        )
    ordered = [m for m in _MODIFIER_ORDER if m in mod_set]
    return "+".join([*ordered, base])


def is_reserved(key: str) -> bool:
    return normalize_key(key) in RESERVED_KEYS
