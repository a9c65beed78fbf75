"""The one place errors are turned into words for a person.

Errors a person should read derive from :class:`UserFacingError` and carry their own plain
message. Anything else is a bug: the person is told their saved work is safe, and the log gets
the error's type and code location only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from survivorapp.domain.errors import UserFacingError
from survivorapp.logging_setup import describe_exception

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


class ErrorPresenter(QObject):
    """Errors become a calm message in the window's message bar (never a surprise dialog)."""

    message = Signal(str)

    def show(self, exc: BaseException) -> None:
        self.message.emit(message_for(exc))
