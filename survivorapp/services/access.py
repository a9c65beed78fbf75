"""Opening and closing vaults: the front door that the UI and the CLI both use.

Everything that needs the key goes through a :class:`VaultSession`: it owns the unlocked vault,
knows who is acting, and hands out the area services (cases, users, drafts, audit). Unlocks and
failed unlocks are written to the audit log.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path

from survivorapp.services.audit import AuditService
from survivorapp.services.backups import BackupService
from survivorapp.services.cases import CaseService
from survivorapp.services.context import ServiceContext
from survivorapp.services.dashboard import DashboardService
from survivorapp.services.directory import DirectoryService
from survivorapp.services.drafts import DraftService
from survivorapp.services.feedback import FeedbackService
from survivorapp.services.justice import JusticeService
from survivorapp.services.permissions import Actor, Role
from survivorapp.services.referrals import ReferralService
from survivorapp.services.returns import ReturnService, ensure_organisation_key
from survivorapp.services.settings import SettingsService
from survivorapp.services.unlock_guard import UnlockGuard, record_failed_unlocks
from survivorapp.services.users import UserService
from survivorapp.services.waiting_list import WaitingListService
from survivorapp.vault import audit_checkpoint, failed_logins, keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.audit import register_key
from survivorapp.vault.audit_keys import slot_key_problems
from survivorapp.vault.check import CheckItem, CheckReport, check_vault
from survivorapp.vault.create import create_vault
from survivorapp.vault.errors import CredentialsNotRecognised, VaultError
from survivorapp.vault.kdf import calibrate
from survivorapp.vault.return_keys import ReturnKeyRepository
from survivorapp.vault.secret_store import KeyringSecretStore, SecretStore
from survivorapp.vault.users import UserRepository
from survivorapp.vault.vault import UnlockedVault

RECOVERY_ACTOR = "recovery-key"
FIRST_USER_ROLES = (Role.ADMIN.value, Role.MANAGER.value)


class VaultSession:
    """An unlocked vault, the person acting, and the services they use."""

    def __init__(self, vault: UnlockedVault, actor: Actor) -> None:
        self.vault = vault
        self.actor = actor
        self.ctx = ServiceContext.open(vault, actor)
        #: Set at unlock when the database is older than a backup this folder has seen.
        self.rollback_warning: str | None = None

    @property
    def user(self) -> str | None:
        return self.vault.user

    @property
    def folder(self) -> Path:
        return self.vault.folder

    @property
    def is_open(self) -> bool:
        return self.vault.is_open

    @cached_property
    def cases(self) -> CaseService:
        return CaseService(self.ctx)

    @cached_property
    def justice(self) -> JusticeService:
        return JusticeService(self.ctx)

    @cached_property
    def referrals(self) -> ReferralService:
        return ReferralService(self.ctx)

    @cached_property
    def directory(self) -> DirectoryService:
        return DirectoryService(self.ctx)

    @cached_property
    def feedback(self) -> FeedbackService:
        return FeedbackService(self.ctx)

    @cached_property
    def accounts(self) -> UserService:
        return UserService(self.ctx)

    @cached_property
    def drafts(self) -> DraftService:
        return DraftService(self.ctx)

    @cached_property
    def audit(self) -> AuditService:
        return AuditService(self.ctx)

    @cached_property
    def settings(self) -> SettingsService:
        return SettingsService(self.ctx)

    @cached_property
    def returns(self) -> ReturnService:
        return ReturnService(self.ctx)

    @cached_property
    def waiting_list(self) -> WaitingListService:
        return WaitingListService(self.ctx)

    @cached_property
    def backups(self) -> BackupService:
        return BackupService(self.ctx)

    @cached_property
    def dashboard(self) -> DashboardService:
        return DashboardService(self.ctx, self.justice, self.waiting_list, self.referrals)

    def lock(self) -> None:
        """Record the lock, leave a signed checkpoint of the log beside the key slots (unless
        the one there disagrees with the log: that stays as evidence), then lock."""
        if self.vault.is_open:
            try:
                with self.ctx.write():
                    self.ctx.record("lock", "vault")
            except VaultError:
                pass  # locking must never fail because the audit entry could not be written
            with contextlib.suppress(VaultError, OSError):
                audit_checkpoint.update_at_lock(self.folder, self.ctx.audit, self.actor.username)
        self.vault.lock()

    # --- key slots, through the user service so the database and audit log agree ------------

    def users(self) -> list[str]:
        """User names that have a key slot (can unlock)."""
        return self.vault.users()

    def add_user(
        self, user: str, passphrase: str, roles: tuple[str, ...] = (Role.CASEWORKER.value,)
    ) -> None:
        self.accounts.add(user, user, roles, passphrase)

    def remove_user(self, user: str) -> None:
        self.accounts.deactivate(user)

    def change_passphrase(self, user: str, old: str, new: str) -> None:
        if user.casefold() != self.actor.username.casefold():
            raise CredentialsNotRecognised()
        self.accounts.change_own_passphrase(old, new)

    @property
    def opened_with_recovery_key(self) -> bool:
        return self.vault.user is None

    def verify_passphrase(self, secret: str) -> bool:
        """The person acting types their passphrase again before a key change (STYLE.md); a
        session opened with the recovery key is re-checked with the recovery key."""
        user = self.vault.user
        if user is None:
            return self.vault.verify_recovery_key(secret)
        return self.vault.verify_passphrase(user, secret)

    def check(self, checkpoints: Sequence[Path] = ()) -> CheckReport:
        """Every check; the log is also compared with the checkpoint beside the vault and with
        each of ``checkpoints`` (files a manager kept elsewhere)."""

        current: dict[str, str] = {}
        intact: list[bool] = []

        def chain(_vault: UnlockedVault) -> CheckItem:
            report = self.ctx.audit.verify()
            current.update(report.current_keys)
            intact.append(report.ok)
            if report.ok:
                detail = f"{report.entries} entries, chain intact, each signed by its author"
                return CheckItem("audit log", True, detail)
            return CheckItem("audit log", False, report.reason)

        def slot_keys(vault: UnlockedVault) -> CheckItem:
            if not all(intact):
                return CheckItem("key slots match the audit log", False, "the log is broken")
            slots = [
                (s.user or RECOVERY_ACTOR, s.public_keys.key_id, s.kind == "recovery")
                for s in keyslots.load(vault.slots_path).slots
                if s.public_keys is not None
            ]
            problems = slot_key_problems(current, slots)
            detail = "; ".join(problems) or "each user's slot holds the key the log knows them by"
            return CheckItem("key slots match the audit log", not problems, detail)

        def rollback(_vault: UnlockedVault) -> CheckItem:
            found = self.backups.rollback_status()
            return CheckItem("backup generation", not found.rolled_back, found.message)

        extra = [chain, slot_keys, rollback, checkpoint_check(self.ctx, None)]
        extra += [checkpoint_check(self.ctx, path) for path in checkpoints]
        return check_vault(self.vault, extra)

    def __enter__(self) -> VaultSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()


def _actor_for(vault: UnlockedVault) -> Actor:
    if vault.user is None:
        return Actor(RECOVERY_ACTOR, frozenset({Role.ADMIN}), "Recovery key")
    row = UserRepository(vault.connection).get(vault.user)
    if row is None or not row.active:
        vault.lock()
        raise CredentialsNotRecognised()
    return Actor(row.username, frozenset(Role(r) for r in row.roles), row.display_name)


def _start_session(vault: UnlockedVault) -> VaultSession:
    session = VaultSession(vault, _actor_for(vault))
    slots = {s.id: s.user for s in keyslots.load(vault.slots_path).slots}
    with session.ctx.write():
        # A key not yet in the log registers itself first (the first administrator, or the
        # first unlock since entries were signed); every entry after it is signed with it.
        name = session.actor.username
        register_key(session.ctx.audit, name, name, vault.user_keys.public)
        noted = record_failed_unlocks(session.ctx, slots)
        session.ctx.record("login", "vault")
    if not noted.empty:
        failed_logins.clear(vault.folder)  # only now that their summary is committed
    found = session.backups.note_unlock()
    session.rollback_warning = found.message if found.rolled_back else None
    return session


class CreatedVault:
    def __init__(self, session: VaultSession, recovery_key: str) -> None:
        self.session = session
        self.recovery_key = recovery_key


class VaultAccess:
    """Create and unlock vaults, with one secret store for device binding."""

    def __init__(self, secret_store: SecretStore | None = None) -> None:
        self._store = secret_store if secret_store is not None else KeyringSecretStore()

    @property
    def secret_store(self) -> SecretStore:
        return self._store

    @property
    def can_bind_to_device(self) -> bool:
        return self._store.is_system_store

    def exists(self, folder: Path) -> bool:
        return vault_ops.is_vault(folder)

    def create(
        self,
        folder: Path,
        admin_user: str,
        passphrase: str,
        *,
        device_binding: bool = False,
        kdf_target_seconds: float | None = None,
        display_name: str | None = None,
        organisation: str | None = None,
    ) -> CreatedVault:
        """``kdf_target_seconds`` None calibrates to the default (~0.5 s); 0 uses the floor.

        The first user is an administrator and a manager, so a new organisation can both run
        the vault and see its cases; an admin can change that later.
        """
        params = calibrate() if kdf_target_seconds is None else calibrate(kdf_target_seconds)
        created = create_vault(
            folder,
            admin_user,
            passphrase,
            device_binding=device_binding,
            secret_store=self._store,
            kdf_params=params,
        )
        vault = created.vault
        try:
            with vault.transaction() as conn:
                UserRepository(conn).add(
                    vault.user or admin_user, display_name or admin_user, FIRST_USER_ROLES
                )
                if organisation:
                    ReturnKeyRepository(conn).set_organisation_name(organisation)
                # The key every return is signed with, made once and kept in the vault.
                ensure_organisation_key(conn, organisation, ServiceContext.today())
            session = _start_session(vault)
        except BaseException:
            vault.lock()
            raise
        return CreatedVault(session, created.recovery_key)

    def unlock(self, folder: Path, user: str, passphrase: str) -> VaultSession:
        """Unlock as ``user``; after repeated wrong passphrases each try waits longer
        (``UnlockDelayed``, docs/vault-format.md "Failed unlocks")."""
        guard = UnlockGuard(folder)
        guard.before(user)
        try:
            vault = vault_ops.unlock(folder, user, passphrase, secret_store=self._store)
        except CredentialsNotRecognised:
            guard.failed(user)
            raise
        guard.succeeded(user)
        return _start_session(vault)

    def unlock_with_recovery(self, folder: Path, recovery_key: str) -> VaultSession:
        return _start_session(
            vault_ops.unlock_with_recovery(folder, recovery_key, secret_store=self._store)
        )

    def reset_passphrase_with_recovery(
        self, folder: Path, recovery_key: str, user: str, new_passphrase: str
    ) -> None:
        with self.unlock_with_recovery(folder, recovery_key) as session:
            session.accounts.reset_passphrase(user, new_passphrase)


def checkpoint_check(
    ctx: ServiceContext, path: Path | None
) -> Callable[[UnlockedVault], CheckItem]:
    """A check item comparing the log with one checkpoint (None: the one beside the vault)."""

    def run(vault: UnlockedVault) -> CheckItem:
        name = "checkpoint" if path is None else f"checkpoint {path.name}"
        where = path or vault.folder / audit_checkpoint.FILE_NAME
        if path is None and not (where.exists() or where.is_symlink()):
            return CheckItem(name, True, "none beside the vault yet (one is written at each lock)")
        try:
            checkpoint = audit_checkpoint.read_checkpoint(where)
        except audit_checkpoint.CheckpointUnreadable as exc:
            return CheckItem(name, False, f"cannot be read ({exc})")
        problem = audit_checkpoint.compare(ctx.audit, checkpoint)
        if problem:
            return CheckItem(name, False, problem)
        return CheckItem(
            name,
            True,
            f"the log still holds entry {checkpoint.entries} as recorded on "
            f"{checkpoint.written} by {checkpoint.principal}",
        )

    return run
