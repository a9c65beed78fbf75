"""Organisation settings: everyone who unlocks the vault reads them; administrators change them.

Every change is audited by key (the values are not case data, but the audit log never holds
values anyway).
"""

from __future__ import annotations

from collections.abc import Mapping

from survivorapp.domain.settings import (
    ORGANISATION,
    SETTINGS,
    SettingValue,
    from_stored,
    validate_changes,
)
from survivorapp.services.context import ServiceContext
from survivorapp.services.permissions import Action
from survivorapp.vault.settings import SettingsRepository


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.repo = SettingsRepository(ctx.conn)

    def get_all(self) -> dict[str, SettingValue]:
        """Every organisation setting, with defaults for those never set."""
        return from_stored(ORGANISATION, self.repo.all())

    def get(self, key: str) -> SettingValue:
        return self.get_all()[key]

    def set(self, key: str, value: object) -> None:
        self.set_many({key: value})

    def set_many(self, changes: Mapping[str, object]) -> dict[str, SettingValue]:
        """Check every change first, then store them together; returns all settings after."""
        self.ctx.require(Action.MANAGE_SETTINGS)
        good, problems = validate_changes(ORGANISATION, changes)
        self.ctx.validate(problems)
        current = self.get_all()
        with self.ctx.write():
            for key, value in good.items():
                if current.get(key) == value:
                    continue
                self.repo.put(key, SETTINGS[key].format(value))
                self.ctx.record("change", "setting", key, fields=[key])
        return self.get_all()
