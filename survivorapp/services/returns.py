"""The anonymised return: choose a fixed period, preview it at a level, export it signed.

Managers (``EXPORT_RETURN``) preview and export. An export asks for the passphrase again,
writes a signed return folder (``reporting.export``) and writes one audit entry naming the
period, the level and the manifest's SHA-256 checksum: never a count. The organisation's
signing key is made when the vault is created (or, for an older vault, the first time it is
needed) and never leaves the vault: only signatures and the public key do.

Commissioners' public keys, which sealed returns are encrypted to, are imported and removed
by administrators (``MANAGE_SETTINGS``): deciding who can read exact figures is the
organisation's set-up, checked against the commissioner's fingerprint read out to them.
Managers and administrators can both list those keys and export the organisation's public key.

Counting a year is long work: :meth:`ReturnService.build`, :meth:`ReturnService.preview` and
:meth:`ReturnService.export` take an optional :class:`Progress`, report their main steps to it
and stop at safe points when it is cancelled (before anything is written).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.domain.progress import Progress, silent
from survivorapp.reporting import keys
from survivorapp.reporting.build import build_return
from survivorapp.reporting.disclosure import DEFAULT_K, MIN_K, publish
from survivorapp.reporting.export import OutputFolderError, write_return
from survivorapp.reporting.manifest import MANIFEST_FILE, Manifest, sha256_file
from survivorapp.reporting.model import Level, Period, Return
from survivorapp.reporting.periods import PeriodError, available_periods, ended_period
from survivorapp.services.audit import AuditService
from survivorapp.services.context import NotFound, ServiceContext
from survivorapp.services.permissions import Action, PermissionDenied, allowed
from survivorapp.services.return_views import DISCLOSURE_STEP, ReturnPreview
from survivorapp.vault.atomic import atomic_write_bytes
from survivorapp.vault.connection import Connection
from survivorapp.vault.errors import CredentialsNotRecognised
from survivorapp.vault.return_keys import CommissionerKey, ReturnKeyRepository
from survivorapp.vault.returns.queries import ReturnQueries

__all__ = [
    "CommissionerKey",
    "ExportedReturn",
    "ReturnPreview",
    "ReturnRefused",
    "ReturnService",
    "ensure_organisation_key",
]

LABEL_LIMIT = 100
_RECOVERY_CANNOT_EXPORT = (
    "Exporting a return needs your own passphrase. A vault opened with the recovery key "
    "can't export; unlock it with your user name and passphrase."
)


class ReturnRefused(UserFacingError):
    """The return can't be made as asked; ``user_message`` says what to change."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        self.user_message = message
        super().__init__(message)


@dataclass(frozen=True)
class ExportedReturn:
    """What an export wrote: its manifest, and the manifest file's SHA-256 (as audited)."""

    manifest: Manifest
    checksum: str
    folder: Path


def ensure_organisation_key(conn: Connection, label: str | None, today: date) -> str:
    """Make the organisation's signing key if the vault has none; return its fingerprint.

    The caller holds the write transaction (vault creation, or a first export).
    """
    repository = ReturnKeyRepository(conn)
    existing = repository.organisation_key()
    if existing is not None:
        return existing.fingerprint
    key = keys.generate_signing_key()
    fingerprint = keys.fingerprint(key.public_key())
    repository.add_organisation_key(keys.private_key_bytes(key), fingerprint, label, today)
    return fingerprint


def parse_level(level: Level | str) -> Level:
    try:
        return Level(level)
    except ValueError:
        raise ReturnRefused("The level must be internal, sealed or publication.") from None


