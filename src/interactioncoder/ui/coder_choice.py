"""Choosing who codes: a coder from the list or a new one; a PI unlocks with the passphrase.

A coder marked PI gets the PI role only with the project's PI passphrase (three tries,
``ui.dialogs.pi_unlock``), and a new coder is made a PI only with it
(``workflow.project_setup.add_coder_checked``): nobody ticks "PI" to see the conditions.
``INTERACTIONCODER_CODER`` (and ``INTERACTIONCODER_PI_PASSPHRASE`` for a PI) choose
without a dialog, for runs without a person at the keyboard.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.dialogs.coder_dialog import CoderDialog
from interactioncoder.ui.dialogs.pi_unlock import Ask, ask_passphrase, unlock_pi
from interactioncoder.ui.operations import Operation, run_and_wait
from interactioncoder.workflow.changes import Changes
from interactioncoder.workflow.project_setup import SetupError, add_coder_checked

if TYPE_CHECKING:
    from interactioncoder.ui.main_window import MainWindow

CODER_ENV = "INTERACTIONCODER_CODER"  # coder name (or anything: the first coder), no dialog
PASSPHRASE_ENV = "INTERACTIONCODER_PI_PASSPHRASE"  # with CODER_ENV: a PI's passphrase


def choose_coder(window: MainWindow, repo: ProjectRepository) -> Coder | None:
    coders = repo.list_coders()
    wanted = os.environ.get(CODER_ENV)
    if wanted is not None and coders:
        by_name = [c for c in coders if c.name == wanted]
        coder = by_name[0] if by_name else min(coders, key=lambda c: c.id)
        return coder if unlock(window, repo, coder, os.environ.get(PASSPHRASE_ENV)) else None
    last = window.settings.value(f"projects/last_coder/{repo.location}")
    dialog = CoderDialog(coders, int(last) if last else None, parent=window)
    if not dialog.exec():
        return None
    request = dialog.new_coder_request()
    if request is not None:
        created = add_coder(window, repo, *request)
        if created is None:
            return None
        coder = created
    else:
        chosen = dialog.chosen_coder_id()
        if chosen is None:
            return None
        coder = repo.get_coder(chosen)
        if not unlock(window, repo, coder):
            return None
    window.settings.setValue(f"projects/last_coder/{repo.location}", coder.id)
    return coder


def asker(window: MainWindow, given: str | None = None) -> Ask:
    if given is not None:
        return lambda _prompt: given
    return window.ask_passphrase or ask_passphrase(window)


def unlock(
    window: MainWindow, repo: ProjectRepository, coder: Coder, given: str | None = None
) -> bool:
    """A PI gives the project's passphrase (three tries); anyone else passes."""
    if not coder.is_pi or unlock_pi(window, repo, coder, asker(window, given)):
        return True
    QMessageBox.warning(
        window,
        "PI role not unlocked",
        f"{coder.name} is a PI of {repo.project_name}; the PI passphrase was not given. "
        "Choose another coder, or ask the PI.",
    )
    return False


def add_coder(window: MainWindow, repo: ProjectRepository, name: str, is_pi: bool) -> Coder | None:
    """A new coder; a new PI only with the project's passphrase (workflow rule)."""
    passphrase = ""
    if is_pi and repo.pi_passphrase_hash() is not None:
        given = asker(window)(f"A new PI ({name}) needs the project's PI passphrase:")
        if given is None:
            return None
        passphrase = given

    def work(_progress: object, _cancel: object) -> Coder:
        return add_coder_checked(repo, name, is_pi, passphrase)

    op = Operation(
        "Adding coder",
        work,
        changes=Changes(project=True),
        expected=(StorageError, SetupError, ValueError),
        cancelled_text="Cancelled: no coder was added.",
    )
    handle = run_and_wait(window, op)
    return handle.result if handle.outcome == "succeeded" else None
