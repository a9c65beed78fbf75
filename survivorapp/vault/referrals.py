"""Reading and writing well-being referrals: one case's with their histories, or lists across
every visible case filtered in SQL.

Each referral row also carries its current status and key dates (see migration 6), kept equal
to what its history gives by :meth:`ReferralQueries.add_change`, the one way a status is
written. Lists across the caseload filter and sort on those columns, by index, and join the
same :class:`~survivorapp.vault.cases.Visibility` clause as the caseload, so a referral on a
case someone may not see never appears in their list or count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange
from survivorapp.domain.referrals.waits import (
    ReferralDates,
    ReferralRecord,
    ReferralSummary,
    dates_of,
    summarise,
)
from survivorapp.vault import tables
from survivorapp.vault.cases import Visibility
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import Repository

_REFERRAL_COLUMNS = tables.REFERRALS.columns
_CHANGE_COLUMNS = tables.REFERRAL_STATUS_CHANGES.columns
_SUMMARY_SELECT = (
    "SELECT r.id, r.case_reference, s.known_as, r.destination_type, r.organisation_name, "
    "r.started_on, r.status, r.status_on, r.referred_on, r.accepted_on, "
    "r.first_appointment_on FROM referrals r "
    "JOIN cases c ON c.reference = r.case_reference "
    "JOIN survivors s ON s.reference = c.survivor_reference "
)


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _quoted(columns: Sequence[str], alias: str) -> str:
    return ", ".join(f'{alias}."{c}"' for c in columns)


def _read_referral(row: Sequence[Any]) -> Referral:
    values = dict(zip(_REFERRAL_COLUMNS, row, strict=True))
    values["started_on"] = date.fromisoformat(values["started_on"])
    values["note"] = values["note"] or ""
    return Referral(**values)


def _read_change(row: Sequence[Any]) -> ReferralStatusChange:
    values = dict(zip(_CHANGE_COLUMNS, row, strict=True))
    values["changed_on"] = date.fromisoformat(values["changed_on"])
    values["note"] = values["note"] or ""
    return ReferralStatusChange(**values)


def _dates_columns(dates: ReferralDates) -> dict[str, Any]:
    return {
        "status": dates.status,
        "status_on": dates.status_on.isoformat(),
        "referred_on": _iso(dates.referred_on),
        "accepted_on": _iso(dates.accepted_on),
        "first_appointment_on": _iso(dates.first_appointment_on),
    }


@dataclass(frozen=True)
class ReferralFilter:
    """What the Referrals page narrows the list to; None means any."""

    destination: str | None = None
    status: str | None = None  # None: every open status
    waiting_longer_than: int | None = None  # days waiting so far, strictly more than this


class ReferralQueries:
    """Reads and writes across the referral tables. Callers check permissions (services do)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.referrals = Repository(conn, tables.REFERRALS)
        self.changes = Repository(conn, tables.REFERRAL_STATUS_CHANGES)

    # --- one case ---------------------------------------------------------------------------

    def case_of(self, referral_id: int) -> str | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT case_reference FROM referrals WHERE id = ?", (referral_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def for_case(self, case_reference: str) -> list[ReferralRecord]:
        """The case's referrals, oldest first, each with its history in recorded order."""
        return self._records("r.case_reference = ?", [case_reference])

    def record(self, referral_id: int) -> ReferralRecord | None:
        found = self._records("r.id = ?", [referral_id])
        return found[0] if found else None

    def _records(self, where: str, params: list[Any]) -> list[ReferralRecord]:
        with translated_errors():
            referrals = [
                _read_referral(row)
                for row in self.conn.execute(
                    f"SELECT {_quoted(_REFERRAL_COLUMNS, 'r')} FROM referrals r "
                    f"WHERE {where} ORDER BY r.id",
                    params,
                )
            ]
            history: dict[int, list[ReferralStatusChange]] = defaultdict(list)
            for row in self.conn.execute(
                f"SELECT {_quoted(_CHANGE_COLUMNS, 'x')} FROM referral_status_changes x "
                f"JOIN referrals r ON r.id = x.referral_id WHERE {where} "
                "ORDER BY x.referral_id, x.id",
                params,
            ):
                change = _read_change(row)
                assert change.referral_id is not None
                history[change.referral_id].append(change)
        return [
            ReferralRecord(referral, tuple(history.get(referral.id or 0, ())))
            for referral in referrals
        ]

    # --- writing (inside the caller's transaction) ---------------------------------------------

    def add(self, referral: Referral, first: ReferralStatusChange) -> ReferralRecord:
        """A new referral with its first status, and its stored dates to match."""
        dates = dates_of([first])
        assert dates is not None
        new_id = self.referrals.insert(referral, extra=_dates_columns(dates))
        change_id = self.changes.insert(_with(first, referral_id=new_id))
        stored = Referral(**{**_fields(referral), "id": new_id})
        return ReferralRecord(stored, (_with(first, referral_id=new_id, id=change_id),))

    def add_change(self, record: ReferralRecord, change: ReferralStatusChange) -> ReferralRecord:
        """Append ``change`` to the history and update the stored status and dates with it."""
        referral_id = record.referral.id
        assert referral_id is not None
        change_id = self.changes.insert(_with(change, referral_id=referral_id))
        history = (*record.history, _with(change, referral_id=referral_id, id=change_id))
        dates = dates_of(history)
        assert dates is not None
        columns = _dates_columns(dates)
        with translated_errors():
            self.conn.execute(
                "UPDATE referrals SET status = ?, status_on = ?, referred_on = ?, "
                "accepted_on = ?, first_appointment_on = ? WHERE id = ?",
                (*columns.values(), referral_id),
            )
        return ReferralRecord(record.referral, history)

    def stored_dates(self, referral_id: int) -> ReferralDates | None:
        """The status and dates kept on the referral row (tests compare them with history)."""
        with translated_errors():
            row = self.conn.execute(
                "SELECT status, status_on, referred_on, accepted_on, first_appointment_on "
                "FROM referrals WHERE id = ?",
                (referral_id,),
            ).fetchone()
        if row is None:
            return None
        return ReferralDates(
            row[0], date.fromisoformat(row[1]), _date(row[2]), _date(row[3]), _date(row[4])
        )

    def uses_of_organisation(self, organisation_id: int) -> int:
        with translated_errors():
            row = self.conn.execute(
                "SELECT count(*) FROM referrals WHERE organisation_id = ?", (organisation_id,)
            ).fetchone()
        return int(row[0])

    # --- across the visible caseload -------------------------------------------------------------

    def open_referrals(
        self,
        visibility: Visibility,
        filters: ReferralFilter,
        today: date,
        follow_up_days: int,
        limit: int | None = None,
    ) -> list[ReferralSummary]:
        """Referrals on visible cases matching ``filters``: those still waiting to be seen
        first, the longest wait first, then the rest by date."""
        where, params = visibility.clause()
        conditions = [where]
        statuses: Sequence[str] = rs.OPEN if filters.status is None else (filters.status,)
        conditions.append(f"r.status IN ({_marks(statuses)})")
        params.extend(statuses)
        if filters.destination:
            conditions.append("r.destination_type = ?")
            params.append(filters.destination)
        if filters.waiting_longer_than is not None:
            awaiting = sorted(rs.AWAITING_FIRST_APPOINTMENT)
            conditions.append(f"r.status IN ({_marks(awaiting)}) AND r.referred_on < ?")
            cutoff = today - timedelta(days=filters.waiting_longer_than)
            params.extend([*awaiting, cutoff.isoformat()])
        return self._summaries(" AND ".join(conditions), params, today, follow_up_days, limit=limit)

    def follow_up_due(
        self, visibility: Visibility, today: date, follow_up_days: int
    ) -> list[ReferralSummary]:
        """Made at least ``follow_up_days`` ago and nothing heard back since."""
        where, params = visibility.clause()
        cutoff = today - timedelta(days=follow_up_days)
        no_reply = sorted(rs.NO_RESPONSE)
        return self._summaries(
            f"{where} AND r.status IN ({_marks(no_reply)}) AND r.referred_on <= ?",
            [*params, *no_reply, cutoff.isoformat()],
            today,
            follow_up_days,
        )

    def waiting_by_destination(
        self, visibility: Visibility, today: date, longer_than: int
    ) -> dict[str, int]:
        """Referrals made, not yet seen, waiting more than ``longer_than`` days, by destination."""
        where, params = visibility.clause()
        awaiting = sorted(rs.AWAITING_FIRST_APPOINTMENT)
        cutoff = today - timedelta(days=longer_than)
        with translated_errors():
            rows = self.conn.execute(
                "SELECT r.destination_type, count(*) FROM referrals r "
                "JOIN cases c ON c.reference = r.case_reference "
                f"WHERE {where} AND r.status IN ({_marks(awaiting)}) AND r.referred_on < ? "
                "GROUP BY r.destination_type ORDER BY r.destination_type",
                [*params, *awaiting, cutoff.isoformat()],
            ).fetchall()
        return {str(code): int(count) for code, count in rows}

    def counts_by_status(self, visibility: Visibility) -> dict[str, int]:
        """How many referrals on visible cases are at each status now (for dashboards)."""
        where, params = visibility.clause()
        with translated_errors():
            rows = self.conn.execute(
                "SELECT r.status, count(*) FROM referrals r "
                "JOIN cases c ON c.reference = r.case_reference "
                f"WHERE {where} GROUP BY r.status",
                params,
            ).fetchall()
        return {str(status): int(count) for status, count in rows}

    def _summaries(
        self,
        where: str,
        params: list[Any],
        today: date,
        follow_up_days: int,
        *,
        limit: int | None = None,
    ) -> list[ReferralSummary]:
        # Still waiting to be seen first, longest wait first; then the rest by date.
        waiting = ", ".join(f"'{status}'" for status in sorted(rs.AWAITING_FIRST_APPOINTMENT))
        sql = (
            f"{_SUMMARY_SELECT} WHERE {where} ORDER BY r.status NOT IN ({waiting}), "
            "coalesce(r.referred_on, r.started_on), r.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, int(limit)]
        with translated_errors():
            rows = self.conn.execute(sql, params).fetchall()
        found = []
        for row in rows:
            referral = Referral(
                case_reference=row[1],
                destination_type=row[3],
                started_on=date.fromisoformat(row[5]),
                id=row[0],
                organisation_name=row[4],
            )
            dates = ReferralDates(
                row[6], date.fromisoformat(row[7]), _date(row[8]), _date(row[9]), _date(row[10])
            )
            found.append(summarise(referral, dates, today, follow_up_days, row[2]))
        return found


def _fields(entity: Any) -> dict[str, Any]:
    return {name: getattr(entity, name) for name in tables.REFERRALS.columns}


def _with(change: ReferralStatusChange, **values: Any) -> ReferralStatusChange:
    current = {name: getattr(change, name) for name in _CHANGE_COLUMNS}
    return ReferralStatusChange(**{**current, **values})


# --- loading many at once (synthetic data) --------------------------------------------------------


def insert_generated(conn: Connection, records: Sequence[ReferralRecord]) -> tuple[int, int]:
    """Insert prepared referrals and their histories inside the caller's transaction.

    Ids are given here, after the highest in the vault; each referral's stored status and
    dates come from its history, as :meth:`ReferralQueries.add_change` would leave them.
    Returns (referrals, status changes) inserted.
    """
    if not records:
        return 0, 0
    with translated_errors():
        next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM referrals").fetchone()[0]) + 1
    referral_columns = [c for c in _REFERRAL_COLUMNS if c != "id"]
    change_columns = [c for c in _CHANGE_COLUMNS if c not in ("id", "referral_id")]
    referral_rows: list[list[Any]] = []
    change_rows: list[list[Any]] = []
    for record in records:
        dates = dates_of(record.history)
        assert dates is not None
        referral = record.referral
        referral_rows.append(
            [next_id]
            + [_plain(getattr(referral, c)) for c in referral_columns]
            + list(_dates_columns(dates).values())
        )
        for change in record.history:
            change_rows.append([next_id] + [_plain(getattr(change, c)) for c in change_columns])
        next_id += 1
    extra = ["status", "status_on", "referred_on", "accepted_on", "first_appointment_on"]
    names = ", ".join(f'"{c}"' for c in ["id", *referral_columns, *extra])
    change_names = ", ".join(f'"{c}"' for c in ["referral_id", *change_columns])
    with translated_errors():
        conn.executemany(
            f"INSERT INTO referrals ({names}) VALUES ({_marks(referral_rows[0])})", referral_rows
        )
        conn.executemany(
            f"INSERT INTO referral_status_changes ({change_names}) "
            f"VALUES ({_marks(change_rows[0])})",
            change_rows,
        )
    return len(referral_rows), len(change_rows)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
