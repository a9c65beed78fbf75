"""The survivor-mode flow as plain objects: skip, back, breaks, stopping and finishing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.questionnaires.flow import (
    PREFER_NOT,
    Choice,
    Ending,
    Question,
    Questionnaire,
    Screen,
    SurvivorFlow,
    questionnaire_from,
)
from survivorapp.domain.questionnaires.instruments import shipped_instruments

SCALE = (Choice(0, "Not at all"), Choice(1, "Several days"), Choice(2, "Most days"))


def questionnaire(n: int = 4, *, note: str | None = None, free_last: bool = False) -> Questionnaire:
    questions = [Question(f"q{i}", f"Question {i}", SCALE) for i in range(n)]
    if free_last and n:
        questions[-1] = Question(f"q{n - 1}", "Anything else?", ())
    return Questionnaire("test", "1", "Test", tuple(questions), content_note=note)


def test_a_full_run_with_a_skip_a_break_and_back_keeps_every_answer() -> None:
    flow = SurvivorFlow(questionnaire(4))
    assert flow.screen is Screen.WELCOME
    assert flow.begin()
    assert (flow.screen, flow.position, flow.total) == (Screen.QUESTION, 1, 4)
    assert flow.answer(2)
    assert flow.skip()
    assert flow.take_break()
    assert flow.screen is Screen.BREAK
    assert flow.resume()
    assert (flow.screen, flow.position) == (Screen.QUESTION, 3)
    assert flow.back() and flow.back()
    assert flow.answer_for("q0") == 2
    assert flow.answer(1)  # changed their mind about the first question
    assert flow.skip()  # q1 stays skipped
    assert flow.answer(PREFER_NOT)
    assert flow.answer(0)
    assert (flow.screen, flow.ending) == (Screen.THANK_YOU, Ending.FINISHED)
    result = flow.result()
    assert result.answers == {"q0": 1, "q2": PREFER_NOT, "q3": 0}
    assert result.skipped == ("q1",)
    assert result.should_record and not result.stopped_early
    assert flow.hand_back() and flow.screen is Screen.GATE


def test_an_answer_not_on_the_scale_is_refused() -> None:
    flow = SurvivorFlow(questionnaire(2))
    flow.begin()
    assert not flow.answer(7)
    assert not flow.answer("Several days")
    assert flow.position == 1 and flow.answers == {}


def test_prefer_not_only_where_offered() -> None:
    q = Questionnaire("t", "1", "T", (Question("a", "A", SCALE, prefer_not=False),))
    flow = SurvivorFlow(q)
    flow.begin()
    assert not flow.answer(PREFER_NOT)
    assert flow.screen is Screen.QUESTION


def test_free_text_is_trimmed_and_empty_text_is_a_skip() -> None:
    flow = SurvivorFlow(questionnaire(2, free_last=True))
    flow.begin()
    flow.answer(0)
    assert flow.question is not None and flow.question.free_text
    assert flow.answer("   ")
    assert flow.result().skipped == ("q1",)
    flow2 = SurvivorFlow(questionnaire(2, free_last=True))
    flow2.begin()
    flow2.answer(0)
    flow2.answer("  declined  ")  # typed words are never taken for "prefer not to answer"
    assert flow2.result().answers["q1"] == "declined"
    assert flow2.result().answers["q1"] is not PREFER_NOT


def test_content_note_not_today_records_nothing() -> None:
    flow = SurvivorFlow(questionnaire(3, note="Some questions ask about self-harm."))
    flow.begin()
    assert flow.screen is Screen.CONTENT_NOTE
    assert flow.decline_content_note()
    assert flow.ending is Ending.NOT_TODAY and flow.screen is Screen.THANK_YOU
    assert not flow.result().should_record


def test_content_note_continue_starts_the_questions() -> None:
    flow = SurvivorFlow(questionnaire(3, note="Note"))
    flow.begin()
    assert flow.accept_content_note()
    assert flow.screen is Screen.QUESTION and flow.position == 1


def test_stopping_keeps_what_was_answered_and_cancelling_changes_nothing() -> None:
    flow = SurvivorFlow(questionnaire(5))
    flow.begin()
    flow.answer(1)
    flow.answer(2)
    assert flow.request_stop() and flow.screen is Screen.STOP_CONFIRM
    assert flow.cancel_stop() and (flow.screen, flow.position) == (Screen.QUESTION, 3)
    flow.request_stop()
    assert flow.confirm_stop()
    result = flow.result()
    assert result.stopped_early and result.should_record
    assert result.answers == {"q0": 1, "q1": 2}


def test_stopping_before_any_answer_records_nothing() -> None:
    flow = SurvivorFlow(questionnaire(3))
    flow.request_stop()
    flow.confirm_stop()
    assert flow.screen is Screen.THANK_YOU
    assert not flow.result().should_record


def test_finishing_with_every_question_skipped_is_still_recorded() -> None:
    flow = SurvivorFlow(questionnaire(2))
    flow.begin()
    flow.skip()
    flow.skip()
    result = flow.result()
    assert result.ending is Ending.FINISHED and result.should_record
    assert result.skipped == ("q0", "q1") and result.answers == {}


def test_presses_on_the_wrong_screen_do_nothing() -> None:
    flow = SurvivorFlow(questionnaire(2))
    assert not flow.answer(0) and not flow.skip() and not flow.back()
    assert not flow.resume() and not flow.hand_back() and not flow.confirm_stop()
    flow.begin()
    assert not flow.back()  # nothing before the first question
    flow.take_break()
    assert not flow.answer(0) and not flow.skip() and not flow.take_break()
    assert not flow.request_stop()


ACTIONS = (
    "begin",
    "accept_content_note",
    "decline_content_note",
    "answer",
    "prefer_not",
    "skip",
    "back",
    "take_break",
    "resume",
    "request_stop",
    "cancel_stop",
    "confirm_stop",
    "hand_back",
)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=6),
    note=st.booleans(),
    presses=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.sampled_from([c.value for c in SCALE])),
        max_size=60,
    ),
)
def test_no_sequence_of_presses_loses_an_answer_or_leaves_the_questionnaire(
    n: int, note: bool, presses: list[tuple[str, int]]
) -> None:
    flow = SurvivorFlow(questionnaire(n, note="Note" if note else None))
    expected: dict[str, object] = {}
    for action, value in presses:
        current = flow.question.item_id if flow.question is not None else None
        on_question = flow.screen is Screen.QUESTION
        if action == "answer":
            done = flow.answer(value)
            if done:
                assert on_question and current is not None
                expected[current] = value
        elif action == "prefer_not":
            done = flow.answer(PREFER_NOT)
            if done:
                assert current is not None
                expected[current] = PREFER_NOT
        elif action == "skip":
            done = flow.skip()
            if done:
                assert current is not None
                expected.pop(current, None)
        else:
            getattr(flow, action)()
        # Never out of range, and the answers are exactly what was last said per question.
        assert 0 <= flow.index < max(n, 1)
        if flow.screen is Screen.QUESTION:
            assert flow.question is not None
            assert 1 <= flow.position <= flow.total
        assert flow.answers == expected
        if flow.screen in (Screen.THANK_YOU, Screen.GATE):
            assert flow.ending is not None
            result = flow.result()
            assert result.answers == expected
            assert not set(result.skipped) & set(result.answers)
            if flow.ending is Ending.NOT_TODAY:
                assert not result.should_record and not expected


def test_questionnaire_from_the_shipped_instruments() -> None:
    registry = shipped_instruments()
    phq9 = questionnaire_from(registry.get("phq9"))
    assert len(phq9.questions) == 10 and phq9.content_note
    assert phq9.questions[0].stem.startswith("Over the last 2 weeks")
    assert [c.value for c in phq9.questions[0].choices] == [0, 1, 2, 3]
    assert phq9.questions[8].why  # item 9 says why it is asked
    assert "Pfizer" in phq9.copyright and phq9.answers_seen_by_worker
    feedback = questionnaire_from(registry.get("service_feedback_exit"), anonymous=True)
    assert not feedback.answers_seen_by_worker and feedback.anonymous
    assert feedback.questions[-1].free_text and not feedback.questions[0].stem
    assert all(q.prefer_not for q in feedback.questions)