class ReturnService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.queries = ReturnQueries(ctx.conn)

    # --- periods and the exact return ---------------------------------------------------------

    def available_periods(self) -> list[Period]:
        """Every ended financial quarter and year since the first referral, newest first."""
        self.ctx.require(Action.EXPORT_RETURN)
        return available_periods(self.queries.earliest_referral(), self.ctx.today())

    def period(self, label: str) -> Period:
        """The ended period ``label`` names (a quarter ``2026-Q2`` or a year ``2026-27``)."""
        try:
            return ended_period(label, self.ctx.today())
        except PeriodError as exc:
            raise ReturnRefused(exc.user_message) from None

    def build(self, period_label: str, progress: Progress | None = None) -> Return:
        """The exact return (every count, before disclosure control)."""
        self.ctx.require(Action.EXPORT_RETURN)
        period = self.period(period_label)
        return build_return(self.queries, period, self.ctx.vocabularies, progress=progress)

    def preview(
        self,
        period_label: str,
        level: Level | str,
        k: int = DEFAULT_K,
        progress: Progress | None = None,
    ) -> ReturnPreview:
        """Every table exactly as it would leave at ``level``."""
        chosen = parse_level(level)
        _check_k(k)
        return self._published(self.build(period_label, progress), chosen, k, progress)

    def preview_again(
        self,
        preview: ReturnPreview,
        level: Level | str,
        k: int = DEFAULT_K,
        progress: Progress | None = None,
    ) -> ReturnPreview:
        """The same exact counts at another level or threshold: disclosure control only.

        Choosing a level on the Returns page must not count a whole year again; the counts
        are those of the preview the person is looking at.
        """
        self.ctx.require(Action.EXPORT_RETURN)
        chosen = parse_level(level)
        _check_k(k)
        return self._published(preview.exact, chosen, k, progress)

    @staticmethod
    def _published(exact: Return, level: Level, k: int, progress: Progress | None) -> ReturnPreview:
        (progress or silent()).report(DISCLOSURE_STEP)
        return ReturnPreview(publish(exact, level, k), exact)

    # --- export -------------------------------------------------------------------------------

    def export(
        self,
        period_label: str,
        level: Level | str,
        out_dir: Path,
        passphrase: str,
        k: int = DEFAULT_K,
        commissioner_key_id: int | None = None,
        progress: Progress | None = None,
    ) -> ExportedReturn:
        """Write the signed return folder for ``period_label`` at ``level`` into ``out_dir``.

        ``progress`` may stop the export while it counts; once writing starts it runs to the
        end, so a cancelled export leaves no folder and no audit entry.
        """
        self.ctx.require(Action.EXPORT_RETURN)
        chosen = parse_level(level)
        _check_k(k)
        period = self.period(period_label)
        if self.ctx.vault.user is None:
            raise CredentialsNotRecognised(_RECOVERY_CANNOT_EXPORT)
        if not self.ctx.vault.verify_passphrase(self.ctx.actor.username, passphrase):
            raise CredentialsNotRecognised()
        commissioner = None
        sealed_for: CommissionerKey | None = None
        if chosen is Level.SEALED:
            if commissioner_key_id is None:
                raise ReturnRefused(
                    "A sealed return is encrypted for one commissioner: please choose whose "
                    "key to use."
                )
            sealed_for = ReturnKeyRepository(self.ctx.conn).commissioner_key(commissioner_key_id)
            if sealed_for is None:
                raise NotFound("commissioner key")
            commissioner = keys.load_commissioner_public_key(sealed_for.public_key_pem.encode())
        ret = build_return(self.queries, period, self.ctx.vocabularies, progress=progress)
        signing = self._signing_key()  # after counting: a cancelled export writes nothing
        try:
            checkpoint = AuditService(self.ctx).checkpoint()  # witnesses the log, not public
            manifest = write_return(
                ret, chosen, out_dir, signing, k, commissioner, audit_checkpoint=checkpoint
            )
        except OutputFolderError as exc:
            raise ReturnRefused(str(exc)) from None
        checksum = sha256_file(out_dir / MANIFEST_FILE)
        fields = [f"level={chosen.value}", f"sha256={checksum}"]
        if chosen is Level.PUBLICATION:
            fields.append(f"k={k}")
        if sealed_for is not None:
            fields.append(f"sealed_for={sealed_for.fingerprint}")
        with self.ctx.write():
            self.ctx.record("export", "return", period.label, fields=fields)
        return ExportedReturn(manifest, checksum, out_dir)

    def _signing_key(self) -> ed25519.Ed25519PrivateKey:
        repository = ReturnKeyRepository(self.ctx.conn)
        stored = repository.organisation_key()
        if stored is None:
            with self.ctx.write() as conn:
                ensure_organisation_key(conn, self._organisation(), self.ctx.today())
                self.ctx.record("create", "organisation_key")
            stored = repository.organisation_key()
            assert stored is not None
        return keys.signing_key_from_bytes(stored.private_key)

    def _organisation(self) -> str | None:
        return ReturnKeyRepository(self.ctx.conn).organisation_name()

    # --- keys ---------------------------------------------------------------------------------

    def _require_keys_view(self) -> None:
        actor = self.ctx.actor
        if not (allowed(actor, Action.EXPORT_RETURN) or allowed(actor, Action.MANAGE_SETTINGS)):
            raise PermissionDenied(Action.EXPORT_RETURN)

    def organisation_fingerprint(self) -> str:
        self._require_keys_view()
        return keys.fingerprint(self._signing_key().public_key())

    def organisation_public_key_pem(self) -> bytes:
        """The public half of the signing key, for commissioners to check returns with."""
        self._require_keys_view()
        return keys.public_key_pem(self._signing_key().public_key())

    def export_organisation_key(self, path: Path) -> str:
        """Write the organisation's public key (PEM) to ``path``; return its fingerprint."""
        pem = self.organisation_public_key_pem()
        fingerprint = self.organisation_fingerprint()
        if path.exists():
            raise ReturnRefused(f"{path} already exists; choose a new file name for the key.")
        atomic_write_bytes(path, pem)
        with self.ctx.write():
            self.ctx.record("export", "organisation_key", fingerprint)
        return fingerprint

    def commissioner_keys(self) -> list[CommissionerKey]:
        self._require_keys_view()
        return ReturnKeyRepository(self.ctx.conn).commissioner_keys()

    def find_commissioner_key(self, fingerprint: str) -> CommissionerKey | None:
        self._require_keys_view()
        return ReturnKeyRepository(self.ctx.conn).find_commissioner_key(fingerprint.strip())

    def import_commissioner_key(self, label: str, pem: bytes) -> CommissionerKey:
        """Add a commissioner's public key (an X25519 PEM file, from ``commissioner-keygen``)."""
        self.ctx.require(Action.MANAGE_SETTINGS)
        name = label.strip()
        if not name:
            raise ReturnRefused("Please give the key a name, such as the commissioner's.")
        if len(name) > LABEL_LIMIT:
            raise ReturnRefused(f"The name can be at most {LABEL_LIMIT} characters.")
        try:
            public = keys.load_commissioner_public_key(pem)
        except keys.KeyFileError:
            raise ReturnRefused(
                "That file isn't a commissioner's public key. Ask the commissioner for the "
                "file named commissioner.pub.pem."
            ) from None
        fingerprint = keys.fingerprint(public)
        text = keys.public_key_pem(public).decode("ascii")
        repository = ReturnKeyRepository(self.ctx.conn)
        with self.ctx.write():
            if repository.find_commissioner_key(fingerprint) is not None:
                raise ReturnRefused("That commissioner's key is already in the list.")
            key_id = repository.add_commissioner_key(
                name, text, fingerprint, self.ctx.today(), self.ctx.actor.username
            )
            self.ctx.record("create", "commissioner_key", fingerprint)
        found = repository.commissioner_key(key_id)
        assert found is not None
        return found

    def remove_commissioner_key(self, key_id: int) -> None:
        self.ctx.require(Action.MANAGE_SETTINGS)
        repository = ReturnKeyRepository(self.ctx.conn)
        with self.ctx.write():
            found = repository.commissioner_key(key_id)
            if found is None or not repository.remove_commissioner_key(key_id):
                raise NotFound("commissioner key")
            self.ctx.record("delete", "commissioner_key", found.fingerprint)


def _check_k(k: int) -> None:
    if k < MIN_K:
        raise ReturnRefused(
            f"The smallest count shown can't be set below {MIN_K}: smaller numbers could "
            "identify people."
        )
