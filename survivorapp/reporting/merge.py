"""A commissioner's merge: open many organisations' sealed returns, add them up, publish.

Each sealed return is checked before anything is read from it: its manifest must be signed by
a key in the commissioner's trust folder, every file must match its checksum, and it must be
sealed to this commissioner's key. Then all of them must be for the same period and schema
version, from different organisations, with the same tables. Any failure refuses the whole
merge with one plain sentence naming the file, because a merged table with one bad input is
worse than none.

The exact tables are summed (counts cell by cell, waiting-time distributions value by value),
and only the merged figures go through publication-level disclosure control: an area-wide
table can show what no single organisation's table could. A summed table keeps its cells'
links to other tables (linked cells hold the same count in every return, so their sums do
too); tables whose links differ between returns are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from survivorapp.domain.errors import EXIT_PROBLEMS, UserFacingError
from survivorapp.domain.safe_input import UnsafeFile, read_regular
from survivorapp.reporting.disclosure import DEFAULT_BASE, DEFAULT_K, check_parameters
from survivorapp.reporting.export import MergeInfo, write_folder
from survivorapp.reporting.keys import KeyFileError, fingerprint, load_signing_public_key
from survivorapp.reporting.manifest import MAX_RETURN_FILE_BYTES, Manifest
from survivorapp.reporting.model import CountTable, Level, Return, StatTable, Table
from survivorapp.reporting.sealing import SEALED_FILE, SealError, unseal
from survivorapp.reporting.serialise import MalformedReturn
from survivorapp.reporting.signing import read_manifest, verify_return


class MergeRefused(UserFacingError):
    """The merge was refused; ``reason`` is one sentence naming the file and the reason."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Nothing was merged. {reason}")


@dataclass(frozen=True)
class OpenedReturn:
    path: Path
    organisation: str
    ret: Return


@dataclass(frozen=True)
class MergeResult:
    merged: Return
    manifest: Manifest
    organisations: tuple[str, ...]


def load_trusted_keys(folder: Path) -> dict[str, ed25519.Ed25519PublicKey]:
    """Every organisation public key (``*.pem``) in the trust folder, by fingerprint."""
    if not folder.is_dir():
        raise MergeRefused(f"The trust folder {folder} does not exist.")
    keys: dict[str, ed25519.Ed25519PublicKey] = {}
    for path in sorted(folder.glob("*.pem")):
        try:
            key = load_signing_public_key(path)
        except KeyFileError as exc:
            raise MergeRefused(f"In the trust folder: {exc}") from None
        keys[fingerprint(key)] = key
    if not keys:
        raise MergeRefused(f"The trust folder {folder} holds no organisation keys (*.pem).")
    return keys


def open_sealed_return(
    folder: Path,
    commissioner_key: x25519.X25519PrivateKey,
    trusted: Mapping[str, ed25519.Ed25519PublicKey],
) -> OpenedReturn:
    """Verify one sealed return against the trust folder, then decrypt it."""
    name = str(folder)
    try:
        manifest = read_manifest(folder)
        level = manifest.level
    except (MalformedReturn, ValueError, KeyError) as exc:
        raise MergeRefused(f"{name}: {exc}") from None
    if level is not Level.SEALED:
        raise MergeRefused(f"{name} is not a sealed return (its level is {level.value}).")
    organisation = manifest.organisation
    if organisation is None or organisation not in trusted:
        raise MergeRefused(
            f"{name} is signed by key {organisation}, which is not in the trust folder."
        )
    report = verify_return(folder, trusted[organisation])
    if not report.ok:
        raise MergeRefused(f"{name} failed verification: {' '.join(report.problems)}")
    mine = fingerprint(commissioner_key.public_key())
    if manifest.sealed_for != mine:
        raise MergeRefused(
            f"{name} was sealed for commissioner key {manifest.sealed_for}, not this key ({mine})."
        )
    try:
        ret = unseal(
            read_regular(folder / SEALED_FILE, MAX_RETURN_FILE_BYTES),
            commissioner_key,
            schema_version=manifest.schema_version,
            period=manifest.period,
            organisation_key=organisation,
        )
    except (SealError, MalformedReturn, UnsafeFile, OSError) as exc:
        raise MergeRefused(f"{name}: {_why(exc)}") from None
    return OpenedReturn(folder, organisation, ret)


