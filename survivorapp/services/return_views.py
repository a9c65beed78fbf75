"""What the return service hands to the desktop app: a return's preview, made on the vault thread.

The Returns page shows every table exactly as it will leave the building. Counting a year takes
seconds and disclosure control is not free either, so both run where the vault runs, never on
the GUI thread; the page only shows a :class:`ReturnPreview`. The preview keeps the exact
counts it was made from (:attr:`ReturnPreview.exact`), so that choosing another level or
threshold applies disclosure control again without counting again
(:meth:`~survivorapp.services.returns.ReturnService.preview_again`).

The names the page needs from ``reporting`` (levels, periods, the suppressed-cell symbol, the
published table) are re-exported here, so ``ui`` depends on ``services`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from survivorapp.reporting.build import section_title
from survivorapp.reporting.disclosure import (
    DEFAULT_K,
    MIN_K,
    SUPPRESSED,
    PublishedReturn,
    PublishedTable,
)
from survivorapp.reporting.model import Level, Period, Return

__all__ = [
    "DEFAULT_K",
    "DISCLOSURE_STEP",
    "MIN_K",
    "SUPPRESSED",
    "Level",
    "Period",
    "PublishedTable",
    "ReturnPreview",
]

DISCLOSURE_STEP = "Applying disclosure control"


@dataclass(frozen=True)
class ReturnPreview:
    """A return's tables as they would leave at one level, and what the page says about them."""

    published: PublishedReturn
    exact: Return = field(repr=False)
    """The exact counts behind it: never shown, only handed back to apply another level."""
    checked_against: tuple[str, ...] = ()
    """The earlier releases (publication level) it was audited with, described for people."""

    @property
    def publishable(self) -> bool:
        """False when the audit could not protect every withheld cell (the export refuses)."""
        protection = self.published.protection
        return protection is None or protection.audit.ok

    @property
    def audit_line(self) -> str:
        """What the disclosure audit found, in one sentence for the page ("" unless published)."""
        protection = self.published.protection
        if protection is None:
            return ""
        releases = len(self.checked_against) + 1
        against = "this return alone" if releases == 1 else f"these {releases} releases"
        if not protection.audit.ok:
            return (
                f"Some withheld counts could still be narrowed against {against}: this "
                "return can't be published."
            )
        more = protection.added + protection.kept
        cells = "1 more cell" if more == 1 else f"{more} more cells"
        extra = f" ({cells} withheld to make it so)" if more else ""
        return f"Every withheld cell is protected against {against}{extra}."

    @property
    def changes(self) -> tuple[str, ...]:
        """Cells shown differently from an earlier release of the same period, and why."""
        protection = self.published.protection
        if protection is None:
            return ()
        return tuple(
            f"{c.table}: {c.row}{'' if c.column == 'count' else ', ' + c.column} was "
            f"{c.before}, now {c.after}"
            for c in protection.changes
        )

    @property
    def period(self) -> Period:
        return self.published.period

    @property
    def level(self) -> Level:
        return self.published.level

    @property
    def k(self) -> int:
        return self.published.k

    @property
    def tables(self) -> tuple[PublishedTable, ...]:
        return self.published.tables

    @property
    def marking(self) -> str:
        """How the figures are protected, in the words the exported files carry."""
        return self.published.marking

    @property
    def suppressed_cells(self) -> int:
        return self.published.primary_suppressed + self.published.secondary_suppressed

    @property
    def excluded_exact(self) -> int:
        """Cases left out for consent. The manager previewing may know it; at publication
        level the file carries :attr:`excluded_shown` instead."""
        return self.exact.excluded_for_consent

    @property
    def excluded_shown(self) -> str:
        """Cases left out for consent as the return's files will say it."""
        return self.published.excluded_for_consent

    def table(self, table_id: str) -> PublishedTable:
        return self.published.table(table_id)

    def matches(self, level: Level, k: int) -> bool:
        """Whether this preview of its period shows ``level`` and ``k`` (k counts at publication
        only)."""
        return self.level is level and (level is not Level.PUBLICATION or self.k == k)

    @staticmethod
    def section_title(section: str) -> str:
        """The heading of a section of the return (its id when unknown)."""
        return section_title(section)
