"""The one base class for errors a person should read.

A :class:`UserFacingError` carries a calm, plain sentence (``user_message``) and the command
line's exit code, so the desktop app shows the sentence and the CLI maps the error to its exit
code in one place each, instead of guessing from attributes. Anything that is not one of these is
a bug: the person is told their saved work is safe and the log gets the error's type only.
"""

from __future__ import annotations

#: Exit codes of the command line (README, "Exit codes").
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3


class UserFacingError(Exception):
    """An error whose message is safe and useful to show: never any case data in it."""

    user_message: str = "That could not be done."
    exit_code: int = EXIT_PROBLEMS

    def __init__(self, user_message: str | None = None, *args: object) -> None:
        if user_message is not None:
            self.user_message = user_message
        super().__init__(user_message or self.user_message, *args)
