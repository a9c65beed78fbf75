"""The worked example of docs/vault-format.md, sections 18.4 and 19, recomputed by the code.

An independent program verifies the audit log from the document alone, so the document's
numbers must be the ones the code produces: this fails as soon as either drifts.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.vault.audit import GENESIS, AuditEntry, _mac, entry_body
from survivorapp.vault.audit_checkpoint import (
    MAX_BYTES,
    Checkpoint,
    CheckpointUnreadable,
    _message,
    read_checkpoint,
)
from survivorapp.vault.audit_keys import signed_message
from survivorapp.vault.user_keys import UserKeys

DOC = (Path(__file__).resolve().parents[2] / "docs" / "vault-format.md").read_text()
VAULT_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def _documented(label: str) -> str:
    match = re.search(rf"^{re.escape(label)}\s+([^=\s].*?)\s*$", DOC, re.MULTILINE)
    assert match, label
    return match.group(1)


def test_the_documented_chain_and_signatures_are_what_the_code_computes() -> None:
    data_key = bytes(range(32))
    info = f"survivorapp/v1/audit-chain|{VAULT_ID}".encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(data_key)
    assert key.hex() == _documented("audit key")
    keys = UserKeys(b"\x42" * 32)
    assert base64.b64encode(keys.public.signing).decode() == _documented("signing_public")
    assert base64.b64encode(keys.public.exchange).decode() == _documented("exchange_public")
    signer = keys.public.key_id
    assert signer == _documented("key id")
    first = AuditEntry(
        1, "2025-03-01T09:30:00.000+00:00", "Amira Khan", "register_key", "signing_key",
        f"Amira Khan/{signer}", None, (),
    )  # fmt: skip
    second = AuditEntry(
        2, "2025-03-01T09:30:01.250+00:00", "Amira Khan", "open", "case", None, "C-000001",
        ("notes", "safe_contact"),
    )  # fmt: skip
    prev = GENESIS
    for number, entry in ((1, first), (2, second)):
        body = entry_body(entry, signer)
        assert body == _documented(f"entry {number} body")
        mac = _mac(key, prev, body)
        assert mac == _documented(f"entry {number} mac")
        signature = keys.sign(signed_message(VAULT_ID, prev, body))
        assert base64.b64encode(signature).decode() == _documented(f"entry {number} signature")
        prev = mac
    checkpoint = Checkpoint(
        VAULT_ID, 2, prev, "2025-03-01T17:00:00+00:00", "Amira Khan", signer,
        keys.public.signing, b"",
    )  # fmt: skip
    checkpoint = replace(checkpoint, signature=keys.sign(_message(checkpoint.signed_part())))
    assert f'"signature": "{base64.b64encode(checkpoint.signature).decode()}"' in DOC
    assert _message(checkpoint.signed_part()).decode() in DOC
    assert checkpoint.signature_valid()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "format": st.just("survivorapp-audit-checkpoint") | st.text(),
        "version": st.just(1) | JSON,
        "vault_id": JSON,
        "entries": st.integers() | JSON,
        "head": JSON,
        "written": JSON,
        "principal": JSON,
        "signer": JSON,
        "signing_public": st.just("dnzXOa2YkG7O3H79ax5A/7tJdTIAOzQJ5I4k4nEVqWQ=") | JSON,
        "signature": JSON,
    },
)


@settings(max_examples=120, deadline=None)
@given(FIELDS | JSON)
def test_any_json_is_a_checkpoint_or_refused_as_unreadable(data: object) -> None:
    """A hostile checkpoint (or manifest) never raises anything but CheckpointUnreadable, and
    one that parses never verifies without a real signature."""
    try:
        parsed = Checkpoint.from_json(data)
    except CheckpointUnreadable:
        return
    assert not parsed.signature_valid()


def test_checkpoint_files_must_be_small_regular_files(tmp_path: Path) -> None:
    fifo, link, big = tmp_path / "fifo", tmp_path / "link", tmp_path / "big"
    os.mkfifo(fifo)  # would block a plain open() for reading forever
    link.symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_text("{}")
    big.write_bytes(b" " * (MAX_BYTES + 1))
    for path in (fifo, link, big, tmp_path / "missing"):
        with pytest.raises(CheckpointUnreadable):
            read_checkpoint(path)
