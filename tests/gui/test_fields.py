"""The shared form helpers: buttons named for screen readers, and failures worded for a form."""

from __future__ import annotations

from survivorapp.domain.problems import Problem
from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.ui.errors import UNEXPECTED, problems_for
from survivorapp.ui.widgets.fields import action_button, problems_text


def test_a_button_that_opens_a_dialog_is_named_without_its_ellipsis(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = action_button("Update status…")
    qtbot.addWidget(button)
    assert (button.text(), button.accessibleName()) == ("Update status…", "Update status")
    named = action_button("Remove…", "Remove from the directory")
    qtbot.addWidget(named)
    assert named.accessibleName() == "Remove from the directory"


def test_a_failed_save_shows_each_problem_or_one_calm_message() -> None:
    problem = Problem("date", "The date can't be in the future.")
    assert problems_for(ValidationFailed([problem])) == [problem]
    assert problems_text(problems_for(ValidationFailed([problem]))) == (
        "• The date can't be in the future."
    )
    assert problems_for(NotFound("referral")).startswith("That referral could not be found")
    assert problems_for(RuntimeError("boom")) == UNEXPECTED  # never the error's own text
