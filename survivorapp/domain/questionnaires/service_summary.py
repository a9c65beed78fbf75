"""Service feedback added up over a period, with small counts hidden.

Service-feedback answers count only in aggregate (issue 7), so a manager sees, per question, how
many chose each answer and what share of those who answered that is. Any count from 1 to 4 is
shown as "fewer than 5" with no percentage, so one person's answers can't be picked out in a
small service or a short period. Open comments are counted ("12 people wrote a comment"), never
shown here. Counts are per instrument version: a new version may word its questions differently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from survivorapp.domain.questionnaires.instruments import Instrument, LocalText, Number

SMALL_COUNT = 5
FEWER_THAN_FIVE = "fewer than 5"


@dataclass(frozen=True)
class Cell:
    """One count as it may be shown: ``count`` and ``percent`` are None when hidden."""

    text: str
    count: int | None
    percent: float | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


def cell(count: int, base: int | None = None) -> Cell:
    """``count`` as shown; a percentage of ``base`` when both are big enough to show."""
    if 0 < count < SMALL_COUNT:
        return Cell(FEWER_THAN_FIVE, None)
    percent = None
    if base is not None and base >= SMALL_COUNT:
        percent = round(100 * count / base, 1)
    return Cell(f"{count:,}", count, percent)


@dataclass(frozen=True)
class OptionSummary:
    value: Number
    label: LocalText
    cell: Cell


@dataclass(frozen=True)
class ItemSummary:
    """One question's answers. For an open question only ``comments`` is filled in.

    ``answered`` counts those who picked an answer (the base of every option's percentage);
    ``declined`` chose "prefer not to answer"; ``skipped`` gave nothing.
    """

    item_id: str
    text: LocalText
    is_choice: bool
    options: tuple[OptionSummary, ...]
    answered: Cell
    declined: Cell
    skipped: Cell
    comments: Cell


@dataclass(frozen=True)
class InstrumentSummary:
    instrument_id: str
    instrument_version: int
    title: LocalText
    responses: Cell
    items: tuple[ItemSummary, ...]


@dataclass(frozen=True)
class FeedbackSummary:
    start: date
    end: date
    instruments: tuple[InstrumentSummary, ...]


@dataclass
class Tally:
    """Raw counts for one question (from the vault's GROUP BY), added up as rows arrive."""

    values: dict[Number, int] = field(default_factory=dict)
    declined: int = 0
    comments: int = 0


def summarise(
    instrument: Instrument, responses: int, tallies: dict[str, Tally]
) -> InstrumentSummary:
    """One instrument version's summary from its number of administrations and answer counts."""
    items = []
    for item in instrument.items:
        tally = tallies.get(item.id, Tally())
        answered = sum(tally.values.values()) if item.is_choice else tally.comments
        skipped = max(0, responses - answered - tally.declined)
        options = tuple(
            OptionSummary(o.value, o.label, cell(tally.values.get(o.value, 0), answered))
            for o in item.options
        )
        items.append(
            ItemSummary(
                item_id=item.id,
                text=item.text,
                is_choice=item.is_choice,
                options=options,
                answered=cell(answered, responses),
                declined=cell(tally.declined, responses),
                skipped=cell(skipped, responses),
                comments=cell(0 if item.is_choice else tally.comments, responses),
            )
        )
    return InstrumentSummary(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        title=instrument.title,
        responses=cell(responses),
        items=tuple(items),
    )


def tallies_from(rows: Iterable[tuple[str, str, Number | None, int]]) -> dict[str, Tally]:
    """(item id, kind, value, count) rows, kind being "value", "declined" or "comment"."""
    found: dict[str, Tally] = {}
    for item_id, kind, value, count in rows:
        tally = found.setdefault(item_id, Tally())
        if kind == "value" and value is not None:
            tally.values[value] = tally.values.get(value, 0) + count
        elif kind == "declined":
            tally.declined += count
        else:
            tally.comments += count
    return found
