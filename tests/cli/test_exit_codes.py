"""The command line turns each kind of error into its exit code and its words in one place.

These run the handler in-process with a command that raises, one kind at a time; the
subprocess tests beside this file show the same codes from real commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import pytest

from survivorapp.cli import run_command
from survivorapp.cli.io import UsageError
from survivorapp.domain.errors import UserFacingError
from survivorapp.domain.problems import Problem
from survivorapp.domain.progress import Cancelled
from survivorapp.reporting.disclosure import DisclosureParameterError
from survivorapp.reporting.export import OutputFolderError
from survivorapp.reporting.keys import KeyFileError
from survivorapp.reporting.merge import MergeRefused
from survivorapp.reporting.periods import PeriodError
from survivorapp.services.access import VaultAccess
from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.services.interchange.record_types import ImportProblem
from survivorapp.services.interchange.service import ImportRejected
from survivorapp.services.permissions import Action, PermissionDenied
from survivorapp.services.returns import ReturnRefused
from survivorapp.services.synthetic.populate import VaultNotEmpty
from survivorapp.vault.errors import CredentialsNotRecognised, DatabaseDamaged

ERRORS: list[tuple[BaseException, int]] = [
    (CredentialsNotRecognised(), 3),
    (DatabaseDamaged(), 3),
    (PermissionDenied(Action.EXPORT_RECORDS), 3),
    (NotFound("commissioner key"), 3),
    (ValidationFailed([Problem("name", "Please give a name.")]), 1),
    (MergeRefused("r1 failed verification."), 1),
    (Cancelled(), 1),
    (UsageError("There is no file at x.jsonl."), 2),
    (ReturnRefused("2031-Q1 has not ended yet."), 2),
    (VaultNotEmpty(), 2),
    (KeyFileError("k.pem is not a PEM public key."), 2),
    (PeriodError("2026-Q9 is not a reporting period."), 2),
    (OutputFolderError("out is not an empty folder."), 2),
    (DisclosureParameterError("k = 3 is refused."), 2),
]


def raising(error: BaseException) -> Callable[[argparse.Namespace, VaultAccess], int]:
    def command(args: argparse.Namespace, access: VaultAccess) -> int:
        raise error

    return command


def run(error: BaseException, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_command(raising(error), argparse.Namespace(), VaultAccess())
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("error", "code"), ERRORS, ids=lambda e: type(e).__name__)
def test_each_error_is_one_sentence_on_stderr_and_its_exit_code(
    error: UserFacingError, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run(error, capsys)
    assert got == code == error.exit_code
    assert out == ""
    assert err == error.user_message + "\n"


def test_a_rejected_import_lists_its_problems_on_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    problems = [ImportProblem(2, "record.service_line", "'x' isn't one of the codes.")]
    code, out, err = run(ImportRejected(problems), capsys)
    assert code == 1
    assert out.splitlines() == [str(problems[0]), "Nothing was imported."]
    assert err == ""


def test_stopping_with_ctrl_c_is_a_usage_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(KeyboardInterrupt(), capsys) == (2, "", "Stopped.\n")


def test_a_bug_is_not_dressed_up_as_a_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    """Only errors meant for people are mapped; anything else reaches the crash handler."""
    with pytest.raises(ZeroDivisionError):
        run(ZeroDivisionError(), capsys)


def test_a_command_that_succeeds_returns_its_own_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_command(lambda args, access: 0, argparse.Namespace(), VaultAccess()) == 0
    assert capsys.readouterr() == ("", "")
