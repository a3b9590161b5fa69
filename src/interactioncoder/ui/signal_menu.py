"""Coding ▸ Signals: regions, motion/synchrony lanes, proposed speech (a machine coding).

``add_signal_menu(window, menu)`` is the one hook the main window calls. Computing runs
through the operation runner (worker thread, progress, cancel, failures in a message
box); results are kept in the project, so opening the session again shows the motion
lanes at once. Proposed speech is shown as a comparison lane; "Accept proposal at
playhead" copies the proposal under the playhead into the coder's own coding, one undo
step each, through the controller's ordinary edit path (editing rules checked).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from interactioncoder.core import editing
from interactioncoder.core.codebook import CodeKind
from interactioncoder.core.events import Event, EventChangeSet, new_event_id
from interactioncoder.core.project import CodingRole
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.coding_controller import CodingController
from interactioncoder.ui.dialogs.regions_dialog import RegionsDialog
from interactioncoder.ui.operations import Operation, OperationHandle, run_operation
from interactioncoder.ui.seams import WorkspaceHost
from interactioncoder.ui.session_context import SessionContext
from interactioncoder.ui.signal_lanes_build import (
    LaneResult,
    build_lanes,
    motion_lanes,
    region_refs,
)
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.timeline.model.signal_lanes import Lane
from interactioncoder.workflow.signals import RegionRef, SignalError, SynchronySettings
from interactioncoder.workflow.voice import MACHINE_CODER, propose_speech, store_machine_coding

NO_SYNCHRONY = "(no synchrony)"


class SignalHost(WorkspaceHost, Protocol):
    @property
    def timeline(self) -> TimelineWidget: ...

    @property
    def controller(self) -> CodingController: ...


class SignalMenu:
    """The Signals submenu and what it shows on the timeline for the open session."""

    def __init__(self, window: SignalHost, menu: QMenu) -> None:
        self.window = window
        self.session_id: int | None = None
        self._seen: SessionContext | None = None  # the opening of a session last shown
        self.proposals: list[Event] = []
        self.handle: OperationHandle[LaneResult] | OperationHandle[list[Event]] | None = None
        sub = menu.addMenu("S&ignals")
        sub.addAction("&Regions…", self.open_regions)
        sub.addAction("Compute signal &lanes…", self.compute_lanes)
        sub.addSeparator()
        sub.addAction("&Propose speech…", self.propose_speech)
        self.accept_action = sub.addAction(
            "&Accept proposal at playhead", QKeySequence("Ctrl+Shift+A"), self.accept_at_playhead
        )
        sub.addSeparator()
        self.show_menu = sub.addMenu("&Show lanes")
        self.show_menu.aboutToShow.connect(self._fill_show_menu)
        window.controller.codingChanged.connect(lambda _c: self._session_shown())

    # -- helpers -------------------------------------------------------------------------
    def _parent(self) -> QWidget:
        return self.window.window()

    def _ctx(self) -> SessionContext | None:
        ctx = self.window.ctx
        if ctx is None:
            QMessageBox.information(self._parent(), "Signals", "Open a session first.")
        return ctx

    def _say(self, text: str) -> None:
        self.window.controller.message.emit(text)

    # -- session -------------------------------------------------------------------------
    def _session_shown(self) -> None:
        """A session opened (or its coding reloaded): show what the project keeps."""
        ctx = self.window.ctx
        if ctx is self._seen:
            return  # the same opening: an edit or a status change
        self._seen, self.proposals = ctx, []
        sid = None if ctx is None else ctx.session.id
        if sid != self.session_id:  # another session: its stored motion lanes
            self.session_id = sid
            lanes = [] if ctx is None else self._stored_lanes(ctx.repo, ctx.session.id)
            self.window.timeline.set_signal_lanes(lanes)
        if ctx is not None:
            machine = ctx.repo.list_codings(session_id=ctx.session.id, role=CodingRole.MACHINE)
            if machine and machine[0].id != ctx.coding.id:
                self._show_proposals(list(ctx.repo.list_events(machine[0].id)))

    @staticmethod
    def _stored_lanes(repo: ProjectRepository, session_id: int) -> list[Lane]:
        try:
            return list(motion_lanes(repo, session_id, stored_only=True))
        except (SignalError, ValueError, StorageError):
            return []

    # -- regions -------------------------------------------------------------------------
    def open_regions(self) -> RegionsDialog | None:
        ctx = self._ctx()
        if ctx is None:
            return None
        c = self.window.controller
        dialog = RegionsDialog(
            ctx.repo, ctx.session.id, self.window.undo_stack, c.report_error, c.frame(),
            self._parent(),
        )  # fmt: skip
        dialog.accepted.connect(
            lambda: self._say("Regions saved: Coding ▸ Signals ▸ Compute signal lanes… shows them")
        )
        dialog.open()
        return dialog

    # -- lanes ---------------------------------------------------------------------------
    def ask_pair(self, refs: list[RegionRef]) -> SynchronySettings | bool | None:
        """The synchrony pair and window (None: no synchrony; False: cancelled)."""
        dialog = _PairDialog(refs, self._parent())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return dialog.settings()

    def compute_lanes(self, pair: SynchronySettings | bool | None = True) -> None:
        """Compute motion energy of every region (once) and the chosen pair's synchrony.

        *pair*: True asks the user; tests pass the settings (or None) directly.
        """
        ctx = self._ctx()
        if ctx is None:
            return
        refs = region_refs(ctx.repo, ctx.session.id)
        if not refs:
            QMessageBox.information(
                self._parent(), "Signals", "Draw regions first: Coding ▸ Signals ▸ Regions…"
            )
            return
        if pair is True:
            pair = self.ask_pair(refs)
        if pair is False or pair is True:
            return
        repo, sid, chosen = ctx.repo, ctx.session.id, pair
        op: Operation[LaneResult] = Operation(
            "Computing signal lanes",
            work=lambda progress, _cancel: build_lanes(repo, sid, chosen, progress),
            on_success=self._show_lanes,
            expected=(SignalError, ValueError),
        )
        self.handle = run_operation(self._parent(), op)

    def _show_lanes(self, result: LaneResult) -> None:
        self.window.timeline.set_signal_lanes(result.lanes)
        self._say(result.summary())

    def _fill_show_menu(self) -> None:
        self.show_menu.clear()
        lanes = self.window.timeline.signal_lanes
        for lane in lanes.lanes:
            act = self.show_menu.addAction(lane.name)
            act.setCheckable(True)
            act.setChecked(lane.name not in lanes.hidden)
            act.toggled.connect(
                lambda on, n=lane.name: self.window.timeline.set_signal_lane_hidden(n, not on)
            )
        if not lanes.lanes:
            self.show_menu.addAction("(no lanes yet)").setEnabled(False)

    # -- voice ---------------------------------------------------------------------------
    def propose_speech(self, camera: str | None = None, code: str | None = None) -> None:
        ctx = self._ctx()
        if ctx is None:
            return
        if camera is None:
            cameras = [c.link.camera for c in ctx.cameras if c.video.has_audio]
            if not cameras:
                QMessageBox.information(self._parent(), "Signals", "No camera has sound.")
                return
            camera, ok = QInputDialog.getItem(
                self._parent(), "Propose speech", "Sound of camera:", cameras, 0, False
            )
            if not ok:
                return
        if code is None:
            names = [c.name for c in ctx.codebook.codes() if c.kind is CodeKind.STATE]
            code, ok = QInputDialog.getItem(
                self._parent(), "Propose speech", "As code:", names, 0, False
            )
            if not ok:
                return
        repo, sid, cam, ref = ctx.repo, ctx.session.id, camera, code

        def work(progress: object, _cancel: object) -> list[Event]:
            segments = propose_speech(repo, sid, cam)
            coding = store_machine_coding(repo, sid, ref, segments)
            return list(repo.list_events(coding.id))

        op: Operation[list[Event]] = Operation(
            "Proposing speech",
            work=work,
            on_success=self._show_proposals,
            expected=(SignalError, ValueError),
        )
        self.handle = run_operation(self._parent(), op)

    def _show_proposals(self, events: list[Event]) -> None:
        self.proposals = sorted(events, key=lambda e: e.onset_frame)
        st = self.window.timeline.state
        lanes = [
            (name, list(evs.values()))
            for name, evs in zip(st.lane_names, st.lane_events, strict=True)
            if name != MACHINE_CODER
        ]
        self.window.timeline.set_comparison([*lanes, (MACHINE_CODER, self.proposals)])
        self._say(f"{len(self.proposals)} proposed speech segments (lane {MACHINE_CODER!r})")

    def proposal_at(self, frame: int) -> Event | None:
        for e in self.proposals:
            end = e.offset_frame if e.offset_frame is not None else e.onset_frame
            if e.onset_frame <= frame < max(end, e.onset_frame + 1):
                return e
        return None

    def accept_at_playhead(self) -> bool:
        """Copy the proposal under the playhead into the coder's coding (one undo step)."""
        c = self.window.controller
        proposal = self.proposal_at(c.frame())
        if proposal is None:
            self._say("No speech proposal under the playhead.")
            return False
        copy = replace(proposal, id=new_event_id())
        changes = EventChangeSet(added=(copy,), description="accept speech proposal")

        def make(ctx: SessionContext) -> EventChangeSet:
            editing.check_changes(ctx.codebook, c.events, changes, ctx.timebase)
            return changes

        return c.edit(make)


