"""Admin: staff accounts, one's own passphrase, organisation and computer settings, a health check.

What a person sees depends on what they may do: administrators manage accounts and change the
organisation's settings; everyone changes their own passphrase and this computer's settings,
and sees the organisation's settings read-only. The page only lays out its cards (each in its
own module, each running its own work on the vault thread and saying what went wrong inside
itself) and loads the two that show stored data whenever it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QWidget

from survivorapp.services.permissions import Action, allowed
from survivorapp.ui.admin.account_cards import OwnPassphraseCard, UsersCard
from survivorapp.ui.admin.check_card import VaultCheckCard
from survivorapp.ui.admin.questionnaires_card import QuestionnairesCard
from survivorapp.ui.admin.return_keys_card import ReturnKeysCard
from survivorapp.ui.admin.services import AdminServices
from survivorapp.ui.admin.settings_cards import DeviceSettingsCard, OrganisationSettingsCard
from survivorapp.ui.operations import Operations
from survivorapp.ui.preferences import DevicePreferences
from survivorapp.ui.security.page import SecurityCard
from survivorapp.ui.widgets.page_layout import page_heading, scrolling_body
from survivorapp.ui.widgets.small_dialog import SmallDialog


class AdminPage(QWidget):
    #: Settings now in force (organisation and this computer), after a change: key -> value.
    settings_changed = Signal(dict)
    #: The data key was changed and its new recovery key checked: the session has ended.
    lock_requested = Signal()

    def __init__(
        self,
        operations: Operations,
        services: AdminServices,
        preferences: DevicePreferences | None = None,
        parent: QWidget | None = None,
        *,
        extra_cards: tuple[QFrame, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.extra_cards = extra_cards  # from other features (Backups), shown last
        self._services = services
        actor = services.actor
        self.can_manage_users = allowed(actor, Action.MANAGE_USERS)
        self.can_manage_settings = allowed(actor, Action.MANAGE_SETTINGS)
        self.setAccessibleName(self.tr("Admin"))

        self.users_card: UsersCard | None = None
        if self.can_manage_users:
            self.users_card = UsersCard(operations, actor, services.accounts, services.reauth)
        self.own_card = OwnPassphraseCard(operations, services.user, services.accounts)
        self.organisation_card = OrganisationSettingsCard(
            operations, services.settings, self.can_manage_settings
        )
        self.organisation_card.saved.connect(self.settings_changed)
        self.device_card = DeviceSettingsCard(preferences or DevicePreferences())
        self.device_card.edited.connect(self.settings_changed)
        self.return_keys_card: ReturnKeysCard | None = None
        if ReturnKeysCard.is_for(actor):
            self.return_keys_card = ReturnKeysCard(operations, actor, services.returns)
        self.questionnaires_card: QuestionnairesCard | None = None
        if QuestionnairesCard.is_for(actor):
            self.questionnaires_card = QuestionnairesCard(operations, actor, services.feedback)
        self.check_card: VaultCheckCard | None = None
        if self.can_manage_users:
            self.check_card = VaultCheckCard(operations, services.check)
        self.security_card: SecurityCard | None = None
        if self.can_manage_users and services.rotate_key is not None:
            self.security_card = SecurityCard(operations, services.rotate_key, services.reauth)
            self.security_card.lock_requested.connect(self.lock_requested)
        self._lay_out()

    def _lay_out(self) -> None:
        _scroll, self.body_layout = scrolling_body(self, (24, 18, 24, 24), 16)
        self.body_layout.addWidget(page_heading(self, self.tr("Admin")))
        for card in self.cards():
            self.body_layout.addWidget(card)
        self.body_layout.addStretch(1)

    def cards(self) -> list[QFrame]:
        """The cards this person sees, top to bottom."""
        shown: list[QFrame | None] = [
            self.users_card,
            self.own_card,
            self.organisation_card,
            self.device_card,
            self.return_keys_card,
            self.questionnaires_card,
            self.check_card,
            self.security_card,
            *self.extra_cards,
        ]
        return [card for card in shown if card is not None]

    @property
    def dialog(self) -> SmallDialog | None:
        """The dialog a card has open over the page, if any (one at a time)."""
        hosts = (self.users_card, self.own_card, self.return_keys_card, self.security_card)
        return next((h.dialog for h in hosts if h is not None and h.dialog is not None), None)

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        if not self._services.is_open():
            return
        if self.users_card is not None:
            self.users_card.reload()
        self.organisation_card.reload()
