"""Special measures for one matter: each measure's status now, and any new status to record.

Special measures are a ledger (REFERENCE 1.5): a new status is a new dated record and the
history stays, so a refused-then-granted application can be told apart from one granted
first time. The dialog shows every measure with where it has got to and emits only the rows
the person changed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from survivorapp.domain.justice.support import SpecialMeasure, current_special_measures
from survivorapp.ui.widgets.fields import DateField
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpecialMeasuresDialog", text)


class MeasureRow:
    """The widgets of one measure's row: its current status, a new status and its date."""

    def __init__(
        self, labels: Labels, code: str, label: str, current: SpecialMeasure | None, today: date
    ) -> None:
        self.code = code
        self.current = current
        self.name = QLabel(label)
        now = (
            _tr("{status}, {date}")
            .replace("{status}", labels.code("special_measure_status", current.status))
            .replace("{date}", format_date(current.status_date))
            if current
            else _tr("Not asked for")
        )
        self.now = muted(now)
        self.now.setWordWrap(False)
        self.now.setAccessibleName(
            _tr("{measure} now: {status}").replace("{measure}", label).replace("{status}", now)
        )
        self.status = QComboBox()
        self.status.setAccessibleName(_tr("New status for {measure}").replace("{measure}", label))
        self.status.addItem(_tr("No change"), None)
        for status_label, status in labels.options("special_measure_status"):
            self.status.addItem(status_label, status)
        self.status_date = DateField(
            _tr("Date of the new status for {measure}").replace("{measure}", label),
            today,
            latest=today,
        )
        # Shown only on rows being changed, so the dates on screen are the ones being recorded.
        policy = self.status_date.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.status_date.setSizePolicy(policy)
        self.status_date.setVisible(False)
        self.status.currentIndexChanged.connect(
            lambda _: self.status_date.setVisible(self.chosen() is not None)
        )

    def chosen(self) -> str | None:
        value = self.status.currentData()
        return value if isinstance(value, str) else None

    def set_status(self, status: str | None) -> None:
        self.status.setCurrentIndex(max(self.status.findData(status), 0))

    def change(self, matter_id: int | None) -> SpecialMeasure | None:
        """The new ledger record, or None when the row asks for nothing new.

        Choosing the status the measure already has is not a change: the ledger records
        where an application moved to, not that someone looked at it again.
        """
        status = self.chosen()
        if status is None or (self.current is not None and self.current.status == status):
            return None
        day = self.status_date.value()
        assert day is not None  # not optional
        return SpecialMeasure(matter_id, self.code, status, day)


class SpecialMeasuresDialog(SmallDialog):
    """Emits :attr:`measures_ready` with the new, valid ledger records (changed rows only)."""

    measures_ready = Signal(list)

    def __init__(
        self,
        labels: Labels,
        matter_id: int | None,
        current: tuple[SpecialMeasure, ...],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Special measures"),
            _tr(
                "Adult complainants of sexual offences are eligible unless they say they do "
                "not want them. The prosecution applies and the court decides. Choose a new "
                "status only for the measures that have moved on; the earlier ones are kept."
            ),
            _tr("Save special measures"),
            parent,
        )
        self._labels = labels
        self._matter_id = matter_id
        self._today = today
        latest = current_special_measures(current)
        grid_holder = QWidget()
        grid_holder.setAccessibleName(_tr("Special measures"))
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        for column, heading in enumerate(
            (_tr("Measure"), _tr("Where it is now"), _tr("New status"), _tr("Date"))
        ):
            title = muted(heading)
            grid.addWidget(title, 0, column)
        chars = self.fontMetrics().averageCharWidth()
        grid.setColumnMinimumWidth(1, chars * 22)
        grid.setColumnStretch(0, 1)
        self.rows: dict[str, MeasureRow] = {}
        vocabulary = labels.vocabularies["special_measure"]
        for index, code in enumerate(vocabulary, start=1):
            row = MeasureRow(labels, code.code, code.label, latest.get(code.code), today)
            if code.help:
                row.name.setToolTip(code.help)
            self.rows[code.code] = row
            grid.addWidget(row.name, index, 0)
            grid.addWidget(row.now, index, 1)
            grid.addWidget(row.status, index, 2, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(row.status_date, index, 3, Qt.AlignmentFlag.AlignVCenter)
        self.form.addRow(grid_holder)
        self.submitted.connect(self.on_dialog_submitted)

    def changes(self) -> list[SpecialMeasure]:
        found = (row.change(self._matter_id) for row in self.rows.values())
        return [record for record in found if record is not None]

    def on_dialog_submitted(self) -> None:
        changes = self.changes()
        if not changes:
            self.show_problems(
                _tr("Nothing has changed. Choose a new status for a measure, or cancel.")
            )
            return
        vocabularies = self._labels.vocabularies
        problems = [p for record in changes for p in record.validate(vocabularies, self._today)]
        self.emit_if_valid(problems, self.measures_ready, changes)
