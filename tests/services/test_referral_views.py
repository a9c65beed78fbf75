"""The referral screens' views: each read whole, in one transaction, as the actor sees it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import PermissionDenied
from survivorapp.services.referrals import OPEN_LIMIT
from tests.services.conftest import as_user
from tests.services.test_referrals import audit_rows, consent, open_case, referral


@pytest.fixture
def cw(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "cw")


def count_transactions(session: VaultSession, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many transactions the vault opens from now on (the vault itself is real)."""
    opened: list[int] = []
    vault = session.vault
    real = type(vault).transaction

    @contextmanager
    def counted(self: object) -> Iterator[object]:
        opened.append(1)
        with real(vault) as conn:
            yield conn

    monkeypatch.setattr(type(vault), "transaction", counted)
    return opened


def test_case_referrals_hold_records_consents_and_the_directory(
    cw: VaultSession, admin_session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = open_case(cw)
    consent(cw, reference)
    made = cw.referrals.make(referral(reference, on=30))
    admin_session.directory.add(
        DirectoryOrganisation("Camden Talking Therapies", "talking_therapies", None, None)
    )
    opened = count_transactions(cw, monkeypatch)

    view = cw.referrals.case_referrals(reference)

    assert len(opened) == 1
    assert view.reference == reference
    assert [r.referral.id for r in view.records] == [made.referral.id]
    assert [c.purpose for c in view.consents] == ["referral_named_agencies"]
    assert [o.name for o in view.directory] == ["Camden Talking Therapies"]
    assert audit_rows(cw)[-1][:3] == ("open", "referrals", reference)
    with pytest.raises(AttributeError):
        view.reference = "other"  # type: ignore[misc]


def test_case_referrals_follow_the_case_permissions(
    cw: VaultSession, admin_session: VaultSession
) -> None:
    reference = open_case(cw)
    before = audit_rows(cw)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw2").referrals.case_referrals(reference)
    assert audit_rows(cw) == before  # nothing is recorded as opened


def test_open_list_counts_follow_ups_with_the_setting_used(
    cw: VaultSession, admin_session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = open_case(cw)
    consent(cw, reference)
    cw.referrals.make(referral(reference, "talking_therapies", on=40))
    cw.referrals.make(referral(reference, "gp", on=2))
    assert cw.referrals.open_list(mine_only=False).follow_up_due == 1  # 14 days by default
    admin_session.settings.set("referral_follow_up_days", 2)
    opened = count_transactions(cw, monkeypatch)

    listed = cw.referrals.open_list(mine_only=False)

    assert len(opened) == 1
    assert [s.destination_type for s in listed.summaries] == ["talking_therapies", "gp"]
    assert listed.follow_up_days == 2
    assert listed.follow_up_due == 2  # the one made two days ago is now due too
    assert listed.limit == OPEN_LIMIT and not listed.at_limit
    narrowed = cw.referrals.open_list(mine_only=False, destination="gp")
    assert [s.destination_type for s in narrowed.summaries] == ["gp"]
    assert cw.referrals.open_list(waiting_longer_than=40).summaries == ()
