"""The PI role needs the project's passphrase; three tries, cancel ends it."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.ui.dialogs.pi_unlock import unlock_pi
from tests.workflow.helpers import PASSPHRASE, study_project


def test_unlock_pi(tmp_path: Path) -> None:
    repo = study_project(tmp_path)
    try:
        pia, ria = repo.list_coders()
        answers = iter(["wrong", PASSPHRASE])
        prompts: list[str] = []

        def ask(prompt: str) -> str | None:
            prompts.append(prompt)
            return next(answers)

        assert unlock_pi(None, repo, pia, ask)
        assert prompts[1].startswith("Not right")
        assert not unlock_pi(None, repo, pia, lambda _p: "wrong")
        assert not unlock_pi(None, repo, pia, lambda _p: None)
        assert not unlock_pi(None, repo, ria, lambda _p: PASSPHRASE)
    finally:
        repo.close()
