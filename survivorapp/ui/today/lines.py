"""The words of each line on Today: one function per kind of line, plain text in, text out.

Kept apart from the widgets so the wording can be read (and tested) on its own: a line names
the case first where it has one (with the survivor's known-as name), then what is due or what
happened, separated by a calm middle dot.
"""

from __future__ import annotations

from datetime import UTC, datetime

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.domain.referrals.waits import ReferralSummary
from survivorapp.domain.today import CaseLine, DraftItem, SessionLogged, TaskDue
from survivorapp.ui.widgets.labels import Labels, format_date

SEP = "  ·  "


def case_label(reference: str | None, known_as: str | None) -> str:
    """ "C-000123 (Robin)", or the reference alone; nothing for a line with no case."""
    if reference is None:
        return ""
    return f"{reference} ({known_as})" if known_as else reference


def plural(count: int, one: str, many: str) -> str:
    return (one if count == 1 else many).replace("{n}", f"{count:,}")


def days(count: int) -> str:
    return plural(count, "{n} day", "{n} days")


def entry_text(entry: DiaryEntry) -> str:
    kind = "Hearing" if entry.kind == "hearing" else "Deadline"
    name = f" ({entry.known_as})" if entry.known_as else ""
    text = f"{format_date(entry.day)}{SEP}{entry.case_reference}{name}{SEP}{kind}: {entry.title}"
    if entry.to_do:
        text += f"{SEP}still to do: {'; '.join(entry.to_do)}"
    return text


def task_text(task: TaskDue) -> str:
    when = "Overdue since " if task.overdue else "Due "
    parts = [
        when + format_date(task.due_date),
        case_label(task.case_reference, task.known_as),
        task.text,
    ]
    return SEP.join(p for p in parts if p)


def session_text(labels: Labels, session: SessionLogged) -> str:
    return SEP.join(
        (
            f"{session.session_date:%a} {format_date(session.session_date)}",
            case_label(session.case_reference, session.known_as),
            f"{labels.code('session_kind', session.kind)}, {session.duration_minutes} min",
        )
    )


def draft_text(draft: DraftItem) -> str:
    what = "Session note" if draft.is_session_note else "Unsaved text"
    try:
        typed = datetime.fromisoformat(draft.updated_at)
        if typed.tzinfo is None:
            typed = typed.replace(tzinfo=UTC)
        local = typed.astimezone()
        when = f"last typed {format_date(local.date())}, {local:%H:%M}"
    except ValueError:
        when = ""
    return SEP.join(p for p in (what, case_label(draft.case_reference, draft.known_as), when) if p)


def referral_text(labels: Labels, referral: ReferralSummary) -> str:
    where = labels.code("referral_destination", referral.destination_type)
    if referral.organisation_name:
        where += f" ({referral.organisation_name})"
    waited = days(referral.days_waiting) if referral.days_waiting is not None else ""
    parts = (
        case_label(referral.case_reference, referral.known_as),
        where,
        f"waiting {waited}" if waited else "",
    )
    return SEP.join(p for p in parts if p)


def unallocated_text(labels: Labels, line: CaseLine) -> str:
    return SEP.join(
        (
            case_label(line.case_reference, line.known_as),
            f"referred {format_date(line.day)}",
            labels.code("case_status", line.status),
        )
    )