class _PairDialog(QDialog):
    """Which two regions' synchrony to show, and the window."""

    def __init__(self, refs: list[RegionRef], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signal lanes")
        self.refs = refs
        labels = [r.label() for r in refs]
        self.first, self.second = QComboBox(), QComboBox()
        self.first.addItems([NO_SYNCHRONY, *labels])
        self.second.addItems(labels)
        mother = next((i for i, r in enumerate(refs) if "mother" in r.region.lower()), 0)
        self.first.setCurrentIndex(mother + 1 if len(refs) > 1 else 0)
        self.second.setCurrentIndex(next((i for i in range(len(refs)) if i != mother), 0))
        self.window_s = _spin(4.0, 1.0, 60.0)
        self.max_lag_s = _spin(2.0, 0.1, 30.0)
        form = QFormLayout(self)
        form.addRow("Synchrony of (leads at +lag):", self.first)
        form.addRow("with:", self.second)
        form.addRow("Window (s):", self.window_s)
        form.addRow("Largest lag (s):", self.max_lag_s)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def settings(self) -> SynchronySettings | None:
        if self.first.currentIndex() == 0:
            return None
        x, y = self.refs[self.first.currentIndex() - 1], self.refs[self.second.currentIndex()]
        # 100 surrogates: a lane's significance on screen, half the CLI's default work
        return SynchronySettings(
            x, y, self.window_s.value(), 0.5, self.max_lag_s.value(), surrogates=100
        )


def _spin(value: float, lo: float, hi: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(0.5)
    box.setValue(value)
    return box


def add_signal_menu(window: SignalHost, menu: QMenu) -> SignalMenu:
    """The main window's hook: Coding ▸ Signals."""
    return SignalMenu(window, menu)
