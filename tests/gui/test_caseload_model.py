"""The caseload model as a plain object (no window): pages asked for without waiting,
placeholders until they arrive, one request per page, stale pages dropped, caching, text; and
the caseload's filters and search through CaseService feeding it, on a real vault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from survivorapp.domain.case import Case
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.cases import CaseloadFilter
from survivorapp.ui.caseload import model as caseload_model
from survivorapp.ui.caseload.model import (
    COLUMNS,
    MAX_CACHED_PAGES,
    PAGE_SIZE,
    CaseloadTableModel,
    Deliver,
    fetch_now,
)
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

# --- the model with a fake fetch ----------------------------------------------------------------


@dataclass(frozen=True)
class FakeRow:
    id: int
    reference: str
    known_as: str | None = None
    allocated_worker: str | None = None
    status: str = "active"
    service_line: str = "isva"
    last_contact_date: str | None = None
    restricted: bool = False
    next_court_date: str | None = None


class FakeRequests:
    """A ``request_page`` that keeps every request until the test delivers it, as the vault
    thread answers later; rows for every id except those listed as missing."""

    def __init__(self, missing: Sequence[int] = ()) -> None:
        self.calls: list[list[int]] = []
        self.waiting: list[tuple[list[int], Deliver]] = []
        self.missing = set(missing)

    def __call__(self, ids: Sequence[int], deliver: Deliver) -> None:
        self.calls.append(list(ids))
        self.waiting.append((list(ids), deliver))

    def answer(self, ids: list[int]) -> list[FakeRow]:
        return [FakeRow(i, f"C-{i:06d}") for i in ids if i not in self.missing]

    def deliver_all(self) -> None:
        waiting, self.waiting = self.waiting, []
        for ids, deliver in waiting:
            deliver(self.answer(ids))


def model_with(count: int, requests: FakeRequests) -> CaseloadTableModel:
    model = CaseloadTableModel(requests)
    model.set_ids(range(1, count + 1))
    return model


def loaded(model: CaseloadTableModel, requests: FakeRequests, row: int) -> FakeRow | None:
    """The row as the view gets it once the vault thread has answered."""
    model.row_at(row)
    requests.deliver_all()
    return model.row_at(row)  # type: ignore[return-value]


def test_a_missing_page_shows_placeholders_until_it_arrives() -> None:
    requests = FakeRequests()
    model = model_with(250, requests)
    assert requests.calls == []  # setting ids asks for nothing
    assert model.rowCount() == 250 and model.columnCount() == len(COLUMNS)

    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles=(): changed.append(
            (first.row(), first.column(), last.row(), last.column())
        )
    )
    assert model.data(model.index(150, 0)) == "…"  # asked for, not waited for
    assert model.data(model.index(150, 1)) == ""
    assert model.data(model.index(150, 0), Qt.ItemDataRole.UserRole) is None
    assert requests.calls == [list(range(101, 201))]
    assert len(requests.calls[0]) == PAGE_SIZE and model.pages_in_flight == 1
    assert changed == []

    requests.deliver_all()
    assert changed == [(100, 0, 199, len(COLUMNS) - 1)]  # just that page's rows
    assert model.data(model.index(150, 0)) == "C-000151"
    assert model.data(model.index(150, 0), Qt.ItemDataRole.UserRole) == "C-000151"
    assert model.cached_pages == 1 and model.pages_in_flight == 0


def test_a_page_is_asked_for_once_while_it_is_on_its_way() -> None:
    requests = FakeRequests()
    model = model_with(1_000, requests)
    for row in (100, 150, 199):  # one page, many cells and roles, painted again and again
        for column in range(len(COLUMNS)):
            model.data(model.index(row, column))
            model.data(model.index(row, column), Qt.ItemDataRole.AccessibleTextRole)
    assert requests.calls == [list(range(101, 201))]
    requests.deliver_all()
    for row in (100, 150, 199):  # the same page again: cached, nothing asked
        assert model.row_at(row) is not None
    assert len(requests.calls) == 1

    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert len(requests.calls) == 1  # a role the table does not show asks nothing
    model.row_at(0)
    assert requests.calls[-1] == list(range(1, 101))
    assert model.row_at(-1) is None and model.row_at(1_000) is None
    assert len(requests.calls) == 2


def test_the_last_page_may_be_short() -> None:
    requests = FakeRequests()
    model = model_with(250, requests)
    assert loaded(model, requests, 249).id == 250  # type: ignore[union-attr]
    assert requests.calls == [list(range(201, 251))]


def test_a_page_for_ids_since_replaced_is_dropped() -> None:
    requests = FakeRequests()
    model = model_with(300, requests)
    model.row_at(0)
    model.set_ids([42, 7])  # a new search while the old first page was on its way
    stale_ids, stale_deliver = requests.waiting.pop()
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last, _roles=(): changed.append(first.row()))
    stale_deliver(requests.answer(stale_ids))
    assert changed == [] and model.cached_pages == 0
    assert model.data(model.index(0, 0)) == "…"  # not C-000001
    assert requests.calls[-1] == [42, 7]  # the new list's page, asked for afresh
    requests.deliver_all()
    assert model.data(model.index(0, 0)) == "C-000042"
    assert model.data(model.index(1, 0)) == "C-000007"


def test_least_recently_used_pages_are_evicted(monkeypatch: pytest.MonkeyPatch) -> None:
    requests = FakeRequests()
    model = model_with((MAX_CACHED_PAGES + 5) * PAGE_SIZE, requests)
    for page in range(MAX_CACHED_PAGES):
        loaded(model, requests, page * PAGE_SIZE)
    assert model.cached_pages == MAX_CACHED_PAGES
    model.row_at(0)  # page 0 is now the most recently used; page 1 the least
    loaded(model, requests, MAX_CACHED_PAGES * PAGE_SIZE)  # one more page: page 1 goes
    assert model.cached_pages == MAX_CACHED_PAGES
    calls = len(requests.calls)
    assert model.row_at(0) is not None
    assert len(requests.calls) == calls  # still cached
    assert model.row_at(PAGE_SIZE) is None  # evicted: a placeholder, and asked for again
    assert requests.calls[-1][0] == PAGE_SIZE + 1
    requests.deliver_all()
    assert model.row_at(PAGE_SIZE) is not None

    monkeypatch.setattr(caseload_model, "MAX_CACHED_PAGES", 2)
    loaded(model, requests, 2 * PAGE_SIZE)
    assert model.cached_pages == 2


def test_rows_missing_from_a_page_show_as_placeholders() -> None:
    requests = FakeRequests(missing=[3])  # e.g. a case restricted since the ids were listed
    model = model_with(10, requests)
    assert loaded(model, requests, 2) is None
    assert model.row_at(3) is not None
    index = model.index(2, 0)
    assert model.data(index) == "…"
    assert model.data(model.index(2, 1)) == ""
    assert model.data(index, Qt.ItemDataRole.UserRole) is None
    assert model.data(model.index(3, 0)) == "C-000004"
    assert model.data(model.index(3, 0), Qt.ItemDataRole.UserRole) == "C-000004"
    assert len(requests.calls) == 1  # the missing row does not ask again


def test_set_ids_resets_rows_and_cache() -> None:
    requests = FakeRequests()
    model = model_with(300, requests)
    loaded(model, requests, 0)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_ids([42, 7])
    assert resets == [True]
    assert model.rowCount() == 2 and model.ids == [42, 7]
    assert model.cached_pages == 0
    assert loaded(model, requests, 0).id == 42  # type: ignore[union-attr]
    assert requests.calls[-1] == [42, 7]


def test_the_same_ids_read_again_keep_the_order_and_ask_again() -> None:
    requests = FakeRequests()
    model = model_with(5, requests)
    loaded(model, requests, 0)
    model.row_at(1)  # cached: nothing asked
    model.set_ids(model.ids)  # read again after a change
    assert model.cached_pages == 0 and model.rowCount() == 5
    assert loaded(model, requests, 0) is not None
    assert len(requests.calls) == 2


def test_rows_read_before_a_change_stay_on_screen_until_read_again() -> None:
    requests = FakeRequests()
    model = model_with(5, requests)
    loaded(model, requests, 0)
    model.set_ids(model.ids)  # a save elsewhere: the list must not blank while it is re-read
    assert model.data(model.index(0, 0)) == "C-000001"
    assert model.pages_in_flight == 1
    requests.missing = {1}  # the case has gone (restricted, say) by the time it is read again
    requests.deliver_all()
    assert model.data(model.index(0, 0)) == "…"
    model.set_ids([2, 3])  # a new search shows nothing of the old rows
    assert model.data(model.index(0, 0)) == "…"


def test_a_first_page_read_with_the_ids_paints_without_a_second_trip() -> None:
    requests = FakeRequests()
    model = CaseloadTableModel(requests)
    model.set_ids(range(1, 151), requests.answer(list(range(1, 101))))
    assert model.data(model.index(0, 0)) == "C-000001"
    assert model.data(model.index(99, 0)) == "C-000100"
    assert requests.calls == [] and model.cached_pages == 1
    assert model.data(model.index(100, 0)) == "…"  # the second page is still asked for
    assert requests.calls == [list(range(101, 151))]


def test_an_invalidated_page_on_its_way_is_dropped_and_asked_for_again() -> None:
    requests = FakeRequests()
    model = model_with(5, requests)
    model.row_at(0)
    model.set_ids(model.ids)  # a change while the page was on its way: it may be out of date
    model.row_at(0)
    assert len(requests.calls) == 2
    requests.deliver_all()  # the old answer is dropped, the new one kept
    assert model.cached_pages == 1 and model.row_at(0) is not None


def test_new_labels_repaint_without_asking_for_rows_again() -> None:
    requests = FakeRequests()
    model = model_with(5, requests)
    loaded(model, requests, 0)
    changed: list[int] = []
    model.dataChanged.connect(lambda first, last, _roles=(): changed.append(last.row()))
    model.labels_changed()
    assert changed == [4] and model.cached_pages == 1
    model.row_at(0)
    assert len(requests.calls) == 1


def test_fetch_now_delivers_at_once() -> None:
    fetched: list[list[int]] = []

    def fetch(ids: Sequence[int]) -> list[FakeRow]:
        fetched.append(list(ids))
        return [FakeRow(i, f"C-{i:06d}") for i in ids]

    model = CaseloadTableModel(fetch_now(fetch))
    model.set_ids([5, 6])
    assert model.data(model.index(1, 0)) == "C-000006"
    assert fetched == [[5, 6]] and model.pages_in_flight == 0


def test_display_text_for_every_column() -> None:
    labels = {("case_status", "active"): "Open", ("service_line", "isva"): "ISVA"}
    model = CaseloadTableModel(
        FakeRequests(), lambda vocab, code: labels.get((vocab, code or ""), f"?{code}")
    )
    row = FakeRow(
        1,
        "C-000001",
        known_as="Zan",
        allocated_worker="sam",
        status="active",
        service_line="isva",
        last_contact_date="2026-03-04",
        restricted=True,
        next_court_date="2026-12-08",
    )
    text = {key: model.display_text(row, key) for key, _ in COLUMNS}
    assert text["reference"] == "C-000001"
    assert text["known_as"] == "Zan"
    assert text["status"] == "Open"
    assert text["service_line"] == "ISVA"
    assert text["last_contact_date"] == "2026-03-04"
    assert text["flags"] == "Restricted"
    assert text["next_court_date"] == "2026-12-08"
    assert text["allocated_worker"] in ("sam", "?sam")  # shown as is, or through the labels

    bare = FakeRow(2, "C-000002")
    assert model.display_text(bare, "known_as") == "—"
    assert model.display_text(bare, "flags") == ""
    assert model.display_text(bare, "last_contact_date") == ""
    assert model.display_text(bare, "allocated_worker") in ("", "?None")
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(COLUMNS))] == [
        title for _, title in COLUMNS
    ]


# --- a real vault through CaseService -----------------------------------------------------------

WORKER = "sam.isva"


def _open(
    session: VaultSession,
    known_as: str,
    *,
    line: str = "isva",
    status: str = "waiting",
    worker: str | None = None,
) -> str:
    case = session.cases.open_new_case(
        Survivor(reference="", name=f"{known_as} Test", known_as=known_as),
        Case(
            reference="",
            survivor_reference="",
            referral_date=dt.date(2026, 2, 1),
            service_line=line,
            status=status,
            referral_source="self",
        ),
    )
    if worker is not None:
        session.cases.allocate(case.reference, worker)
    return case.reference


@dataclass(frozen=True)
class Caseload:
    session: VaultSession
    refs: dict[str, str]  # known-as name -> case reference

    def shown(
        self,
        filters: CaseloadFilter = CaseloadFilter(),  # noqa: B008 - frozen dataclass
        *,
        mine_only: bool = False,
    ) -> list[str]:
        """What the table shows: ids from caseload_ids, rows paged in through the model."""
        model = CaseloadTableModel(fetch_now(self.session.cases.caseload_rows))
        model.set_ids(self.session.cases.caseload_ids(filters, mine_only=mine_only))
        return [model.data(model.index(r, 1)) for r in range(model.rowCount()) if model.row_at(r)]


@pytest.fixture
def caseload(vault_dir: Path, access: VaultAccess) -> Iterator[Caseload]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.accounts.add(WORKER, "Sam", ("isva",), "another long passphrase here")
        refs = {
            "Amber": _open(session, "Amber", worker=ADMIN),
            "Birch": _open(session, "Birch", line="counselling", worker=WORKER),
            "Cedar": _open(session, "Cedar", line="counselling"),
            "Dune": _open(session, "Dune", worker=ADMIN),
        }
        session.cases.update_case(_with_status(session, refs["Dune"], "closed"))
        session.cases.log_session(
            Session(
                case_reference=refs["Cedar"],
                session_date=dt.date(2026, 2, 10),
                duration_minutes=30,
                mode="phone",
                kind="emotional_support",
                note="Talked about the marmalade allotment plan",
            )
        )
        yield Caseload(session, refs)


def _with_status(session: VaultSession, reference: str, status: str) -> Case:
    import dataclasses

    case = session.cases.cases.get("reference", reference)
    assert case is not None
    return dataclasses.replace(
        case,
        status=status,
        closure_date=session.ctx.today(),
        closure_reason="support_complete",
    )


def test_all_cases_in_reference_order(caseload: Caseload) -> None:
    assert caseload.shown() == ["Amber", "Birch", "Cedar", "Dune"]


def test_status_filter(caseload: Caseload) -> None:
    assert caseload.shown(CaseloadFilter(status="closed")) == ["Dune"]
    assert caseload.shown(CaseloadFilter(status="waiting")) == ["Cedar"]
    assert caseload.shown(CaseloadFilter(status="active")) == ["Amber", "Birch"]


def test_service_line_filter(caseload: Caseload) -> None:
    assert caseload.shown(CaseloadFilter(service_line="counselling")) == ["Birch", "Cedar"]
    assert caseload.shown(CaseloadFilter(service_line="cyp_isva")) == []


def test_worker_filter(caseload: Caseload) -> None:
    assert caseload.shown(CaseloadFilter(worker=WORKER)) == ["Birch"]
    assert caseload.shown(CaseloadFilter(worker=ADMIN)) == ["Amber", "Dune"]
    assert caseload.shown(CaseloadFilter(worker=ADMIN, status="active")) == ["Amber"]


def test_mine_versus_all(caseload: Caseload) -> None:
    assert caseload.shown(mine_only=True) == ["Amber", "Dune"]
    assert caseload.shown(mine_only=False) == ["Amber", "Birch", "Cedar", "Dune"]


def test_search_names_references_and_notes(caseload: Caseload) -> None:
    assert caseload.shown(CaseloadFilter(search="bir")) == ["Birch"]
    assert caseload.shown(CaseloadFilter(search=caseload.refs["Dune"])) == ["Dune"]
    assert caseload.shown(CaseloadFilter(search="marmal")) == ["Cedar"]  # a session note
    assert caseload.shown(CaseloadFilter(search="marmalade allot")) == ["Cedar"]
    assert caseload.shown(CaseloadFilter(search="nothing-like-this")) == []
    assert caseload.shown(CaseloadFilter(search="marmal", status="closed")) == []


def test_text_with_nothing_to_search_for_leaves_the_list_as_it_was(caseload: Caseload) -> None:
    """Punctuation or a single letter cannot narrow anything down (one letter matches nearly
    every case); the list stays whole and the page says "type at least two letters"."""
    everyone = ["Amber", "Birch", "Cedar", "Dune"]
    assert caseload.shown(CaseloadFilter(search="  ,, ")) == everyone
    assert caseload.shown(CaseloadFilter(search="b")) == everyone
    assert caseload.shown(CaseloadFilter(search="C-")) == everyone


def test_a_restricted_case_is_flagged_for_those_named_on_it(
    caseload: Caseload,
) -> None:
    session = caseload.session
    session.cases.restrict(caseload.refs["Birch"], [WORKER])
    model = CaseloadTableModel(fetch_now(session.cases.caseload_rows))
    model.set_ids(session.cases.caseload_ids(CaseloadFilter(search="birch")))
    assert model.rowCount() == 1
    assert model.data(model.index(0, len(COLUMNS) - 1)) == "Restricted"
    assert model.data(model.index(0, 1)) == "Birch"
