"""The Today dashboard's own reads: my tasks due, my sessions this week, my drafts.

Each is one query that walks an index on the person (``tasks_due``, ``sessions_by_worker``,
the drafts' primary key), joins only the rows it returns to their case for the visibility check
and the name, and counts the whole set with a window function while returning only the first
few lines, so a worker with hundreds of overdue reminders costs the same as one with three.
"""

from __future__ import annotations

from datetime import date

from survivorapp.domain.today import DraftItem, SessionLogged, TaskDue
from survivorapp.vault.cases import Visibility
from survivorapp.vault.connection import Connection, translated_errors


class DashboardQueries:
    """Reads for one person's Today. Callers check permissions (services do)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def tasks_due(
        self, visibility: Visibility, owner: str, today: date, until: date, limit: int
    ) -> tuple[list[TaskDue], int, int]:
        """Open tasks of ``owner`` due by ``until`` (overdue first): the first ``limit``, how
        many there are in all, and how many of those are overdue."""
        where, params = visibility.clause()
        with translated_errors():
            found = self.conn.execute(
                "SELECT t.id, t.case_reference, s.known_as, t.due_date, t.text, "
                "count(*) OVER (), sum(t.due_date < ?) OVER () "
                "FROM tasks t LEFT JOIN cases c ON c.reference = t.case_reference "
                "LEFT JOIN survivors s ON s.reference = c.survivor_reference "
                "WHERE t.owner = ? AND t.done = 0 AND t.due_date <= ? "
                f"AND (t.case_reference IS NULL OR ({where})) "
                "ORDER BY t.due_date, t.id LIMIT ?",
                [today.isoformat(), owner, until.isoformat(), *params, int(limit)],
            ).fetchall()
        tasks = [
            TaskDue(
                task_id=int(r[0]),
                case_reference=r[1],
                known_as=r[2],
                due_date=(due := date.fromisoformat(r[3])),
                text=r[4],
                overdue=due < today,
            )
            for r in found
        ]
        total, overdue = (int(found[0][5]), int(found[0][6] or 0)) if found else (0, 0)
        return tasks, total, overdue

    def sessions_logged(
        self, visibility: Visibility, worker: str, since: date, until: date, limit: int
    ) -> tuple[list[SessionLogged], int]:
        """Sessions ``worker`` logged between ``since`` and ``until``, newest first: the first
        ``limit`` and how many there are in all."""
        where, params = visibility.clause()
        with translated_errors():
            found = self.conn.execute(
                "SELECT se.id, se.case_reference, s.known_as, se.session_date, se.kind, "
                "se.duration_minutes, count(*) OVER () "
                "FROM sessions se JOIN cases c ON c.reference = se.case_reference "
                "JOIN survivors s ON s.reference = c.survivor_reference "
                f"WHERE se.worker = ? AND se.session_date BETWEEN ? AND ? AND {where} "
                "ORDER BY se.session_date DESC, se.id DESC LIMIT ?",
                [worker, since.isoformat(), until.isoformat(), *params, int(limit)],
            ).fetchall()
        sessions = [
            SessionLogged(int(r[0]), r[1], r[2], date.fromisoformat(r[3]), r[4], int(r[5]))
            for r in found
        ]
        return sessions, int(found[0][6]) if found else 0

    def drafts(self, visibility: Visibility, username: str) -> list[DraftItem]:
        """``username``'s drafts, most recently typed first; a draft for a case they can no
        longer see is left out."""
        where, params = visibility.clause()
        with translated_errors():
            found = self.conn.execute(
                "SELECT d.draft_key, d.case_reference, s.known_as, d.updated_at FROM drafts d "
                "LEFT JOIN cases c ON c.reference = d.case_reference "
                "LEFT JOIN survivors s ON s.reference = c.survivor_reference "
                f"WHERE d.username = ? AND (d.case_reference IS NULL OR ({where})) "
                "ORDER BY d.updated_at DESC, d.draft_key",
                [username, *params],
            ).fetchall()
        return [DraftItem(r[0], r[1], r[2], r[3]) for r in found]
