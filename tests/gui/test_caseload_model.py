"""The caseload model as a plain object (no window): paging, caching, placeholders, text; and
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


class FakeFetch:
    """Records every call; returns a row for each id except those listed as missing."""

    def __init__(self, missing: Sequence[int] = ()) -> None:
        self.calls: list[list[int]] = []
        self.missing = set(missing)

    def __call__(self, ids: Sequence[int]) -> list[FakeRow]:
        self.calls.append(list(ids))
        return [FakeRow(i, f"C-{i:06d}") for i in ids if i not in self.missing]


def model_with(count: int, fetch: FakeFetch) -> CaseloadTableModel:
    model = CaseloadTableModel(fetch)
    model.set_ids(range(1, count + 1))
    return model


def test_rows_page_in_a_hundred_at_a_time_and_are_cached() -> None:
    fetch = FakeFetch()
    model = model_with(1_000, fetch)
    assert fetch.calls == []  # setting ids fetches nothing
    assert model.rowCount() == 1_000 and model.columnCount() == len(COLUMNS)

    row = model.row_at(150)
    assert row is not None and row.id == 151
    assert fetch.calls == [list(range(101, 201))]
    assert len(fetch.calls[0]) == PAGE_SIZE

    for r in (100, 150, 199):  # the same page again: nothing fetched
        assert model.row_at(r) is not None
    assert len(fetch.calls) == 1
    assert model.cached_pages == 1

    model.row_at(0)
    assert fetch.calls[-1] == list(range(1, 101))
    assert model.row_at(-1) is None and model.row_at(1_000) is None
    assert len(fetch.calls) == 2


def test_the_last_page_may_be_short() -> None:
    fetch = FakeFetch()
    model = model_with(250, fetch)
    assert model.row_at(249).id == 250  # type: ignore[union-attr]
    assert fetch.calls == [list(range(201, 251))]


def test_least_recently_used_pages_are_evicted(monkeypatch: pytest.MonkeyPatch) -> None:
    fetch = FakeFetch()
    model = model_with((MAX_CACHED_PAGES + 5) * PAGE_SIZE, fetch)
    for page in range(MAX_CACHED_PAGES):
        model.row_at(page * PAGE_SIZE)
    assert model.cached_pages == MAX_CACHED_PAGES
    model.row_at(0)  # page 0 is now the most recently used; page 1 the least
    model.row_at(MAX_CACHED_PAGES * PAGE_SIZE)  # one more page: page 1 goes
    assert model.cached_pages == MAX_CACHED_PAGES
    calls = len(fetch.calls)
    model.row_at(0)
    assert len(fetch.calls) == calls  # still cached
    model.row_at(PAGE_SIZE)
    assert fetch.calls[-1][0] == PAGE_SIZE + 1  # evicted, fetched again

    monkeypatch.setattr(caseload_model, "MAX_CACHED_PAGES", 2)
    model.row_at(2 * PAGE_SIZE)
    assert model.cached_pages == 2


def test_rows_missing_from_a_fetch_show_as_placeholders() -> None:
    fetch = FakeFetch(missing=[3])  # e.g. a case restricted since the ids were listed
    model = model_with(10, fetch)
    assert model.row_at(2) is None
    assert model.row_at(3) is not None
    index = model.index(2, 0)
    assert model.data(index) == "…"
    assert model.data(model.index(2, 1)) == ""
    assert model.data(index, Qt.ItemDataRole.UserRole) is None
    assert model.data(model.index(3, 0)) == "C-000004"
    assert model.data(model.index(3, 0), Qt.ItemDataRole.UserRole) == "C-000004"
    assert len(fetch.calls) == 1


def test_set_ids_resets_rows_and_cache() -> None:
    fetch = FakeFetch()
    model = model_with(300, fetch)
    model.row_at(0)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_ids([42, 7])
    assert resets == [True]
    assert model.rowCount() == 2 and model.ids == [42, 7]
    assert model.cached_pages == 0
    assert model.row_at(0).id == 42  # type: ignore[union-attr]
    assert fetch.calls[-1] == [42, 7]


def test_invalidate_rows_keeps_the_order_and_refetches() -> None:
    fetch = FakeFetch()
    model = model_with(5, fetch)
    model.row_at(0)
    model.invalidate_rows()
    assert model.cached_pages == 0 and model.rowCount() == 5
    model.row_at(0)
    assert len(fetch.calls) == 2


def test_display_text_for_every_column() -> None:
    labels = {("case_status", "active"): "Open", ("service_line", "isva"): "ISVA"}
    model = CaseloadTableModel(
        FakeFetch(), lambda vocab, code: labels.get((vocab, code or ""), f"?{code}")
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
        model = CaseloadTableModel(self.session.cases.caseload_rows)
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
    model = CaseloadTableModel(session.cases.caseload_rows)
    model.set_ids(session.cases.caseload_ids(CaseloadFilter(search="birch")))
    assert model.rowCount() == 1
    assert model.data(model.index(0, len(COLUMNS) - 1)) == "Restricted"
    assert model.data(model.index(0, 1)) == "Birch"
