"""The typed set of what a write changed."""

from __future__ import annotations

import pytest

from survivorapp.ui.changes import Changes


def test_changes_combine_and_answer_by_kind() -> None:
    both = Changes(cases=True) | Changes(referrals=True)
    assert both == Changes(cases=True, referrals=True)
    assert both.touches("referrals", "feedback")
    assert not both.touches("feedback")
    assert both.kinds == {"cases", "referrals"}
    assert not Changes()
    with pytest.raises(ValueError, match="unknown"):
        both.touches("referral")
