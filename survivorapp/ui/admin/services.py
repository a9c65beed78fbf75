"""What the Admin page and its cards may call, and nothing more of the unlocked session.

The page manages accounts and settings, lists commissioners' keys and questionnaires, changes
the signed-in person's own passphrase and checks the vault. It gets those services and the
few session operations it needs as bound methods, not the whole :class:`VaultSession`, so what
an Admin card can reach is written here, once. Every call still runs on the vault thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from survivorapp.domain.progress import Progress
from survivorapp.services.feedback import FeedbackService
from survivorapp.services.key_rotation import RotationResult, rotate_data_key
from survivorapp.services.permissions import Actor
from survivorapp.services.returns import ReturnService
from survivorapp.services.settings import SettingsService
from survivorapp.services.users import UserService
from survivorapp.ui.widgets.reauth_dialog import Reauthentication

if TYPE_CHECKING:
    from survivorapp.services.access import VaultSession


class CheckItemLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def detail(self) -> str: ...


class CheckReportLike(Protocol):
    @property
    def ok(self) -> bool: ...
    @property
    def items(self) -> Sequence[CheckItemLike]: ...


@dataclass(frozen=True)
class AdminServices:
    actor: Actor
    user: str | None
    """Who unlocked (None: the vault was opened with the recovery key)."""
    accounts: UserService
    settings: SettingsService
    returns: ReturnService
    feedback: FeedbackService
    reauth: Reauthentication
    check: Callable[[], CheckReportLike]
    is_open: Callable[[], bool]
    rotate_key: Callable[[str, Progress], RotationResult] | None = None
    """Change the data key with the acting person's secret (Admin -> Security)."""

    @classmethod
    def of(cls, session: VaultSession) -> AdminServices:
        return cls(
            actor=session.actor,
            user=session.user,
            accounts=session.accounts,
            settings=session.settings,
            returns=session.returns,
            feedback=session.feedback,
            reauth=Reauthentication.of(session),
            check=session.check,
            is_open=lambda: session.is_open,
            rotate_key=lambda secret, progress: rotate_data_key(session, secret, progress),
        )
