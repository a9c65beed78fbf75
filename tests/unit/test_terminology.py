"""The organisation's word replaces "survivor" everywhere except in the product's own names."""

from __future__ import annotations

import pytest

from survivorapp.ui.app.terminology import apply_terminology


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("About the survivor", "client", "About the client"),
        ("Survivor's wishes", "client", "Client's wishes"),
        (
            "Record the survivor's wishes…",
            "victim-survivor",
            "Record the victim-survivor's wishes…",
        ),
        ("Survivors supported", "client", "Clients supported"),
        (
            "Questionnaires answered in survivor mode.",
            "client",
            "Questionnaires answered in survivor mode.",
        ),
        ("Set up survivorapp", "client", "Set up survivorapp"),
        ("About the survivor", "survivor", "About the survivor"),
        ("About the survivor", "nonsense", "About the survivor"),
    ],
)
def test_the_word_is_replaced_only_where_it_names_a_person(
    text: str, term: str, expected: str
) -> None:
    assert apply_terminology(text, term) == expected


def test_the_translator_leaves_other_text_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    """Qt takes an empty string from a translator as a real (blank) translation."""
    from PySide6.QtCore import QCoreApplication

    from survivorapp.ui.app.terminology import TerminologyTranslator

    for term in ("survivor", "client"):
        translator = TerminologyTranslator(term)
        qapp.installTranslator(translator)
        try:
            assert QCoreApplication.translate("Any", "Log a session") == "Log a session"
            assert QCoreApplication.translate("Any", "About the survivor").endswith(term)
        finally:
            qapp.removeTranslator(translator)
