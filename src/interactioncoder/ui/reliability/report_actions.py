"""The reliability view's report actions: Save report… (HTML or CSV, written through the
operation runner), Draw share… (which sessions a reliability coder double-codes; rules in
``workflow.sampling``), and the empty state when no session is double-coded yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from interactioncoder.exchange.atomic import atomic_write_text
from interactioncoder.exchange.reliability_data import NoPairedSessionsError
from interactioncoder.reliability.report import render
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.operations import Operation, OperationHandle, run_operation
from interactioncoder.workflow.sampling import (
    NoSessionsToSampleError,
    SampleDraw,
    draw_sample,
    store_sample,
)

if TYPE_CHECKING:
    from interactioncoder.ui.reliability.view import ReliabilityView

NO_PAIRS_TEXT = (
    "No session is double-coded yet, so there is nothing to compare. Use “Draw share…” to "
    "choose the sessions a second coder codes; when they have coded some, press Compute."
)
REPORT_FILTERS = "HTML report (*.html);;CSV table (*.csv)"


def add_report_buttons(view: ReliabilityView) -> tuple[QPushButton, QPushButton]:
    """Save report… and Draw share… (PI only) at the end of the view's control row."""
    save = QPushButton("Save report…", view)
    save.setToolTip("Save the computed agreement as HTML or CSV")
    save.setEnabled(False)  # until something is computed
    save.clicked.connect(lambda: save_report(view))
    draw = QPushButton("Draw share…", view)
    draw.setToolTip("Choose the sessions a reliability coder double-codes")
    draw.clicked.connect(lambda: draw_share(view))
    view.controls.addWidget(save)
    view.controls.addWidget(draw)
    draw.setVisible(view.current_coder is not None and view.current_coder.is_pi)
    return save, draw


def failure_text(message: str, exc: object) -> str:
    """The view's text for a failed computation: the empty state for "no pairs"."""
    if isinstance(exc, NoPairedSessionsError):
        return NO_PAIRS_TEXT
    return message


def save_report(view: ReliabilityView) -> OperationHandle[Path] | None:
    """Ask for a file and write the computed report there (HTML or CSV by its suffix)."""
    result = view.result
    if result is None:
        view.status.setText("Compute the agreement first; then save the report.")
        return None
    start = str(Path(view.repo.location).with_suffix("").parent / "reliability.html")
    out, chosen = QFileDialog.getSaveFileName(
        view, "Save reliability report", start, REPORT_FILTERS
    )
    if not out:
        return None
    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm", ".csv"):
        path = path.with_suffix(".csv" if "CSV" in chosen else ".html")
    fmt = "csv" if path.suffix.lower() == ".csv" else "html"
    report = result.report

    def work(progress: object, _cancel: object) -> Path:
        atomic_write_text(path, render(report, fmt))
        return path

    op = Operation(
        "Save report",
        work,
        on_success=lambda p: view.status.setText(f"Saved the report to {p}"),
        expected=(OSError,),
    )
    return run_operation(view, op)


class DrawShareDialog(QDialog):
    """Choose a reliability coder, the share of sessions, a seed and strata; see the draw
    before storing it (nothing is stored until Draw)."""

    def __init__(self, repo: ProjectRepository, view: ReliabilityView | None = None) -> None:
        super().__init__(view)
        self.setWindowTitle("Draw the double-coded share")
        self.repo, self.view = repo, view
        self.coders = [c for c in repo.list_coders() if not c.is_pi]
        self.coder_box = QComboBox(self)
        for c in self.coders:
            self.coder_box.addItem(c.name, c.id)
        self.share = QSpinBox(self)
        self.share.setRange(1, 100)
        self.share.setValue(20)
        self.share.setSuffix(" %")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(1)
        self.strata = QComboBox(self)
        for label, value in (("none", None), ("visit", "visit"), ("dyad", "dyad")):
            self.strata.addItem(label, value)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Reliability coder", self.coder_box)
        form.addRow("Share of sessions", self.share)
        form.addRow("Seed (same seed, same draw)", self.seed)
        form.addRow("Stratify by", self.strata)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Draw and assign")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        for box in (self.coder_box, self.strata):
            box.currentIndexChanged.connect(lambda _i: self._update())
        for spin in (self.share, self.seed):
            spin.valueChanged.connect(lambda _v: self._update())
        self.resize(460, 300)
        self._update()

    def draw(self) -> SampleDraw | None:
        index = self.coder_box.currentIndex()
        if index < 0:
            return None
        return draw_sample(
            self.repo,
            self.coders[index],
            share=self.share.value() / 100.0,
            seed=self.seed.value(),
            stratify_by=self.strata.currentData(),
        )

    def _update(self) -> None:
        if not self.coders:
            self.preview.setText("Add a coder who is not a PI first (File ▸ Switch coder…).")
            self.ok.setEnabled(False)
            return
        try:
            d = self.draw()
        except (NoSessionsToSampleError, ValueError) as exc:
            self.preview.setText(str(exc))
            self.ok.setEnabled(False)
            return
        assert d is not None
        names = ", ".join(d.names[s] for s in d.draw.selected)
        self.preview.setText(
            f"{len(d.draw.selected)} of {len(d.names)} sessions for {d.coder.name}: {names}"
            + (f"\n({d.left_out} left out: {d.coder.name} codes them as primary coder)"
               if d.left_out else "")
        )  # fmt: skip
        self.ok.setEnabled(bool(d.draw.selected))

    def store(self) -> bool:
        """Store the draw shown (one transaction); False with the reason shown."""
        try:
            d = self.draw()
            if d is None:
                return False
            store_sample(self.repo, d)
        except Exception as exc:  # storage refusals: shown, nothing stored
            self.preview.setText(f"Nothing was assigned: {exc}")
            return False
        names = ", ".join(d.names[s] for s in d.draw.selected)
        text = f"{d.coder.name} now double-codes {len(d.draw.selected)} session(s): {names}"
        if self.view is not None:
            self.view.status.setText(text)
        return True

    def _accept(self) -> None:
        if self.store():
            self.accept()


def draw_share(view: ReliabilityView) -> DrawShareDialog:
    dialog = DrawShareDialog(view.repo, view)
    dialog.open()
    return dialog


__all__ = ["DrawShareDialog", "add_report_buttons", "draw_share", "failure_text", "save_report"]
