"""Synchronise the cameras of a session: by a moment marked in each view, or by the sound.

A camera's offset is the session time (ms) at which its own time 0 occurs (see
``media.multicam``). Nothing changes until the user presses *Apply*: the dialog only
*proposes* offsets. Applying stores them as ONE undo step (``repo.set_video_offset``
through :class:`PlayerOffsetCommand` on the main window's undo stack) and moves the
cameras in the player at once; undo puts back both.

*Mark the same moment*: step the player until the clap (or any sharp moment) is on
screen in a camera's view and press that camera's *Use this frame*; do it for the master
and each other camera (or type a camera's frame number). The offset follows from the two
frames' times. *From the sound*: the sound tracks are cross-correlated on a worker thread
(cancellable); the result comes with a confidence, and a low one is flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Session, SessionVideo, Video
from interactioncoder.core.timebase import Timebase
from interactioncoder.media.sync import (
    SyncEstimate,
    estimate_offset_by_audio,
    offset_from_marks,
)
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.progress import ProgressOperation
from interactioncoder.ui.dialogs.sync_commands import PlayerOffsetCommand, SyncOffsetsCommand
from interactioncoder.ui.dialogs.sync_sound import listen
from interactioncoder.ui.operations import CancelToken, Operation, ProgressCallback, run_operation
from interactioncoder.ui.seams import SyncPlayer
from interactioncoder.ui.theme import ALERT_COLOR, OK_COLOR
from interactioncoder.ui.undo_commands import ErrorReporter, push_applied

# Below this the audio peak is not clearly better than the next one: check by eye.
LOW_CONFIDENCE = 0.5
AudioEstimator = Callable[[str, str, float], SyncEstimate]


def _audio_estimate(master_path: str, camera_path: str, master_offset_ms: float) -> SyncEstimate:
    return estimate_offset_by_audio(master_path, camera_path, master_offset_ms)


def format_offset(ms: float) -> str:
    return f"{ms:+.1f} ms"


@dataclass
class _Camera:
    link: SessionVideo
    video: Video
    timebase: Timebase
    label: str


def _timebase(repo: ProjectRepository, video: Video) -> Timebase:
    stored = repo.video_timebase(video.id)
    if stored is not None:
        return stored
    return Timebase.constant(video.nominal_fps or 25.0, max(video.frame_count, 1))


class SyncDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        player: SyncPlayer,
        repo: ProjectRepository,
        session: Session,
        undo_stack: QUndoStack,
        cameras: Sequence[SessionVideo] | None = None,
        report: ErrorReporter | None = None,
        audio_estimator: AudioEstimator = _audio_estimate,
    ) -> None:
        """*cameras*: the session's videos in the player's order (default: master first,
        then by camera name, as the workspace opens them)."""
        super().__init__(parent)
        self.player, self.repo, self.session = player, repo, session
        self.undo_stack = undo_stack
        self._report: ErrorReporter = report or (lambda text: self._say(text, ALERT_COLOR))
        self._estimate = audio_estimator
        links = list(cameras or sorted(session.videos, key=lambda v: (not v.is_master, v.camera)))
        if len(links) < 2:
            raise ValueError("camera synchronisation needs a session with 2 or more cameras")
        self.cameras: list[_Camera] = []
        for i, link in enumerate(links):
            video = repo.get_video(link.video_id)
            label = link.camera or f"camera {i + 1}"
            self.cameras.append(_Camera(link, video, _timebase(repo, video), label))
        self.master = next((i for i, c in enumerate(self.cameras) if c.link.is_master), 0)
        self.proposals: dict[int, SyncEstimate] = {}
        self.operation: ProgressOperation | None = None
        self.setWindowTitle("Synchronise cameras")
        self.setMinimumWidth(680)
        self._build()
        undo_stack.indexChanged.connect(self._refresh)
        self._refresh()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = self._layout = QVBoxLayout(self)
        # Wrapped texts grow when results arrive: never let the dialog clip them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        intro = QLabel(
            "A camera's offset is the session time at which its own recording starts. "
            "Nothing changes until you press Apply (and Undo puts it back)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        marks = QGroupBox("Mark the same moment")
        grid = QGridLayout(marks)
        hint = QLabel(
            "Step the player until the clap is on screen in a view, then press that "
            "camera's “Use this frame”. Do it for every camera."
        )
        hint.setWordWrap(True)
        grid.addWidget(hint, 0, 0, 1, 5)
        grid.addWidget(self._stepper(), 1, 0, 1, 5)
        for col, title in enumerate(("Camera", "Offset now", "Marked frame", "", "Proposed")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 2, col)
        self.offset_labels: list[QLabel] = []
        self.mark_spins: list[QSpinBox] = []
        self.use_buttons: list[QPushButton] = []
        self.proposal_labels: list[QLabel] = []
        for i, cam in enumerate(self.cameras):
            row = i + 3
            name = cam.label + (" (master)" if i == self.master else "")
            grid.addWidget(QLabel(name), row, 0)
            now = QLabel()
            self.offset_labels.append(now)
            grid.addWidget(now, row, 1)
            spin = QSpinBox()
            spin.setRange(-1, max(cam.timebase.frame_count - 1, 0))
            spin.setSpecialValueText("—")
            spin.setMinimumWidth(130)
            spin.setValue(-1)
            spin.setToolTip("The frame of this camera (its own numbering) showing the moment")
            spin.valueChanged.connect(lambda _v, i=i: self._mark_changed(i))
            self.mark_spins.append(spin)
            grid.addWidget(spin, row, 2)
            use = QPushButton("Use this frame")
            use.setToolTip("Take the frame this camera's view shows now")
            use.clicked.connect(lambda _=False, i=i: self.use_current_frame(i))
            if not hasattr(self.player, "camera_frame"):  # a player without pictures
                use.setEnabled(False)
                use.setToolTip("No pictures: type the frame number")
            self.use_buttons.append(use)
            grid.addWidget(use, row, 3)
            proposed = QLabel("—" if i != self.master else "")
            proposed.setMinimumWidth(230)
            proposed.setWordWrap(True)
            self.proposal_labels.append(proposed)
            grid.addWidget(proposed, row, 4)
        grid.setColumnStretch(4, 1)
        layout.addWidget(marks)

        sound = QGroupBox("From the sound")
        box = QVBoxLayout(sound)
        self.audio_button = QPushButton("Find the offsets from the sound")
        self.audio_button.setToolTip("Cross-correlates each camera's sound with the master's")
        self.audio_button.clicked.connect(self.find_from_sound)
        self.audio_label = QLabel(
            "Compares each camera's sound track with the master's (a clap, speech, a door…)."
        )
        self.audio_label.setWordWrap(True)
        box.addWidget(self.audio_button)
        box.addWidget(self.audio_label)
        layout.addWidget(sound)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton(
            "Apply offsets", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _stepper(self) -> QWidget:
        """Step the player from here: the dialog may be modal over the main window."""
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        master_tb = self.cameras[self.master].timebase
        second = max(1, round(master_tb.nominal_fps())) if master_tb.frame_count > 1 else 1
        self.step_buttons: list[QPushButton] = []
        for text, frames in (("◀◀ 1 s", -second), ("◀ frame", -1), ("frame ▶", 1),
                             ("1 s ▶▶", second)):  # fmt: skip
            button = QPushButton(text)
            button.setToolTip(f"Step the player {frames:+d} frame(s)")
            button.clicked.connect(lambda _=False, n=frames: self.player.step(n))
            button.setEnabled(hasattr(self.player, "step"))
            self.step_buttons.append(button)
            box.addWidget(button)
        self.frame_label = QLabel()
        box.addWidget(self.frame_label, 1)
        if hasattr(self.player, "frameChanged"):
            self.player.frameChanged.connect(self._show_frame)
        self._show_frame(self.player.displayed_frame() if hasattr(self.player, "displayed_frame")
                         else 0)  # fmt: skip
        return row

    def _show_frame(self, frame: int) -> None:
        ms = self.cameras[self.master].timebase.frame_to_ms(frame) if frame >= 0 else 0.0
        self.frame_label.setText(f"  master frame {frame} ({ms / 1000:.3f} s)")

    # -- state -----------------------------------------------------------------------------
    def stored_offsets(self) -> dict[int, float]:
        links = {v.video_id: v.offset_ms for v in self.repo.get_session(self.session.id).videos}
        return {i: links.get(c.video.id, c.link.offset_ms) for i, c in enumerate(self.cameras)}

    def _refresh(self, *_args: object) -> None:
        for i, offset in self.stored_offsets().items():
            self.offset_labels[i].setText(format_offset(offset))
        for i, label in enumerate(self.proposal_labels):
            if i == self.master:
                continue
            estimate = self.proposals.get(i)
            if estimate is None:
                label.setText("—")
                label.setStyleSheet("")
                continue
            low = estimate.method == "audio" and estimate.confidence < LOW_CONFIDENCE
            how = "marked frames"
            if estimate.method == "audio":
                how = f"sound, confidence {estimate.confidence:.2f}" + (": LOW" if low else "")
            label.setText(f"{format_offset(estimate.offset_ms)}  ({how})")
            label.setStyleSheet(f"color: {ALERT_COLOR};" if low else "")
        self.apply_button.setEnabled(bool(self.proposals))
        self._fit()

    def _say(self, text: str, color: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};" if color else "")
        self._fit()

    def _fit(self) -> None:
        """Grow (never shrink) so wrapped texts that just got longer are not clipped."""
        layout = self._layout
        layout.activate()
        width = max(self.width(), layout.minimumSize().width())
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalSizeHint().height()
        if height > self.height() or width > self.width():
            self.resize(width, max(height, self.height()))

    # -- marked moments ------------------------------------------------------------------------
    def use_current_frame(self, camera: int) -> None:
        frame = self.player.camera_frame(camera)
        if frame is None:
            self._say(f"{self.cameras[camera].label} shows no picture now.", ALERT_COLOR)
            return
        self.mark_spins[camera].setValue(int(frame))

    def mark(self, camera: int) -> int | None:
        value = self.mark_spins[camera].value()
        return None if value < 0 else value

    def _mark_changed(self, camera: int) -> None:
        spin = self.mark_spins[camera]
        frame = self.mark(camera)
        tb = self.cameras[camera].timebase
        spin.setSuffix("" if frame is None else f"  ({tb.frame_to_ms(frame) / 1000:.3f} s)")
        master_frame = self.mark(self.master)
        if master_frame is None:
            return
        targets = [i for i in range(len(self.cameras)) if i != self.master]
        for i in targets if camera == self.master else [camera]:
            frame = self.mark(i)
            if frame is None:
                continue
            offset = offset_from_marks(
                self.cameras[self.master].timebase,
                master_frame,
                self.cameras[i].timebase,
                frame,
                self.stored_offsets()[self.master],
            )
            detail = f"frame {frame} = master frame {master_frame}"
            self.proposals[i] = SyncEstimate(offset, 1.0, "marks", detail)
        self._refresh()

    # -- sound ----------------------------------------------------------------------------------
    def find_from_sound(self) -> None:
        master = self.cameras[self.master]
        targets = [i for i in range(len(self.cameras)) if i != self.master]
        master_offset = self.stored_offsets()[self.master]
        estimate = self._estimate
        jobs = [(i, self.cameras[i].video.path, self.cameras[i].label) for i in targets]

        def work(progress: ProgressCallback, _cancel: CancelToken) -> dict[int, SyncEstimate]:
            if estimate is _audio_estimate:  # the real thing: progress at every step
                return listen(master.video.path, master.label, jobs, master_offset, progress)
            found: dict[int, SyncEstimate] = {}
            for k, (i, path, label) in enumerate(jobs):
                progress(k / len(jobs), f"Listening to {label}…")
                found[i] = estimate(master.video.path, path, master_offset)
            progress(1.0, "Done")
            return found

        self.audio_button.setEnabled(False)
        operation = Operation(
            "Synchronising by sound",
            work,
            on_success=self._sound_found,
            # shown in this dialog, where the user is looking
            on_failure=lambda text: self._say(f"Could not compare the sound: {text}", ALERT_COLOR),
            on_cancel=lambda: self._say("Cancelled: no offset was changed."),
            expected=(Exception,),  # a file that cannot be read or decoded: its message
        )
        self._say("Listening to the sound… (see the progress window; Cancel stops it)")
        handle = run_operation(self, operation)
        handle.job.progressed.connect(self._show_listening)
        handle.job.finished.connect(lambda: self.audio_button.setEnabled(True))
        self.operation = handle.job

    def _show_listening(self, _fraction: float, text: str) -> None:
        if text:
            self.audio_label.setText(text)

    def _sound_found(self, found: dict[int, SyncEstimate]) -> None:
        lines = []
        for i, estimate in found.items():
            label = self.cameras[i].label
            if estimate.confidence <= 0:
                lines.append(f"{label}: no common sound found")
                continue
            self.proposals[i] = estimate
            lines.append(f"{label}: {estimate.detail}")
        low = any(e.confidence < LOW_CONFIDENCE for e in found.values())
        self.audio_label.setText("\n".join(lines))
        self.audio_label.setStyleSheet(f"color: {ALERT_COLOR};" if low else "")
        if low:
            self._say(
                "A low confidence means the sound did not match clearly: check the result "
                "by eye (mark the same moment) before applying.",
                ALERT_COLOR,
            )
        self._refresh()

    # -- applying -------------------------------------------------------------------------------
    def apply(self) -> None:
        """Store every proposed offset as one undo step and move the cameras."""
        if not self.proposals:
            return
        changes = sorted(self.proposals.items())
        command = SyncOffsetsCommand(
            [
                PlayerOffsetCommand(
                    self.repo,
                    self.session.id,
                    self.cameras[i].video.id,
                    estimate.offset_ms,
                    self.player,
                    i,
                    self._report,
                )
                for i, estimate in changes
            ],
            self._report,
        )
        if not push_applied(self.undo_stack, command, self._report):
            return
        self.proposals.clear()
        self._refresh()
        done = "; ".join(
            f"{self.cameras[c.camera].label}: {format_offset(c.previous)} → "
            f"{format_offset(c.offset_ms)}"
            for c in command.parts
        )
        self._say(f"Applied (Edit ▸ Undo puts it back): {done}", OK_COLOR)
