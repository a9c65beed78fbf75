"""Every error a person reads derives from UserFacingError, says something, and leaks nothing.

The classes are found by importing every module outside the desktop app, so a new error class
is checked the day it is written: one that needs arguments must be given a sample below.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator

import pytest

import survivorapp
from survivorapp.domain.errors import EXIT_PROBLEMS, EXIT_REFUSED, EXIT_USAGE, UserFacingError
from survivorapp.domain.problems import Problem
from survivorapp.services.interchange.record_types import ImportProblem
from survivorapp.services.permissions import Action

CANARY = "Jane Canary-Doe"  # stands for case data: a name, a note, a field's value
SKIPPED_PACKAGES = ("survivorapp.ui", "survivorapp.app", "survivorapp.__main__")

SAMPLES: dict[str, Callable[[type[UserFacingError]], UserFacingError]] = {
    # Messages built from what a service knows: the canary must never come through.
    "ImportRejected": lambda cls: cls([ImportProblem(3, "record.name", f"'{CANARY}' is bad")]),
    "PermissionDenied": lambda cls: cls(Action.VIEW_CASE),
    "NotFound": lambda cls: cls("case"),
    "RecoveryKeyTypo": lambda cls: cls(7),
    "KeySlotsUnsupported": lambda cls: cls(99),
    "VaultInUse": lambda cls: cls("process 123 on this computer"),
    "UnlockDelayed": lambda cls: cls(90),
    "UnsafeFile": lambda cls: cls(
        "manifest.json is a pipe, not an ordinary file, so it was not read."
    ),
    # Messages that are the kind, field-by-field wording of validation (never a value).
    "ValidationFailed": lambda cls: cls([Problem("name", "Please give a name.")]),
    # Messages written where they are raised, one sentence each.
    "MergeRefused": lambda cls: cls("The return r1 was changed after signing."),
    "ReturnRefused": lambda cls: cls("The level must be internal, sealed or publication."),
    "BackupDamaged": lambda cls: cls("cases.db is shorter (cut off) than when it was taken"),
    "RestoreNeedsConfirmation": lambda cls: cls("A newer backup of this vault exists."),
}


def _modules() -> Iterator[str]:
    for info in pkgutil.walk_packages(survivorapp.__path__, "survivorapp."):
        if not info.name.startswith(SKIPPED_PACKAGES):
            yield info.name


def _subclasses(cls: type[UserFacingError]) -> Iterator[type[UserFacingError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def user_facing_classes() -> list[type[UserFacingError]]:
    for name in _modules():
        importlib.import_module(name)
    found = {c for c in _subclasses(UserFacingError) if c.__module__.startswith("survivorapp.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


CLASSES = user_facing_classes()


def make(cls: type[UserFacingError]) -> UserFacingError:
    sample = SAMPLES.get(cls.__name__)
    if sample is not None:
        return sample(cls)
    try:
        return cls()
    except TypeError:
        pytest.fail(f"{cls.__qualname__} needs arguments: add a sample to SAMPLES")


def test_the_errors_people_read_are_all_found() -> None:
    names = {c.__name__ for c in CLASSES}
    expected = {
        "VaultError",
        "CredentialsNotRecognised",
        "ValidationFailed",
        "NotFound",
        "PermissionDenied",
        "ImportRejected",
        "ReturnRefused",
        "VaultNotEmpty",
        "PeriodError",
        "KeyFileError",
        "MergeRefused",
        "OutputFolderError",
        "MalformedReturn",
        "SealError",
        "DisclosureParameterError",
        "UsageError",
        "Cancelled",
    }
    assert expected <= names, sorted(expected - names)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_every_error_has_a_plain_message_and_an_exit_code(cls: type[UserFacingError]) -> None:
    error = make(cls)
    message = error.user_message
    assert isinstance(message, str) and message.strip(), cls
    assert str(error) == message, "what a log or a test prints is what a person reads"
    assert message.rstrip()[-1] in ".!?)", message
    assert "\n" not in message and "Traceback" not in message
    assert " object at 0x" not in message and "None" not in message.split(), message
    assert CANARY not in message
    assert error.exit_code in (EXIT_PROBLEMS, EXIT_USAGE, EXIT_REFUSED)


@pytest.mark.parametrize(
    ("name", "exit_code"),
    [
        ("VaultError", EXIT_REFUSED),
        ("PermissionDenied", EXIT_REFUSED),
        ("NotFound", EXIT_REFUSED),
        ("ValidationFailed", EXIT_PROBLEMS),
        ("ImportRejected", EXIT_PROBLEMS),
        ("MergeRefused", EXIT_PROBLEMS),
        ("UsageError", EXIT_USAGE),
        ("ReturnRefused", EXIT_USAGE),
        ("VaultNotEmpty", EXIT_USAGE),
        ("KeyFileError", EXIT_USAGE),
        ("PeriodError", EXIT_USAGE),
        ("OutputFolderError", EXIT_USAGE),
        ("DisclosureParameterError", EXIT_USAGE),
    ],
)
def test_each_kind_of_error_means_its_readme_exit_code(name: str, exit_code: int) -> None:
    """README: 1 a check or import found problems, 2 usage error, 3 the vault refused."""
    [cls] = [c for c in CLASSES if c.__name__ == name]
    assert cls.exit_code == exit_code


def test_every_vault_error_means_the_vault_refused() -> None:
    vault_errors = [c for c in CLASSES if c.__module__ == "survivorapp.vault.errors"]
    assert len(vault_errors) > 10
    assert all(c.exit_code == EXIT_REFUSED for c in vault_errors)
