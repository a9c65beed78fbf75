"""The one place errors are turned into words for a person.

Errors a person should read derive from :class:`UserFacingError` and carry their own plain
message. Anything else is a bug: the person is told their saved work is safe, and the log gets
the error's type and code location only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from survivorapp.domain.errors import UserFacingError
from survivorapp.domain.problems import Problem
from survivorapp.logging_setup import describe_exception
from survivorapp.services.context import ValidationFailed

LOG = logging.getLogger("survivorapp.ui.errors")
UNEXPECTED = (
    "Something unexpected went wrong. Everything saved before is safe. "
    "If it happens again, tell your administrator."
)


def message_for(exc: BaseException) -> str:
    if isinstance(exc, UserFacingError) and exc.user_message:
        return exc.user_message
    LOG.error("unexpected %s", describe_exception(type(exc), exc.__traceback__))
    return UNEXPECTED


def problems_for(exc: BaseException) -> list[Problem] | str:
    """What a form shows when saving failed: the problems field by field where the service
    named them (a validation failure), else the error's one calm message."""
    if isinstance(exc, ValidationFailed) and exc.problems:
        return list(exc.problems)
    return message_for(exc)


class ErrorPresenter(QObject):
    """Errors become a calm message in the window's message bar (never a surprise dialog)."""

    message = Signal(str)

    def show(self, exc: BaseException) -> None:
        self.message.emit(message_for(exc))
