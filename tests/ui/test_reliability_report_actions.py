"""Issue 12 item 5: the reliability view saves its report (HTML/CSV), draws the double-coded
share, and says plainly what to do when no session is double-coded yet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from interactioncoder.core.project import CodingRole
from interactioncoder.ui.reliability import ReliabilityView, report_actions
from tests.exchange.reliability_project import PairProject, build_pair_project
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
TIMEOUT_MS = 30_000


@pytest.fixture
def project(tmp_path: Path) -> Iterator[PairProject]:
    p = build_pair_project(tmp_path / "pair.icproj")
    yield p
    p.repo.close()


def _view(qtbot: QtBot, project: PairProject, sessions: list[int] | None) -> ReliabilityView:
    view = ReliabilityView(project.repo, sessions, project.repo.get_coder(project.pi_id))
    qtbot.addWidget(view)
    view.show()
    return view


@pytest.mark.parametrize("suffix", ["html", "csv"])
def test_save_report_writes_the_computed_report(
    qtbot: QtBot, project: PairProject, tmp_path: Path, monkeypatch, suffix: str
) -> None:
    view = _view(qtbot, project, None)
    assert not view.save_report_button.isEnabled()  # nothing computed yet
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
        view.start()
    assert view.save_report_button.isEnabled()
    out = tmp_path / f"report.{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    handle = report_actions.save_report(view)
    assert handle is not None
    with qtbot.waitSignal(handle.job.finished, timeout=TIMEOUT_MS):
        pass
    text = out.read_text(encoding="utf-8")
    if suffix == "html":
        assert text.lstrip().lower().startswith("<!doctype html") and "kappa" in text.lower()
    else:
        assert "," in text.splitlines()[0] and "gaze" in text
    assert str(out) in view.status.text()


def test_no_pairs_gives_a_friendly_empty_state(qtbot: QtBot, project: PairProject) -> None:
    view = _view(qtbot, project, [project.lab_id])  # coded by Ann only
    with qtbot.waitSignal(view.failed, timeout=TIMEOUT_MS):
        view.start()
    text = view.status.text()
    assert "NoPairedSessionsError" not in text and "Error" not in text
    assert "double-coded" in text and "Draw share" in text
    assert view.draw_share_button.isVisible()


def test_draw_share_assigns_reliability_codings(qtbot: QtBot, project: PairProject) -> None:
    view = _view(qtbot, project, None)
    dialog = report_actions.DrawShareDialog(project.repo, view)
    qtbot.addWidget(dialog)
    coders = [dialog.coder_box.itemText(i) for i in range(dialog.coder_box.count())]
    assert "Ann" in coders and "Ben" in coders  # PIs are not offered
    dialog.coder_box.setCurrentIndex(coders.index("Ben"))
    dialog.share.setValue(100)
    dialog.seed.setValue(7)
    assert "2 of 2" in dialog.preview.text()  # both sessions: Ben is primary coder of none
    before = {c.session_id for c in project.repo.list_codings(coder_id=project.ben_id)}
    assert dialog.store()
    after = project.repo.list_codings(coder_id=project.ben_id, role=CodingRole.RELIABILITY)
    assert {c.session_id for c in after} >= before | {project.lab_id}
    assert "Ben" in view.status.text() and "lab" in view.status.text()
