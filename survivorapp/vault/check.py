"""A full health check of an unlocked vault, for `survivorapp check` and the admin page.

It reads every page (SQLCipher's HMAC check, then SQLite's structural check), confirms the key
slots parse and are the ones survivorapp wrote (their commitments in the database), that the
schema is current, and reports what it found in plain words. It never
changes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from survivorapp.vault import keyslots, migrations, slot_commitments
from survivorapp.vault.connection import translated_errors
from survivorapp.vault.errors import VaultError
from survivorapp.vault.vault import UnlockedVault


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.items.append(CheckItem(name, ok, detail))


ExtraCheck = Callable[[UnlockedVault], CheckItem]


def check_vault(vault: UnlockedVault, extra: list[ExtraCheck] | None = None) -> CheckReport:
    report = CheckReport()
    conn = vault.connection
    try:
        with translated_errors():
            cipher_problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        report.add(
            "encrypted pages",
            not cipher_problems,
            "every page's authentication code is valid"
            if not cipher_problems
            else f"{len(cipher_problems)} damaged page(s), first: {cipher_problems[0][0]}",
        )
        with translated_errors():
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        report.add(
            "database structure",
            rows == ["ok"],
            "ok" if rows == ["ok"] else f"{len(rows)} problem(s), first: {rows[0]}",
        )
    except VaultError as exc:
        report.add("database", False, exc.user_message)
    version, latest = migrations.schema_version(conn), migrations.latest_version()
    report.add(
        "schema version",
        version == latest,
        f"version {version} (this program's latest is {latest})",
    )
    try:
        slots = keyslots.load(vault.slots_path)
        detail = f"{len(slots.users())} user slot(s), recovery slot " + (
            "present" if slots.recovery_slot() else "MISSING"
        )
        if slots.damaged:
            detail += f"; {len(slots.damaged)} damaged slot(s)"
        report.add("key slots", slots.recovery_slot() is not None and not slots.damaged, detail)
        _check_commitments(report, vault)
    except VaultError as exc:
        report.add("key slots", False, exc.user_message)
    for check in extra or []:
        report.items.append(check(vault))
    return report


def _check_commitments(report: CheckReport, vault: UnlockedVault) -> None:
    """Each slot as stored against the digest the database holds for it (the recovery slot
    too): catches a slot replaced or damaged even with its plain checksum recomputed."""
    problems = slot_commitments.problems(vault.connection, keyslots.stored_slots(vault.slots_path))
    report.add(
        "key slots match the database",
        not problems,
        "; ".join(problems) if problems else "every slot is the one survivorapp wrote",
    )
