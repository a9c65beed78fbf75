"""The recovery key: readable groups, forgiving input, typos reported as typos."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.vault import vault as vault_ops
from survivorapp.vault.errors import RecoveryKeyNotRecognised, RecoveryKeyTypo
from survivorapp.vault.recovery import (
    ALPHABET,
    GROUPS,
    RAW_BYTES,
    format_recovery_key,
    generate_recovery_key,
    parse_recovery_key,
)
from tests.conftest import TemplateVault

raw_keys = st.binary(min_size=RAW_BYTES, max_size=RAW_BYTES)


def test_generated_key_has_eight_groups_of_five_readable_characters() -> None:
    raw, text = generate_recovery_key()
    groups = text.split("-")
    assert len(groups) == GROUPS == 8
    assert all(len(g) == 5 and set(g) <= set(ALPHABET) for g in groups)
    assert not set(text) & set("ILOU")
    assert parse_recovery_key(text) == raw
    assert generate_recovery_key()[0] != raw


@given(raw_keys)
def test_round_trip_of_any_20_byte_key(raw: bytes) -> None:
    assert parse_recovery_key(format_recovery_key(raw)) == raw


@given(raw_keys, st.data())
def test_forgiving_input_is_accepted(raw: bytes, data: st.DataObject) -> None:
    text = format_recovery_key(raw)
    spaced = text.replace("-", " ").lower()
    assert parse_recovery_key(spaced) == raw
    assert parse_recovery_key(text.replace("-", "")) == raw
    assert parse_recovery_key("  " + text.replace("0", "O").replace("1", "I") + "\n") == raw
    assert parse_recovery_key(text.replace("1", "l").lower()) == raw


@settings(max_examples=20, deadline=None)
@given(raw_keys)
def test_every_single_character_substitution_is_a_typo_in_that_group(raw: bytes) -> None:
    text = format_recovery_key(raw).replace("-", "")
    for position, original in enumerate(text):
        for replacement in ALPHABET:
            if replacement == original:
                continue
            typo = text[:position] + replacement + text[position + 1 :]
            with pytest.raises(RecoveryKeyTypo) as caught:
                parse_recovery_key(typo)
            assert caught.value.group_number == position // 5 + 1


def _luhn_blind_spot(a: str, b: str) -> bool:
    """Luhn mod 32 cannot see a swap of the characters worth 0 and 31 ('0' and 'Z')."""
    return {a, b} == {"0", "Z"}


@settings(max_examples=50, deadline=None)
@given(raw_keys)
def test_adjacent_swaps_within_a_group_are_typos(raw: bytes) -> None:
    text = format_recovery_key(raw).replace("-", "")
    for group in range(GROUPS):
        for offset in range(4):
            i = group * 5 + offset
            a, b = text[i], text[i + 1]
            if a == b or _luhn_blind_spot(a, b):
                continue
            swapped = text[:i] + b + a + text[i + 2 :]
            with pytest.raises(RecoveryKeyTypo) as caught:
                parse_recovery_key(swapped)
            assert caught.value.group_number == group + 1


def test_a_concrete_swapped_pair_names_its_group() -> None:
    raw = bytes(range(RAW_BYTES))
    groups = format_recovery_key(raw).split("-")
    g = groups[2]
    assert g[0] != g[1]
    groups[2] = g[1] + g[0] + g[2:]
    with pytest.raises(RecoveryKeyTypo) as caught:
        parse_recovery_key("-".join(groups))
    assert caught.value.group_number == 3
    assert "group 3" in caught.value.user_message


@given(raw_keys, st.integers(min_value=0, max_value=GROUPS - 1))
def test_a_missing_group_is_named(raw: bytes, missing: int) -> None:
    groups = format_recovery_key(raw).split("-")
    del groups[missing]
    with pytest.raises(RecoveryKeyTypo) as caught:
        parse_recovery_key("-".join(groups))
    assert caught.value.group_number == missing + 1
    assert f"group {missing + 1}" in caught.value.user_message


def test_two_groups_in_the_wrong_order_are_a_typo() -> None:
    groups = format_recovery_key(bytes(range(RAW_BYTES))).split("-")
    groups[0], groups[1] = groups[1], groups[0]
    with pytest.raises(RecoveryKeyTypo) as caught:
        parse_recovery_key("-".join(groups))
    assert caught.value.group_number == 1


@pytest.mark.parametrize("text", ["", "hello", "ABCDE-" * 9, "ÄBCDE-" * 8])
def test_garbage_is_a_typo_not_a_crash(text: str) -> None:
    with pytest.raises(RecoveryKeyTypo) as caught:
        parse_recovery_key(text)
    assert caught.value.user_message


def test_vault_reports_typo_and_wrong_key_differently(
    vault_dir: Path, template_vault: TemplateVault
) -> None:
    good = template_vault.recovery_key
    groups = good.split("-")
    changed = groups[4][:2] + ("A" if groups[4][2] != "A" else "B") + groups[4][3:]
    typo = "-".join([*groups[:4], changed, *groups[5:]])
    before = (vault_dir / "keyslots.json").read_bytes()

    with pytest.raises(RecoveryKeyTypo) as caught:
        vault_ops.unlock_with_recovery(vault_dir, typo)
    assert caught.value.group_number == 5
    with pytest.raises(RecoveryKeyTypo) as caught:
        vault_ops.unlock_with_recovery(vault_dir, "-".join(groups[:3] + groups[4:]))
    assert caught.value.group_number == 4

    _, other = generate_recovery_key()
    with pytest.raises(RecoveryKeyNotRecognised):
        vault_ops.unlock_with_recovery(vault_dir, other)

    forgiving = good.lower().replace("-", " ").replace("0", "o")
    with vault_ops.unlock_with_recovery(vault_dir, forgiving) as session:
        assert session.is_open
    assert (vault_dir / "keyslots.json").read_bytes() == before
