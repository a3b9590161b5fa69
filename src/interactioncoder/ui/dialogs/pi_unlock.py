"""Asking a PI for the project's PI passphrase before the PI role is granted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.project_setup import may_act_as_pi

Ask = Callable[[str], str | None]
TRIES = 3


def ask_passphrase(parent: QWidget | None) -> Ask:
    def ask(prompt: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent, "PI passphrase", prompt, QLineEdit.EchoMode.Password
        )
        return text if ok else None

    return ask


def unlock_pi(
    parent: QWidget | None, repo: ProjectRepository, coder: Coder, ask: Ask | None = None
) -> bool:
    """True when *coder* is a PI and gives the passphrase (up to three tries)."""
    if not coder.is_pi:
        return False
    if repo.pi_passphrase_hash() is None:
        return True  # a project made before passphrases: nothing to check
    ask = ask or ask_passphrase(parent)
    prompt = f"{coder.name}, the PI passphrase of this project:"
    for attempt in range(TRIES):
        text = ask(prompt if attempt == 0 else "Not right. The PI passphrase, once more:")
        if text is None:
            return False
        if may_act_as_pi(repo, coder.id, text):
            return True
    return False
