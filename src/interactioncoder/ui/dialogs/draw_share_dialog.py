"""Draw the reliability share: which coder double-codes which share of the sessions.

The draw is the workflow's (``workflow.sampling``): seeded and reproducible, optionally
stratified by visit or dyad, never a session the coder coded as primary coder. The dialog
previews the sessions drawn; OK hands the draw to the caller, who stores it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.sampling import (
    STRATA,
    NoSessionsToSampleError,
    SampleDraw,
    Stratum,
    draw_sample,
)

NO_STRATA = "none"


class DrawShareDialog(QDialog):
    def __init__(
        self,
        repo: ProjectRepository,
        coders: Sequence[Coder],
        labels: Mapping[int, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draw the reliability share")
        self.setMinimumWidth(480)
        self.repo, self.coders, self.labels = repo, list(coders), labels
        self.draw: SampleDraw | None = None
        self.coder_combo = QComboBox()
        for coder in self.coders:
            self.coder_combo.addItem(coder.name, coder.id)
        self.share_spin = QDoubleSpinBox()
        self.share_spin.setRange(1, 100)
        self.share_spin.setSuffix(" %")
        self.share_spin.setValue(20)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip("The same seed draws the same sessions again")
        self.strata_combo = QComboBox()
        self.strata_combo.addItems([NO_STRATA, *STRATA])
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Reliability coder:", self.coder_combo)
        form.addRow("Share of sessions:", self.share_spin)
        form.addRow("Seed:", self.seed_spin)
        form.addRow("Stratify by:", self.strata_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign these sessions")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.coder_combo.currentIndexChanged.connect(self.refresh)
        self.share_spin.valueChanged.connect(self.refresh)
        self.seed_spin.valueChanged.connect(self.refresh)
        self.strata_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def set_coder(self, coder_id: int) -> None:
        self.coder_combo.setCurrentIndex(self.coder_combo.findData(coder_id))

    def refresh(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.draw = None
        coder = next((c for c in self.coders if c.id == self.coder_combo.currentData()), None)
        if coder is None:
            self.preview.setText("Add a coder to the project first.")
            ok.setEnabled(False)
            return
        strata = self.strata_combo.currentText()
        stratum: Stratum | None = None if strata == NO_STRATA else strata  # type: ignore[assignment]
        try:
            draw = draw_sample(
                self.repo,
                coder,
                share=self.share_spin.value() / 100,
                seed=self.seed_spin.value(),
                stratify_by=stratum,
            )
        except (NoSessionsToSampleError, ValueError) as exc:
            self.preview.setText(str(exc))
            ok.setEnabled(False)
            return
        self.draw = draw
        names = [self.labels.get(s, draw.names.get(s, str(s))) for s in draw.draw.selected]
        text = f"{len(names)} of {draw.draw.population} session(s) for {coder.name}: " + ", ".join(
            names
        )
        if draw.left_out:
            text += f"\n({draw.left_out} left out: {coder.name} codes them as primary coder.)"
        self.preview.setText(text)
        ok.setEnabled(bool(names))
