"""The commissioner's side of anonymised returns: keys, checking a return, merging returns.

A commissioner works outside every organisation and has no vault: these are files in, files
out. Key files that cannot be read raise ``KeyFileError``; a merge that cannot be done
raises ``MergeRefused`` naming the file and the reason; both are ``UserFacingError`` s, so
the command line shows their sentence and exit code. Organisations use
:func:`commissioner_key_fingerprint` to name the commissioner key a sealed return is for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from survivorapp.domain.errors import UserFacingError
from survivorapp.reporting import keys
from survivorapp.reporting.disclosure import DEFAULT_K
from survivorapp.reporting.keys import CommissionerKeyFiles, KeyFileError
from survivorapp.reporting.merge import MergeRefused, load_trusted_keys, merge
from survivorapp.reporting.signing import verify_return as verify_signed_return

__all__ = [
    "CommissionerKeyFiles",
    "KeyFileError",
    "MergeRefused",
    "MergedReturn",
    "ReturnCheck",
    "commissioner_key_fingerprint",
    "make_keys",
    "merge_returns",
    "verify_return",
]


@dataclass(frozen=True)
class ReturnCheck:
    """What checking one return folder found; ``ok`` only when nothing at all was wrong."""

    folder: Path
    problems: tuple[str, ...]
    key_fingerprint: str

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class MergedReturn:
    """What a merge wrote: which period, from how many organisations, and whether signed."""

    folder: Path
    period_label: str
    organisations: tuple[str, ...]
    signed: bool


def make_keys(out_dir: Path) -> CommissionerKeyFiles:
    """A new key pair for sealed returns, and one for signing merges, in a new folder."""
    return keys.generate_commissioner_keys(out_dir)


def verify_return(folder: Path, organisation_key_file: Path) -> ReturnCheck:
    """Check a return folder's signature and every file's checksum against the
    organisation's public key (a PEM file, as ``export-org-key`` writes it)."""
    key = keys.load_signing_public_key(organisation_key_file)
    report = verify_signed_return(folder, key)
    return ReturnCheck(folder, report.problems, keys.fingerprint(key))


def merge_returns(
    returns: Sequence[Path],
    private_key_file: Path,
    trust_dir: Path,
    out_dir: Path,
    *,
    k: int = DEFAULT_K,
    anonymise_organisations: bool = False,
    signing_key_file: Path | None = None,
    against: Sequence[Path] = (),
) -> MergedReturn:
    """Verify and open sealed returns, add them up, and write publication-level tables.

    The keys are read before anything else, so a wrong key file is reported before any
    return is opened.
    """
    key = keys.load_commissioner_private_key(private_key_file)
    signing = keys.load_signing_private_key(signing_key_file) if signing_key_file else None
    try:
        result = merge(
            returns,
            key,
            load_trusted_keys(trust_dir),
            out_dir,
            k=k,
            anonymise_organisations=anonymise_organisations,
            signing_key=signing,
            against=against,
        )
    except UserFacingError:
        raise
    except ValueError as exc:  # tables that passed the checks yet do not add up: refuse them
        raise MergeRefused(str(exc)) from None
    return MergedReturn(
        out_dir, result.merged.period.label, result.organisations, signing is not None
    )


def commissioner_key_fingerprint(public_key_file: Path) -> str:
    """The fingerprint of a commissioner's public key file, as it is read out to check it."""
    return keys.fingerprint(keys.load_commissioner_public_key(public_key_file))
