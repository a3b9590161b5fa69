"""Help menu: the user guide (bundled, opens offline), the keyboard reference, About.

The keyboard reference is built from the keys in force now: the standard actions as the
coder has bound them (``ui.shortcuts``) and the open codebook's code keys.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from interactioncoder import __version__
from interactioncoder.core.codebook import Codebook
from interactioncoder.ui.shortcuts import STANDARD_ACTIONS, ShortcutBindings
from interactioncoder.workflow.user_guide import GuideMissingError, bundled_user_guide

if TYPE_CHECKING:
    from interactioncoder.ui.main_window import MainWindow

#: keys that are not rebindable (the timeline's and the lists')
FIXED_KEYS: tuple[tuple[str, str], ...] = (
    ("Delete", "Delete the selected event (timeline or event list)"),
    ("Esc", "Cancel a modifier popup or a drag"),
    ("Enter", "Open the selected session (Project list)"),
    ("Mouse wheel / Ctrl+wheel", "Scroll / zoom the timeline"),
)


def keyboard_rows(
    bindings: ShortcutBindings, codebook: Codebook | None
) -> list[tuple[str, str, str]]:
    """(section, key, what it does) for every key in force."""
    rows = [("Playback and editing", bindings.key(a.id), a.label) for a in STANDARD_ACTIONS]
    rows += [("Other keys", key, what) for key, what in FIXED_KEYS]
    if codebook is not None:
        rows += [
            (f"Codes ({codebook.name})", code.key, code.name)
            for code in codebook.codes()
            if code.key
        ]
    return rows


def keyboard_html(bindings: ShortcutBindings, codebook: Codebook | None) -> str:
    parts = ["<h2>Keyboard reference</h2>"]
    section = ""
    for name, key, what in keyboard_rows(bindings, codebook):
        if name != section:
            if section:
                parts.append("</table>")
            parts.append(f"<h3>{escape(name)}</h3><table cellpadding='3'>")
            section = name
        parts.append(f"<tr><td><b><kbd>{escape(key)}</kbd></b></td><td>{escape(what)}</td></tr>")
    parts.append("</table>")
    if codebook is None:
        parts.append("<p>Open a session to see its codebook's code keys.</p>")
    parts.append("<p>Rebind the standard keys in Edit ▸ Preferences.</p>")
    return "".join(parts)


class HelpDialog(QDialog):
    """A read-only text window (markdown or HTML)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 640)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)


def show_user_guide(parent: QWidget | None) -> HelpDialog:
    dialog = HelpDialog("interactioncoder user guide", parent)
    try:
        dialog.browser.setMarkdown(bundled_user_guide())
    except GuideMissingError as exc:
        dialog.browser.setPlainText(f"The user guide is not installed: {exc}")
    dialog.show()
    return dialog


def show_keyboard_reference(
    parent: QWidget | None, bindings: ShortcutBindings, codebook: Codebook | None
) -> HelpDialog:
    dialog = HelpDialog("Keyboard reference", parent)
    dialog.browser.setHtml(keyboard_html(bindings, codebook))
    dialog.show()
    return dialog


def about_text() -> str:
    return (
        f"<h3>interactioncoder {escape(__version__)}</h3>"
        "<p>Frame-exact coding of mother–infant interaction video, with inter-rater "
        "reliability built in.</p><p>Open source; see the LICENSE file that came with it.</p>"
    )


def add_help_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Help")

    def guide() -> None:
        window.open_dialog = show_user_guide(window)

    def keys() -> None:
        codebook = window.ctx.codebook if window.ctx is not None else None
        window.open_dialog = show_keyboard_reference(window, window.bindings, codebook)

    menu.addAction("&User guide", guide)
    menu.addAction("&Keyboard reference", keys)
    menu.addSeparator()
    menu.addAction(
        "&About interactioncoder", lambda: QMessageBox.about(window, "About", about_text())
    )
