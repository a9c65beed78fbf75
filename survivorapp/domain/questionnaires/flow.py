"""Where a survivor is in a questionnaire: which screen, which question, what was answered.

Kept free of Qt so every path (skip, back, a break, stopping, finishing) can be tested as plain
objects, including property tests over any sequence of presses. The survivor-mode window only
draws what this says and forwards presses to it.

Rules (DESIGN.md 4, REFERENCE.md 4 and 6):
- every question can be skipped; "prefer not to answer" is a real answer where offered;
- Back, a break and stopping never change an answer; only answering or skipping that question
  does, so nothing the survivor said is lost by moving around;
- stopping keeps what was answered so far as a partial administration (``stopped_early``); if
  nothing was answered, nothing is recorded; choosing "Not today" at the content note records
  nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.questionnaires.instruments import ENGLISH, OPEN_TEXT, Instrument

PREFER_NOT = Unanswered.DECLINED
"""The answer stored when a survivor chooses "Prefer not to answer"."""

AnswerValue = int | float | str
"""An option's value, free text, or :data:`PREFER_NOT` (a ``str`` enum)."""


class Screen(StrEnum):
    WELCOME = "welcome"
    CONTENT_NOTE = "content_note"
    QUESTION = "question"
    BREAK = "break"
    STOP_CONFIRM = "stop_confirm"
    THANK_YOU = "thank_you"
    GATE = "gate"


class Ending(StrEnum):
    FINISHED = "finished"
    STOPPED = "stopped"
    NOT_TODAY = "not_today"


@dataclass(frozen=True)
class Choice:
    value: int | float | str
    label: str


