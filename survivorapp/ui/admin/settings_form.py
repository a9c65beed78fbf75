"""A form built from the settings registry: one field per setting, its help beneath it.

Choices become combo boxes, numbers spin boxes; every field has its label as accessible name
and its help as accessible description. Read-only forms show the same fields, disabled, so a
caseworker can see what their administrator chose.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from survivorapp.domain.settings import Setting, SettingValue
from survivorapp.ui.widgets.small_dialog import muted


class SettingsForm(QWidget):
    #: A field changed by the person (not by :meth:`set_values`): key, new value.
    edited = Signal(str, object)

    def __init__(self, settings: list[Setting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = {s.key: s for s in settings}
        self.fields: dict[str, QComboBox | QSpinBox] = {}
        self._loading = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(16)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for setting in settings:
            field = self._field_for(setting)
            field.setAccessibleName(self.tr(setting.label))
            field.setAccessibleDescription(self.tr(setting.help))
            chars = field.fontMetrics().averageCharWidth()
            field.setMinimumWidth(chars * 18)
            field.setMaximumWidth(chars * 32)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(3)
            column.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
            column.addWidget(muted(self.tr(setting.help)))
            form.addRow(self.tr(setting.label), box)
            self.fields[setting.key] = field

    def _field_for(self, setting: Setting) -> QComboBox | QSpinBox:
        key = setting.key
        if setting.choices:
            combo = QComboBox()
            for value, label in setting.choices:
                combo.addItem(self.tr(label), value)
            combo.currentIndexChanged.connect(lambda _i: self._on_edited(key))
            return combo
        spin = QSpinBox()
        spin.setRange(setting.minimum or 0, setting.maximum or 1_000_000)
        spin.valueChanged.connect(lambda _v: self._on_edited(key))
        return spin

    def _on_edited(self, key: str) -> None:
        if not self._loading:
            self.edited.emit(key, self.value(key))

    def value(self, key: str) -> SettingValue:
        field = self.fields[key]
        if isinstance(field, QSpinBox):
            return field.value()
        return str(field.currentData())

    def values(self) -> dict[str, SettingValue]:
        return {key: self.value(key) for key in self.fields}

    def set_values(self, values: dict[str, SettingValue]) -> None:
        self._loading = True
        try:
            for key, value in values.items():
                field = self.fields.get(key)
                if isinstance(field, QSpinBox) and isinstance(value, int):
                    field.setValue(value)
                elif isinstance(field, QComboBox):
                    index = field.findData(value)
                    field.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    def set_editable(self, editable: bool) -> None:
        for field in self.fields.values():
            field.setEnabled(editable)
