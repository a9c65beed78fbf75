"""What the Justice journey tab says about the case as a whole, beyond any one matter.

The Victims' Code checklist and family or civil proceedings belong to the case, not to a
police matter: a survivor may be in the family court with no report at all, so this text is
shown whether or not the case has any matters.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from survivorapp.domain.justice.diary import CaseJourney
from survivorapp.domain.justice.support import FamilyProceeding
from survivorapp.ui.widgets.labels import Labels, format_date


def _tr(text: str) -> str:
    return QCoreApplication.translate("JusticeTab", text)


def case_summary_text(labels: Labels, journey: CaseJourney, today: date) -> str:
    """Victims' Code rights delivered (n of 12), and each family proceeding's next date."""
    total = len(labels.vocabularies["victims_code_right"])
    statuses = [r.status for r in journey.victims_code]
    line = (
        _tr("Victims' Code rights: {n} of {total} delivered")
        .replace("{n}", str(statuses.count("delivered")))
        .replace("{total}", str(total))
    )
    not_applicable = statuses.count("not_applicable")
    if not_applicable:
        line += _tr(" ({n} not applicable)").replace("{n}", str(not_applicable))
    lines = [line + "."]
    if not journey.family:
        lines.append(_tr("Family court: none recorded."))
    lines.extend(family_line(labels, p, today) for p in journey.family)
    return "\n".join(lines)


def family_line(labels: Labels, proceeding: FamilyProceeding, today: date) -> str:
    """'Non-molestation order, East London Family Court: next hearing 3 Nov 2025; order
    ends 1 Apr 2026.' Past hearings and ended orders are left out: this is what is coming."""
    kind = labels.code("family_proceeding_type", proceeding.proceeding_type)
    if proceeding.court:
        kind += f", {proceeding.court}"
    upcoming = [d for d in proceeding.hearing_dates if d >= today]
    parts = [
        _tr("next hearing {date}").replace("{date}", format_date(min(upcoming)))
        if upcoming
        else _tr("no hearing listed")
    ]
    ends = [o.expiry for o in proceeding.orders if o.expiry is not None and o.expiry >= today]
    if ends:
        parts.append(_tr("order ends {date}").replace("{date}", format_date(min(ends))))
    elif any(o.expiry is None for o in proceeding.orders):
        parts.append(_tr("order made, no end date"))
    return f"{kind}: " + "; ".join(parts) + "."