@dataclass(frozen=True)
class Question:
    """One screen's question, already in the words the survivor will read."""

    item_id: str
    text: str
    choices: tuple[Choice, ...] = ()
    stem: str = ""
    why: str = ""
    prefer_not: bool = True
    max_length: int = 2000

    @property
    def free_text(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class Questionnaire:
    """What survivor mode needs of an instrument (built from the service's Instrument)."""

    instrument_id: str
    version: int
    title: str
    questions: tuple[Question, ...]
    introduction: str = ""
    content_note: str | None = None
    copyright: str = ""
    answers_seen_by_worker: bool = True
    """Whether the worker sees the answers at case level (survivors are told before starting)."""
    anonymous: bool = False


def questionnaire_from(
    instrument: Instrument,
    language: str = ENGLISH,
    *,
    answers_seen_by_worker: bool | None = None,
    anonymous: bool = False,
) -> Questionnaire:
    """The survivor's view of ``instrument`` in ``language`` (English where not translated).

    An outcome measure's introduction is the stem of every question ("Over the last 2 weeks,
    how often..."), so it is repeated on each screen, as on the paper form; a section's own
    introduction takes its place. Content notes of sections are shown with the instrument's,
    before the first question, so the survivor decides once, knowing everything.
    """
    sections = {s.id: s for s in instrument.sections}
    stem_default = instrument.introduction.text(language) if instrument.is_outcome_measure else ""
    questions = []
    for item in instrument.items:
        section = sections.get(item.section or "")
        stem = stem_default
        if section is not None and section.introduction is not None:
            stem = section.introduction.text(language)
        questions.append(
            Question(
                item_id=item.id,
                text=item.text.text(language),
                choices=()
                if item.type == OPEN_TEXT
                else tuple(Choice(o.value, o.label.text(language)) for o in item.options),
                stem=stem,
                why=item.why_we_ask.text(language) if item.why_we_ask else "",
                max_length=item.max_length,
            )
        )
    notes = [instrument.content_note] + [s.content_note for s in instrument.sections]
    note = "\n\n".join(n.text(language) for n in notes if n is not None)
    return Questionnaire(
        instrument_id=instrument.id,
        version=instrument.version,
        title=instrument.title.text(language),
        questions=tuple(questions),
        introduction=instrument.introduction.text(language),
        content_note=note or None,
        copyright=instrument.licence.attribution.text(language),
        answers_seen_by_worker=instrument.is_outcome_measure
        if answers_seen_by_worker is None
        else answers_seen_by_worker,
        anonymous=anonymous,
    )


@dataclass(frozen=True)
class FlowResult:
    ending: Ending
    answers: dict[str, AnswerValue]
    skipped: tuple[str, ...]

    @property
    def responses(self) -> dict[str, int | float | str]:
        """The answers as an administration stores them ("declined" as a plain string)."""
        return {k: str(v) if isinstance(v, Unanswered) else v for k, v in self.answers.items()}

    @property
    def stopped_early(self) -> bool:
        return self.ending is Ending.STOPPED

    @property
    def should_record(self) -> bool:
        """A finished questionnaire is recorded even if every question was skipped (that is
        itself an answer about the service); a stop only if something was answered."""
        if self.ending is Ending.FINISHED:
            return True
        return self.ending is Ending.STOPPED and bool(self.answers)


@dataclass
class SurvivorFlow:
    questionnaire: Questionnaire
    screen: Screen = Screen.WELCOME
    index: int = 0
    ending: Ending | None = None
    _answers: dict[str, AnswerValue] = field(default_factory=dict)
    _skipped: set[str] = field(default_factory=set)
    _before_pause: Screen | None = None

    # --- what is shown -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.questionnaire.questions)

    @property
    def question(self) -> Question | None:
        if self.screen is Screen.QUESTION or self._before_pause is Screen.QUESTION:
            return self.questionnaire.questions[self.index] if self.total else None
        return None

    @property
    def position(self) -> int:
        """1-based, for "4 of 10"."""
        return self.index + 1

    @property
    def answers(self) -> dict[str, AnswerValue]:
        return dict(self._answers)

    def answer_for(self, item_id: str) -> AnswerValue | None:
        return self._answers.get(item_id)

    @property
    def can_go_back(self) -> bool:
        return self.screen is Screen.QUESTION and self.index > 0

    @property
    def any_answered(self) -> bool:
        return bool(self._answers)

    def result(self) -> FlowResult:
        ending = self.ending or Ending.STOPPED
        ids = [q.item_id for q in self.questionnaire.questions]
        skipped = tuple(i for i in ids if i in self._skipped and i not in self._answers)
        return FlowResult(ending, dict(self._answers), skipped)

    # --- presses (each returns whether it did anything) --------------------------------------

    def begin(self) -> bool:
        if self.screen is not Screen.WELCOME:
            return False
        if self.questionnaire.content_note:
            self.screen = Screen.CONTENT_NOTE
        else:
            self._first_question()
        return True

    def accept_content_note(self) -> bool:
        if self.screen is not Screen.CONTENT_NOTE:
            return False
        self._first_question()
        return True

    def decline_content_note(self) -> bool:
        if self.screen is not Screen.CONTENT_NOTE:
            return False
        self._end(Ending.NOT_TODAY)
        return True

    def answer(self, value: AnswerValue) -> bool:
        """Record the answer to the current question and move on (empty free text = skip)."""
        question = self.question
        if self.screen is not Screen.QUESTION or question is None:
            return False
        if isinstance(value, Unanswered):
            if value is not PREFER_NOT or not question.prefer_not:
                return False
        elif question.free_text and isinstance(value, str):
            if not value.strip():
                return self.skip()
            value = value.strip()[: question.max_length]
        elif not any(c.value == value for c in question.choices):
            return False
        self._answers[question.item_id] = value
        self._skipped.discard(question.item_id)
        self._advance()
        return True

    def skip(self) -> bool:
        """Move on without an answer; a skipped question that had an answer loses it, because
        skipping is the survivor saying they would rather not answer it."""
        question = self.question
        if self.screen is not Screen.QUESTION or question is None:
            return False
        self._answers.pop(question.item_id, None)
        self._skipped.add(question.item_id)
        self._advance()
        return True

    def back(self) -> bool:
        if not self.can_go_back:
            return False
        self.index -= 1
        return True

    def take_break(self) -> bool:
        if self.screen not in (Screen.WELCOME, Screen.CONTENT_NOTE, Screen.QUESTION):
            return False
        self._before_pause, self.screen = self.screen, Screen.BREAK
        return True

    def resume(self) -> bool:
        if self.screen is not Screen.BREAK or self._before_pause is None:
            return False
        self.screen, self._before_pause = self._before_pause, None
        return True

    def request_stop(self) -> bool:
        if self.screen not in (Screen.WELCOME, Screen.CONTENT_NOTE, Screen.QUESTION):
            return False
        self._before_pause, self.screen = self.screen, Screen.STOP_CONFIRM
        return True

    def cancel_stop(self) -> bool:
        if self.screen is not Screen.STOP_CONFIRM or self._before_pause is None:
            return False
        self.screen, self._before_pause = self._before_pause, None
        return True

    def confirm_stop(self) -> bool:
        if self.screen is not Screen.STOP_CONFIRM:
            return False
        self._before_pause = None
        self._end(Ending.STOPPED)
        return True

    def hand_back(self) -> bool:
        if self.screen is not Screen.THANK_YOU:
            return False
        self.screen = Screen.GATE
        return True

    # --- moving ------------------------------------------------------------------------------

    def _first_question(self) -> None:
        self.index = 0
        if self.total:
            self.screen = Screen.QUESTION
        else:
            self._end(Ending.FINISHED)

    def _advance(self) -> None:
        if self.index + 1 < self.total:
            self.index += 1
        else:
            self._end(Ending.FINISHED)

    def _end(self, ending: Ending) -> None:
        self.ending = ending
        self.screen = Screen.THANK_YOU
