"""The signed audit log: what signing costs per entry, and how long ``check`` takes to verify.

Each entry costs one Ed25519 signature when written and one verification (plus its HMAC) when
``check`` walks the chain; the walk is linear, so the time for a larger log is the per-entry
figure times its length.
"""

from __future__ import annotations

from benchmarks.common import Context, Row, time_once
from survivorapp.vault.audit import AuditLog, register_key
from survivorapp.vault.create import create_vault
from survivorapp.vault.kdf import KdfParams


def run(ctx: Context) -> list[Row]:
    entries = 2_000 if ctx.quick else 20_000
    with ctx.scratch("audit") as scratch:
        vault = create_vault(
            scratch / "vault", "admin", "a benchmark passphrase", kdf_params=KdfParams()
        ).vault
        try:
            log = AuditLog(
                vault.connection,
                vault.derive_subkey("audit-chain"),
                vault.vault_id,
                lambda: vault.user_keys,
            )

            def append_all() -> None:
                with vault.transaction():
                    register_key(log, "admin", "admin", vault.user_keys.public)
                    for i in range(entries):
                        log.append("admin", "open", "case", case_ref=f"C-{i:06d}")

            appended = time_once(append_all)
            report = None

            def verify() -> None:
                nonlocal report
                report = log.verify()

            verified = time_once(verify)
            assert report is not None and report.ok
        finally:
            vault.lock()
    per_append, per_verify = appended / entries * 1e6, verified / entries * 1e6
    note = f"{entries} entries in one transaction"
    return [
        Row("audit entry: append (HMAC + Ed25519 sign)", round(per_append), "us", "-", note),
        Row("audit entry: verify (HMAC + Ed25519 verify)", round(per_verify), "us", "-", note),
        Row(
            "check: verify a 100,000-entry log (extrapolated)",
            round(per_verify * 100_000 / 1e6, 1),
            "s",
            "-",
            "linear in the number of entries",
        ),
    ]
