"""The scoring engine against hand-scored examples for every shipped instrument.

Each example was worked out by hand from the paper form's rules and the missing-item rule in
the instrument's file (docs/instruments.md): no question missing; the most that can be
pro-rated; one more than that (not scorable); every question "prefer not to answer"; and
the band boundaries. A further instrument, shaped like a licensed one a service would import,
covers reverse-scored items, mean scores and sums that are not pro-rated.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.questionnaires.instruments import (
    Instrument,
    load_instrument,
    shipped_instruments,
)
from survivorapp.domain.questionnaires.scoring import (
    DECLINED,
    NotScorable,
    Score,
    raised_flags,
    score,
)

SHIPPED = shipped_instruments()
PHQ9 = SHIPPED.get("phq9", 1)
GAD7 = SHIPPED.get("gad7", 1)
PCL5 = SHIPPED.get("pcl5", 1)
COVERED = {"phq9", "gad7", "pcl5", "service_feedback_exit", "service_feedback_session"}


def answers(prefix: str, values: list[Any], start: int = 1) -> dict[str, Any]:
    """{prefix_1: v1, prefix_2: v2, ...}; a None value leaves that question out (skipped)."""
    return {f"{prefix}_{i}": v for i, v in enumerate(values, start=start) if v is not None}


def scored(instrument: Instrument, responses: dict[str, Any]) -> Score:
    result = score(instrument, responses)
    assert isinstance(result, Score), result
    return result


def not_scorable(instrument: Instrument, responses: dict[str, Any]) -> NotScorable:
    result = score(instrument, responses)
    assert isinstance(result, NotScorable), result
    return result


def test_every_shipped_instrument_has_hand_scored_examples_here() -> None:
    assert {i.id for i in SHIPPED.latest()} == COVERED


# --- PHQ-9: sum of items 1-9 (0-27), pro-rated with at most 1 missing --------------------------


def test_phq9_nothing_missing() -> None:
    # 1+2+0+3+1+0+2+1+0 = 10
    result = scored(PHQ9, answers("phq9", [1, 2, 0, 3, 1, 0, 2, 1, 0]))
    assert (result.total, result.prorated, result.answered, result.missing) == (10, False, 9, 0)
    assert result.band is not None and result.band.code == "moderate"


def test_phq9_difficulty_question_is_asked_but_not_scored() -> None:
    base = answers("phq9", [1, 2, 0, 3, 1, 0, 2, 1, 0])
    assert scored(PHQ9, {**base, "phq9_10": 3}).total == 10


def test_phq9_one_missing_is_pro_rated() -> None:
    # question 9 skipped: 1+2+0+3+1+0+2+1 = 10 over 8 answered; 10 * 9 / 8 = 11.25 -> 11
    result = scored(PHQ9, answers("phq9", [1, 2, 0, 3, 1, 0, 2, 1, None]))
    assert (result.total, result.prorated, result.missing) == (11, True, 1)
    assert result.band is not None and result.band.code == "moderate"


def test_phq9_pro_rating_rounds_half_up() -> None:
    # 12 over 8 answered: 12 * 9 / 8 = 13.5 -> 14
    assert scored(PHQ9, answers("phq9", [2, 2, 2, 2, 1, 1, 1, 1, None])).total == 14
    # 4 over 8 answered: 4 * 9 / 8 = 4.5 -> 5 (half up, as by hand; Python's round() gives 4),
    # which moves it from minimal to mild
    result = scored(PHQ9, answers("phq9", [1, 1, 1, 1, 0, 0, 0, None, 0]))
    assert result.total == 5
    assert result.band is not None and result.band.code == "mild"


def test_phq9_prefer_not_to_answer_counts_as_missing() -> None:
    result = scored(PHQ9, answers("phq9", [1, 2, 0, 3, 1, 0, 2, 1, DECLINED]))
    assert (result.total, result.prorated) == (11, True)


def test_phq9_two_missing_is_not_scorable() -> None:
    result = not_scorable(PHQ9, answers("phq9", [1, 2, 0, 3, 1, 0, 2, None, DECLINED]))
    assert (result.answered, result.missing) == (7, 2)
    assert "2 of the 9 questions have no answer" in result.reason
    assert "at least 8" in result.reason


def test_phq9_all_declined_is_not_scorable() -> None:
    result = not_scorable(PHQ9, answers("phq9", [DECLINED] * 10))
    assert (result.answered, result.missing) == (0, 9)
    assert "None of the questions" in result.reason


def test_phq9_nothing_answered_is_not_scorable() -> None:
    assert not_scorable(PHQ9, {}).missing == 9


def test_phq9_an_answer_that_is_not_an_option_counts_as_missing() -> None:
    result = scored(PHQ9, answers("phq9", [1, 2, 0, 3, 1, 0, 2, 1, 7]))
    assert (result.total, result.missing) == (11, 1)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_at_their_boundaries(total: int, band: str) -> None:
    values = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    values += [0] * (9 - len(values))
    result = scored(PHQ9, answers("phq9", values))
    assert result.total == total
    assert result.band is not None and result.band.code == band


def test_phq9_item_9_above_zero_raises_the_safeguarding_flag() -> None:
    for value, expected in ((0, ()), (1, ("phq9_self_harm",)), (3, ("phq9_self_harm",))):
        responses = answers("phq9", [0, 0, 0, 0, 0, 0, 0, 0, value])
        flags = raised_flags(PHQ9, responses, score(PHQ9, responses))
        assert tuple(f.id for f in flags) == expected
    assert "safety" in str(PHQ9.flags[0].message)


def test_phq9_flag_needs_a_real_answer_and_is_raised_even_when_not_scorable() -> None:
    declined = answers("phq9", [0] * 8 + [DECLINED])
    assert raised_flags(PHQ9, declined, score(PHQ9, declined)) == ()
    sparse = {"phq9_9": 2}
    assert isinstance(score(PHQ9, sparse), NotScorable)
    assert [f.id for f in raised_flags(PHQ9, sparse, score(PHQ9, sparse))] == ["phq9_self_harm"]


# --- GAD-7: sum of 7 items (0-21), pro-rated with at most 1 missing ----------------------------


def test_gad7_nothing_missing() -> None:
    result = scored(GAD7, answers("gad7", [3, 3, 3, 3, 3, 3, 3]))
    assert (result.total, result.prorated) == (21, False)
    assert result.band is not None and result.band.code == "severe"


def test_gad7_one_missing_is_pro_rated() -> None:
    # 2+2+2+2+2+1 = 11 over 6 answered; 11 * 7 / 6 = 12.83 -> 13
    result = scored(GAD7, answers("gad7", [2, 2, 2, None, 2, 2, 1]))
    assert (result.total, result.prorated, result.missing) == (13, True, 1)
    assert result.band is not None and result.band.code == "moderate"


def test_gad7_two_missing_is_not_scorable() -> None:
    result = not_scorable(GAD7, answers("gad7", [2, DECLINED, 2, None, 2, 2, 1]))
    assert (result.answered, result.missing) == (5, 2)


def test_gad7_all_declined_is_not_scorable() -> None:
    assert not_scorable(GAD7, answers("gad7", [DECLINED] * 7)).answered == 0


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "severe"), (21, "severe")],
)  # fmt: skip
def test_gad7_bands_at_their_boundaries(total: int, band: str) -> None:
    values = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    values += [0] * (7 - len(values))
    result = scored(GAD7, answers("gad7", values))
    assert (result.total, result.band and result.band.code) == (total, band)


def test_gad7_has_no_flags() -> None:
    responses = answers("gad7", [3] * 7)
    assert raised_flags(GAD7, responses, score(GAD7, responses)) == ()


# --- PCL-5: sum of 20 items (0-80), DSM-5 clusters, pro-rated with at most 2 missing -----------


def test_pcl5_nothing_missing_with_cluster_scores() -> None:
    result = scored(PCL5, answers("pcl5", [2] * 20))
    assert (result.total, result.prorated) == (40, False)
    assert result.band is not None and result.band.code == "at_or_above_cut_point"
    assert result.subscales == {
        "intrusion": 10,  # B: items 1-5
        "avoidance": 4,  # C: items 6-7
        "cognition_mood": 14,  # D: items 8-14
        "arousal_reactivity": 12,  # E: items 15-20
    }


def test_pcl5_two_missing_is_pro_rated_and_clusters_follow_their_own_rule() -> None:
    values: list[Any] = [2] * 20
    values[0] = None  # item 1 (cluster B) skipped
    values[5] = DECLINED  # item 6 (cluster C) prefer not to answer
    result = scored(PCL5, answers("pcl5", values))
    # 18 answers of 2 = 36; 36 * 20 / 18 = 40
    assert (result.total, result.prorated, result.missing) == (40, True, 2)
    # B: 8 over 4 answered, 8 * 5 / 4 = 10; C needs both items; D and E complete
    assert result.subscales == {
        "intrusion": 10,
        "avoidance": None,
        "cognition_mood": 14,
        "arousal_reactivity": 12,
    }


def test_pcl5_pro_rating_rounds_half_up() -> None:
    # 18 answered summing 31: 31 * 20 / 18 = 34.44 -> 34
    values: list[Any] = [2] * 13 + [1] * 5 + [None, None]
    result = scored(PCL5, answers("pcl5", values))
    assert result.total == 34


def test_pcl5_three_missing_is_not_scorable() -> None:
    values: list[Any] = [4] * 17 + [None, DECLINED, None]
    result = not_scorable(PCL5, answers("pcl5", values))
    assert (result.answered, result.missing) == (17, 3)
    assert "at least 18" in result.reason


def test_pcl5_all_declined_is_not_scorable() -> None:
    assert not_scorable(PCL5, answers("pcl5", [DECLINED] * 20)).missing == 20


@pytest.mark.parametrize(
    ("total", "band"), [(0, "below_cut_point"), (32, "below_cut_point"),
                        (33, "at_or_above_cut_point"), (80, "at_or_above_cut_point")]
)  # fmt: skip
def test_pcl5_bands_at_the_cut_point(total: int, band: str) -> None:
    values = [4] * (total // 4) + ([total % 4] if total % 4 else [])
    values += [0] * (20 - len(values))
    result = scored(PCL5, answers("pcl5", values))
    assert (result.total, result.band and result.band.code) == (total, band)
    assert PCL5.scoring is not None and PCL5.scoring.cut_point is not None
    assert PCL5.scoring.cut_point.value == 33


def test_meaningful_change_values() -> None:
    rules = [SHIPPED.get(i).scoring for i in ("phq9", "gad7", "pcl5")]
    assert [r.meaningful_change for r in rules if r is not None] == [5, 4, 10]


# --- our own service feedback: counted, never scored ---------------------------------------------


@pytest.mark.parametrize("instrument_id", ["service_feedback_exit", "service_feedback_session"])
def test_service_feedback_has_no_score_whatever_the_answers(instrument_id: str) -> None:
    instrument = SHIPPED.get(instrument_id)
    full = {i.id: (5 if i.is_choice else "Thank you") for i in instrument.items}
    for responses in (full, {}, {i.id: DECLINED for i in instrument.items}):
        assert score(instrument, responses) is None
        assert raised_flags(instrument, responses, None) == ()


# --- reverse scoring, means, sums without pro-rating (an imported-style instrument) ------------


def licensed_style(method: str = "sum", prorate: bool = True, max_missing: int = 1) -> Instrument:
    """Four 1-5 statements, the second reverse-scored: like a licensed wellbeing scale."""
    scale = [{"value": v, "label": f"Option {v}"} for v in range(1, 6)]
    return load_instrument(
        {
            "format": "survivorapp-instrument",
            "format_version": 1,
            "id": "wellbeing_example",
            "version": 1,
            "kind": "outcome_measure",
            "title": "Example wellbeing scale",
            "introduction": "Example",
            "languages": ["en"],
            "scales": {"five": scale},
            "items": [
                {"id": f"w{i}", "text": f"Statement {i}", "scale": "five", "reverse_scored": i == 2}
                for i in range(1, 5)
            ],
            "scoring": {
                "total": {
                    "method": method,
                    "items": ["w1", "w2", "w3", "w4"],
                    "missing": {"max_missing": max_missing, "prorate": prorate},
                    "direction": "higher_is_better",
                    "meaningful_change": 3,
                }
            },
            "licence": {"name": "Example", "attribution": "Example only"},
        },
        origin="imported",
    )


def test_reverse_scored_item_counts_the_other_way() -> None:
    scale = licensed_style()
    # w2 = 1 reversed on a 1-5 scale is 5: 5 + 5 + 5 + 5 = 20
    assert scored(scale, {"w1": 5, "w2": 1, "w3": 5, "w4": 5}).total == 20
    # w2 = 4 reversed is 2: 3 + 2 + 3 + 3 = 11
    assert scored(scale, {"w1": 3, "w2": 4, "w3": 3, "w4": 3}).total == 11


def test_reverse_scored_item_missing_is_pro_rated_from_the_others() -> None:
    # w2 skipped: 4 + 4 + 5 = 13 over 3; 13 * 4 / 3 = 17.33 -> 17
    assert scored(licensed_style(), {"w1": 4, "w3": 4, "w4": 5}).total == 17


def test_mean_score_with_a_reversed_item() -> None:
    scale = licensed_style(method="mean")
    # 4, (6 - 2 = 4), 5, 3 -> 16 / 4 = 4.0
    assert scored(scale, {"w1": 4, "w2": 2, "w3": 5, "w4": 3}).total == 4
    # one missing: 4, 4, 5 -> 13 / 3 = 4.33
    result = scored(scale, {"w1": 4, "w2": 2, "w3": 5, "w4": DECLINED})
    assert (result.total, result.prorated) == (4.33, False)


def test_sum_without_pro_rating_adds_what_was_answered() -> None:
    scale = licensed_style(prorate=False, max_missing=2)
    assert scored(scale, {"w1": 4, "w3": 5}).total == 9
    assert isinstance(score(scale, {"w1": 4}), NotScorable)


# --- properties ----------------------------------------------------------------------------------

ANSWER = st.one_of(
    st.integers(-2, 6),
    st.just(DECLINED),
    st.text(max_size=3),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
)


@given(
    st.sampled_from(sorted(SHIPPED.all(), key=lambda i: i.id)),
    st.data(),
)
def test_scoring_never_fails_and_stays_in_range(
    instrument: Instrument, data: st.DataObject
) -> None:
    ids = st.sampled_from([*instrument.item_ids, "not_a_question"])
    responses = data.draw(st.dictionaries(ids, ANSWER))
    result = score(instrument, responses)
    raised_flags(instrument, responses, result)
    rule = instrument.scoring
    if rule is None:
        assert result is None
    elif isinstance(result, Score):
        assert rule.lowest <= result.total <= rule.highest
        assert result.missing <= rule.max_missing
        assert result.band is not None and result.band.min <= result.total <= result.band.max
    else:
        assert isinstance(result, NotScorable) and result.reason
        assert result.missing > rule.max_missing or result.answered == 0