def _why(exc: Exception) -> str:
    if isinstance(exc, UnsafeFile | MalformedReturn):
        return exc.user_message
    if isinstance(exc, OSError):
        return f"{SEALED_FILE} can't be read ({exc.strerror})."
    return str(exc)


def check_compatible(opened: Sequence[OpenedReturn]) -> None:
    """Same period, same schema version, no organisation twice, the same tables."""
    if not opened:
        raise MergeRefused("No returns were given to merge.")
    first = opened[0]
    seen: dict[str, Path] = {}
    for item in opened:
        if item.ret.period != first.ret.period:
            raise MergeRefused(
                f"{item.path} is for period {item.ret.period.label}, but {first.path} is for "
                f"{first.ret.period.label}; only returns for the same period can be merged."
            )
        if item.ret.schema_version != first.ret.schema_version:
            raise MergeRefused(
                f"{item.path} uses return schema version {item.ret.schema_version}, but "
                f"{first.path} uses {first.ret.schema_version}."
            )
        if item.organisation in seen:
            raise MergeRefused(
                f"{item.path} and {seen[item.organisation]} come from the same organisation "
                f"(key {item.organisation}); each organisation may be counted once."
            )
        seen[item.organisation] = item.path
        ids = [t.id for t in item.ret.tables]
        if ids != [t.id for t in first.ret.tables]:
            raise MergeRefused(f"{item.path} does not have the same tables as {first.path}.")


def sum_returns(returns: Sequence[Return], organisations: Sequence[str] = ()) -> Return:
    """The cell-by-cell sum of returns with the same tables (check_compatible first)."""
    first = returns[0]
    tables = list(first.tables)
    for ret in returns[1:]:
        tables = [_add(a, b) for a, b in zip(tables, ret.tables, strict=True)]
    return Return(
        period=first.period,
        tables=tuple(tables),
        excluded_for_consent=sum(r.excluded_for_consent for r in returns),
        schema_version=first.schema_version,
        organisations=tuple(organisations),
    )


def _add(a: Table, b: Table) -> Table:
    if isinstance(a, CountTable) and isinstance(b, CountTable):
        same = (a.rows, a.columns, a.additive, a.total_group) == (
            b.rows,
            b.columns,
            b.additive,
            b.total_group,
        )
        if not same:
            raise MergeRefused(f"The table {a.id} has different categories in two returns.")
        if _links(a) != _links(b):
            # Summing is safe only when both say the same cells are the same quantity; a
            # link one organisation's table lacks cannot be assumed for its figures.
            raise MergeRefused(
                f"The table {a.id} links its cells to other tables differently in two returns."
            )
        counts = tuple(
            tuple(x + y for x, y in zip(ra, rb, strict=True))
            for ra, rb in zip(a.counts, b.counts, strict=True)
        )
        return replace(a, counts=counts, total=a.total + b.total)
    if isinstance(a, StatTable) and isinstance(b, StatTable):
        if (a.rows, a.statistics) != (b.rows, b.statistics):
            raise MergeRefused(f"The table {a.id} has different categories in two returns.")
        sums = tuple(x + y for x, y in zip(a.distributions, b.distributions, strict=True))
        return replace(a, distributions=sums)
    raise MergeRefused(f"The table {a.id} is a different kind of table in two returns.")


def _links(table: CountTable) -> tuple[object, ...]:
    return (table.cell_keys, table.row_total_keys, table.rows_sum_to_total)


def merge(
    paths: Sequence[Path],
    commissioner_key: x25519.X25519PrivateKey,
    trusted: Mapping[str, ed25519.Ed25519PublicKey],
    out_dir: Path,
    *,
    k: int = DEFAULT_K,
    base: int = DEFAULT_BASE,
    anonymise_organisations: bool = False,
    signing_key: ed25519.Ed25519PrivateKey | None = None,
) -> MergeResult:
    """Verify, open, check and sum the returns, then write the publication-level output."""
    check_parameters(k, base)
    opened = [open_sealed_return(path, commissioner_key, trusted) for path in paths]
    check_compatible(opened)
    organisations = tuple(sorted(item.organisation for item in opened))
    merged = sum_returns(
        [item.ret for item in opened], () if anonymise_organisations else organisations
    )
    manifest = write_folder(
        merged,
        Level.PUBLICATION,
        out_dir,
        signing_key,
        k,
        base,
        None,
        merge=MergeInfo(organisations, anonymise_organisations, len(opened)),
    )
    return MergeResult(merged, manifest, organisations)
