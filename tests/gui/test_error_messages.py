"""The desktop app's one error presenter: a person's sentence for their errors, calm words
for anything else, and nothing of the error's text in the log."""

from __future__ import annotations

import logging

import pytest

from survivorapp.domain.errors import UserFacingError
from survivorapp.services.errors import DiskFull
from survivorapp.services.permissions import Action, PermissionDenied
from survivorapp.ui.errors import UNEXPECTED, ErrorPresenter, message_for


class LooksUserFacing(Exception):
    """Carries a user_message but is not a UserFacingError: no longer trusted by shape."""

    user_message = "Robin Example's case note"


def test_errors_meant_for_people_show_their_own_sentence() -> None:
    assert message_for(DiskFull()) == DiskFull.user_message
    assert message_for(PermissionDenied(Action.EXPORT_RETURN)).startswith("Only managers")
    assert message_for(UserFacingError("Please choose a period.")) == "Please choose a period."


def test_anything_else_is_a_calm_general_message_and_logs_only_its_type(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="survivorapp.ui.errors"):
        assert message_for(LooksUserFacing("Robin Example")) == UNEXPECTED
        assert message_for(KeyError("S-000123")) == UNEXPECTED
    assert "LooksUserFacing" in caplog.text
    assert "Robin" not in caplog.text and "S-000123" not in caplog.text


def test_the_presenter_emits_the_message(qtbot: object) -> None:
    presenter = ErrorPresenter()
    shown: list[str] = []
    presenter.message.connect(shown.append)
    presenter.show(DiskFull())
    assert shown == [DiskFull.user_message]
