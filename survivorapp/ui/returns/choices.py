"""The Returns page's choices: which period, which level, the smallest count shown, for whom.

Only the choices live here; the page decides what to count or show when they change. The level
explains itself beside each option, since what leaves the building differs so much between them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from survivorapp.services.return_views import DEFAULT_K, MIN_K, Level, Period
from survivorapp.services.returns import CommissionerKey
from survivorapp.ui.widgets.small_dialog import muted

MAX_K = 100
LEVEL_TEXT: dict[Level, tuple[str, str]] = {
    Level.INTERNAL: (
        "Internal",
        "Exact counts for the organisation's own use. Contains small numbers: do not share.",
    ),
    Level.SEALED: (
        "Sealed for a commissioner",
        "Exact counts, encrypted so that only the chosen commissioner can open them to merge.",
    ),
    Level.PUBLICATION: (
        "Publication",
        "Small counts are hidden and the rest rounded to the nearest 5: safe to publish.",
    ),
}


def period_text(period: Period) -> str:
    span = f"{period.start:%B %Y} to {period.end:%B %Y}"
    kind = "financial year" if "Q" not in period.label else "quarter"
    return f"{period.label} ({kind}: {span})"


class ReturnChoices(QWidget):
    #: The person chose a period (its label).
    period_chosen = Signal(str)
    #: The level or the smallest count shown changed.
    shown_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        chars = self.fontMetrics().averageCharWidth()
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Period"))
        self.period_combo.setMaximumWidth(chars * 56)
        self.period_combo.currentIndexChanged.connect(self.on_period_combo_changed)
        form.addRow(self.tr("Period"), self.period_combo)
        form.addRow(self.tr("Level"), self._build_levels())
        self.k_spin = QSpinBox()
        self.k_spin.setRange(MIN_K, MAX_K)
        self.k_spin.setValue(DEFAULT_K)
        self.k_spin.setAccessibleName(self.tr("Smallest count shown"))
        self.k_spin.setToolTip(
            self.tr("Counts below this are hidden in a publication return (never below 5).")
        )
        self.k_spin.setMaximumWidth(chars * 12)
        self.k_spin.valueChanged.connect(lambda _value: self.shown_changed.emit())
        form.addRow(self.tr("Smallest count shown"), self.k_spin)
        self.commissioner_combo = QComboBox()
        self.commissioner_combo.setAccessibleName(self.tr("Commissioner"))
        self.commissioner_combo.setMaximumWidth(chars * 56)
        self.commissioner_label = QLabel(self.tr("Commissioner"))
        form.addRow(self.commissioner_label, self.commissioner_combo)
        self.refresh()

    def _build_levels(self) -> QVBoxLayout:
        levels = QVBoxLayout()
        levels.setSpacing(2)
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[Level, QRadioButton] = {}
        for number, level in enumerate(Level):
            title, explanation = LEVEL_TEXT[level]
            button = QRadioButton(self.tr(title))
            button.setAccessibleName(self.tr(title))
            button.setAccessibleDescription(self.tr(explanation))
            self.level_group.addButton(button, number)
            self.level_buttons[level] = button
            levels.addWidget(button)
            hint = muted(self.tr(explanation))
            hint.setContentsMargins(24, 0, 0, 4)
            levels.addWidget(hint)
        self.level_buttons[Level.PUBLICATION].setChecked(True)
        self.level_group.idToggled.connect(self.on_level_group_toggled)
        return levels

    # --- what is chosen ----------------------------------------------------------------------

    def period_label(self) -> str | None:
        label = self.period_combo.currentData()
        return str(label) if label else None

    def level(self) -> Level:
        for level, button in self.level_buttons.items():
            if button.isChecked():
                return level
        return Level.PUBLICATION

    def k(self) -> int:
        return self.k_spin.value()

    def commissioner_key_id(self) -> int | None:
        """The chosen commissioner's key, for a sealed return (None at other levels)."""
        if self.level() is not Level.SEALED:
            return None
        key_id = self.commissioner_combo.currentData()
        return int(key_id) if key_id is not None else None

    def has_commissioners(self) -> bool:
        return self.commissioner_combo.count() > 0

    # --- changing them -----------------------------------------------------------------------

    def set_periods(self, periods: Sequence[Period]) -> None:
        """Offer ``periods`` (newest first) and choose the newest."""
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods:
            self.period_combo.addItem(period_text(period), period.label)
        self.period_combo.blockSignals(False)
        if periods:
            self.select_period(periods[0].label)

    def set_commissioners(self, keys: Sequence[CommissionerKey]) -> None:
        self.commissioner_combo.clear()
        for key in keys:
            self.commissioner_combo.addItem(f"{key.label} ({key.fingerprint})", key.id)
        self.refresh()

    def select_period(self, label: str) -> None:
        """Choose ``label``; choosing the one already chosen counts it again."""
        index = self.period_combo.findData(label)
        if index < 0:
            return
        if index == self.period_combo.currentIndex():
            self.on_period_combo_changed(index)
        else:
            self.period_combo.setCurrentIndex(index)

    def choose_level(self, level: Level) -> None:
        self.level_buttons[level].setChecked(True)

    def on_period_combo_changed(self, index: int) -> None:
        label = self.period_combo.itemData(index)
        if label:
            self.period_chosen.emit(str(label))

    def on_level_group_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.refresh()
            self.shown_changed.emit()

    def refresh(self) -> None:
        """The threshold means something at publication only; a commissioner when sealed."""
        sealed = self.level() is Level.SEALED
        self.k_spin.setEnabled(self.level() is Level.PUBLICATION)
        self.commissioner_combo.setVisible(sealed)
        self.commissioner_label.setVisible(sealed)
