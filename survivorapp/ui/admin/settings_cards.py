"""Admin cards for settings: the organisation's (in the vault), and this computer's.

Organisation settings travel with the vault and apply to everyone; only administrators change
them, everyone else sees them read-only. This computer's settings are how the app looks and
hides here, kept outside the vault, and hold no case data.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.settings import DEVICE, ORGANISATION, SettingValue, in_scope
from survivorapp.services.settings import SettingsService
from survivorapp.ui.admin.card import Card
from survivorapp.ui.admin.settings_form import SettingsForm
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.preferences import DevicePreferences
from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.fields import action_button


class OrganisationSettingsCard(Card):
    #: The organisation's settings after a save: key -> value.
    saved = Signal(dict)

    def __init__(
        self,
        operations: Operations,
        settings: SettingsService,
        can_manage: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Organisation settings"),
            self.tr("These apply to everyone who uses this vault and travel with it.")
            if can_manage
            else self.tr(
                "These apply to everyone who uses this vault. Only an administrator can "
                "change them."
            ),
            parent,
        )
        self._operations = operations
        self._settings = settings
        self.can_manage = can_manage
        self._stored: dict[str, SettingValue] = {}
        self.organisation_form = SettingsForm(in_scope(ORGANISATION))
        self.organisation_form.set_editable(False)
        self.organisation_form.edited.connect(self._refresh_save_button)
        self.layout_.addWidget(self.organisation_form)
        self.save_settings_button = action_button(
            self.tr("Save settings"), self.tr("Save organisation settings")
        )
        self.save_settings_button.setEnabled(False)
        self.save_settings_button.setVisible(can_manage)
        self.save_settings_button.clicked.connect(self.on_save_settings_button_clicked)
        self.add_buttons(self.save_settings_button)
        self.settings_message = message_label(self.tr("Organisation settings message"))
        self.layout_.addWidget(self.settings_message)

    def reload(self) -> None:
        self._operations.run(
            self._settings.get_all,
            self._on_loaded,
            self._say_error,
            owner=self,
        )

    def _on_loaded(self, values: dict[str, SettingValue]) -> None:
        self._stored = dict(values)
        self.organisation_form.set_values(values)
        self.organisation_form.set_editable(self.can_manage)
        self._refresh_save_button()

    def _refresh_save_button(self) -> None:
        changed = self.organisation_form.values() != self._stored
        self.save_settings_button.setEnabled(self.can_manage and changed)

    def _say_error(self, exc: BaseException) -> None:
        say(self.settings_message, message_for(exc))

    def on_save_settings_button_clicked(self) -> None:
        values = self.organisation_form.values()
        settings = self._settings
        self.save_settings_button.setEnabled(False)

        def saved(after: dict[str, SettingValue]) -> None:
            self._on_loaded(after)
            say(self.settings_message, self.tr("Settings saved. They apply to everyone."))
            self.saved.emit(dict(after))

        def failed(exc: BaseException) -> None:
            self._refresh_save_button()
            self._say_error(exc)

        self._operations.run(
            lambda: settings.set_many(values),
            saved,
            failed,
            owner=self,
            changes=Changes(settings=True),
        )


class DeviceSettingsCard(Card):
    #: A setting of this computer changed: {key: value}.
    edited = Signal(dict)

    def __init__(self, preferences: DevicePreferences, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("This computer"),
            self.tr("Only for this computer, and only how the app looks and hides. No case data."),
            parent,
        )
        self._preferences = preferences
        self.device_form = SettingsForm(in_scope(DEVICE))
        self.device_form.set_values(preferences.get_all())
        self.device_form.edited.connect(self.on_device_form_edited)
        self.layout_.addWidget(self.device_form)

    def on_device_form_edited(self, key: str, value: object) -> None:
        self._preferences.set(key, value)
        self.edited.emit({key: self._preferences.get(key)})
