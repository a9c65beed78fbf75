"""The passphrase meter: a hard floor that matches the vault's, and advice that only grows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.passphrase_strength import LABELS, MAX_SCORE, MIN_LENGTH, assess
from survivorapp.vault.vault import MIN_PASSPHRASE_LENGTH, check_new_passphrase

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)


def test_the_minimum_length_is_the_vaults() -> None:
    assert MIN_LENGTH == MIN_PASSPHRASE_LENGTH


@pytest.mark.parametrize(
    ("passphrase", "user"),
    [
        ("", ""),
        ("short", ""),
        ("aaaaaaaaaa", ""),
        ("ababababab", ""),
        ("1234567890", ""),
        ("0987654321", ""),
        ("qwertyuiop", ""),
        ("password123", ""),
        ("Password2024!", ""),
        ("p@ssw0rd1234", ""),
        ("iloveyou123", ""),
        ("correct horse battery staple", ""),
        ("sam.jones2024", "sam.jones"),
        ("Sam.Jones", "sam.jones"),
        (" leading space words", ""),
        ("trailing space words ", ""),
    ],
)
def test_trivially_weak_passphrases_are_refused(passphrase: str, user: str) -> None:
    result = assess(passphrase, user)
    assert not result.acceptable
    assert result.score == 0
    assert result.hint


@pytest.mark.parametrize(
    "passphrase",
    ["purple elephant dancing quietly", "kettle morning lantern", "Xk9#mQ2$pLw"],
)
def test_unrelated_words_are_accepted_and_score_well(passphrase: str) -> None:
    result = assess(passphrase, "sam.jones")
    assert result.acceptable
    assert result.score >= 2
    assert result.label == LABELS[result.score]


def test_more_words_mean_a_higher_score() -> None:
    scores = [
        assess(p).score
        for p in (
            "sunflower7x",
            "blue kettle morning",
            "purple elephant dancing quietly",
            "purple elephant dancing quietly river",
        )
    ]
    assert scores == sorted(scores)
    assert scores[0] <= 1
    assert scores[-1] == MAX_SCORE


def test_hints_are_plain_and_kind() -> None:
    assert assess("tiger lily 1990").hint == "Add another word or two."
    assert "more character" in assess("abc").hint
    assert "user name" in assess("sam.jones.1", "sam.jones.1").hint


@given(st.text(max_size=MIN_LENGTH - 1), st.text(max_size=12))
def test_never_acceptable_below_the_minimum(passphrase: str, user: str) -> None:
    assert not assess(passphrase, user).acceptable


@given(st.text(max_size=40), WORDS)
def test_adding_a_word_never_lowers_the_score(passphrase: str, word: str) -> None:
    before = assess(passphrase)
    after = assess(f"{passphrase} {word}")
    assert after.score >= before.score
    assert 0 <= after.score <= MAX_SCORE


@given(st.text(max_size=40), st.text(max_size=12))
def test_acceptable_means_the_vault_accepts_it_too(passphrase: str, user: str) -> None:
    if assess(passphrase, user).acceptable:
        check_new_passphrase(passphrase)  # raises InvalidPassphrase below the vault's minimum
