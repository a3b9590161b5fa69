"""Input widgets for one rating scale: a radio-button row, or a compact combo box.

Both show the scale's anchor labels (tooltips, and the label of the chosen value) and
emit ``valueChanged(value_or_None)`` only on user input; ``set_value`` is silent.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import RatingScale

MAX_RADIO_VALUES = 11  # wider scales get a spin box: a row of 20 radios is unusable
NO_VALUE_TEXT = "–"


def anchors_tooltip(scale: RatingScale) -> str:
    lines = [f"{scale.name} ({scale.minimum}–{scale.maximum})"]
    if scale.description:
        lines.append(scale.description)
    lines += [f"{a.value} = {a.label}" for a in scale.anchors]
    return "\n".join(lines)


def value_caption(scale: RatingScale, value: int | None) -> str:
    if value is None:
        return "not rated"
    label = scale.anchor_label(value)
    return f"{value}: {label}" if label else str(value)


class RadioScaleInput(QWidget):
    """A row of radio buttons (one per value) with a clear button and the anchor label."""

    valueChanged = Signal(object)  # noqa: N815 (Qt naming)

    def __init__(self, scale: RatingScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[int, QRadioButton] = {}
        for value in scale.values():
            button = QRadioButton(str(value), self)
            label = scale.anchor_label(value)
            button.setToolTip(f"{value}: {label}" if label else str(value))
            self.group.addButton(button, value)
            self.buttons[value] = button
            row.addWidget(button)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip("Clear this rating")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self._on_clear)
        row.addWidget(self.clear_button)
        # the chosen value's anchor beside the values, not on a line of its own: a dock
        # shows twice as many scales
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        font = self.caption.font()
        font.setItalic(True)
        self.caption.setFont(font)
        row.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)  # room before the next scale's name
        layout.setSpacing(1)
        layout.addLayout(row)
        self.setToolTip(anchors_tooltip(scale))
        self.group.idClicked.connect(self._on_clicked)
        self._value: int | None = None
        self._show_caption()

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        self._value = value
        self.group.setExclusive(False)  # exclusive groups cannot uncheck every button
        for v, button in self.buttons.items():
            button.setChecked(v == value)
        self.group.setExclusive(True)
        self._show_caption()

    def _on_clicked(self, value: int) -> None:
        if value == self._value:
            return
        self._value = value
        self._show_caption()
        self.valueChanged.emit(value)

    def _on_clear(self) -> None:
        if self._value is None:
            return
        self.set_value(None)
        self.valueChanged.emit(None)

    def _show_caption(self) -> None:
        self.caption.setText(value_caption(self.scale, self._value))
        self.caption.setEnabled(self._value is not None)  # "not rated" in the muted colour
        self.clear_button.setEnabled(self._value is not None)


class ComboScaleInput(QComboBox):
    """A compact choice ("–", "1 · rarely", ...) for per-segment cells."""

    valueChanged = Signal(object)  # noqa: N815 (Qt naming)

    def __init__(self, scale: RatingScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.addItem(NO_VALUE_TEXT, None)
        for value in scale.values():
            label = scale.anchor_label(value)
            self.addItem(f"{value} · {label}" if label else str(value), value)
            self.setItemData(
                self.count() - 1, value_caption(scale, value), Qt.ItemDataRole.ToolTipRole
            )
        self.setToolTip(anchors_tooltip(scale))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # never narrower than its longest value: a narrow dock scrolls instead of cutting
        # "3 · sometimes" to "3 · so"
        self.setMinimumWidth(self.sizeHint().width())
        self.activated.connect(self._on_activated)

    def value(self) -> int | None:
        data = self.currentData()
        return None if data is None else int(data)

    def set_value(self, value: int | None) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def _on_activated(self, _index: int) -> None:
        self.valueChanged.emit(self.value())


class SpinScaleInput(QSpinBox):
    """A spin box for wide scales; the value below the minimum means "not rated"."""

    valueChanged_ = Signal(object)  # noqa: N815 (Qt naming)

    def __init__(self, scale: RatingScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.setRange(scale.minimum - 1, scale.maximum)
        self.setSpecialValueText(NO_VALUE_TEXT)
        self.setToolTip(anchors_tooltip(scale))
        self.setKeyboardTracking(False)
        self.setValue(scale.minimum - 1)
        self.editingFinished.connect(self._emit)
        super().valueChanged.connect(self._on_spin)
        self._last: int | None = None

    def value_or_none(self) -> int | None:
        v = super().value()
        return None if v < self.scale.minimum else v

    def set_value(self, value: int | None) -> None:
        self.blockSignals(True)
        self.setValue(self.scale.minimum - 1 if value is None else value)
        self.blockSignals(False)
        self._last = value

    def _on_spin(self, _value: int) -> None:
        self._emit()

    def _emit(self) -> None:
        value = self.value_or_none()
        if value != self._last:
            self._last = value
            self.valueChanged_.emit(value)


def make_scale_input(
    scale: RatingScale, compact: bool, parent: QWidget | None = None
) -> RadioScaleInput | ComboScaleInput | SpinScaleInput:
    """Radios for short session scales, a combo in compact cells, a spin box when wide."""
    count = scale.maximum - scale.minimum + 1
    if count > MAX_RADIO_VALUES and not scale.anchors:
        return SpinScaleInput(scale, parent)
    if compact or count > MAX_RADIO_VALUES:
        return ComboScaleInput(scale, parent)
    return RadioScaleInput(scale, parent)


def input_value(widget: RadioScaleInput | ComboScaleInput | SpinScaleInput) -> int | None:
    if isinstance(widget, SpinScaleInput):
        return widget.value_or_none()
    return widget.value()


def input_changed_signal(
    widget: RadioScaleInput | ComboScaleInput | SpinScaleInput,
) -> SignalInstance:
    if isinstance(widget, SpinScaleInput):
        return widget.valueChanged_
    return widget.valueChanged
