"""The caseload: every case the worker can see, with filters and as-you-type search.

Filtering, sorting and search run in SQL on the vault thread and return ids; the table pages
rows in as it scrolls. Rows have a fixed height and columns are never resized to contents, so
scrolling 100,000 cases costs one small query per page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.case import Case
from survivorapp.domain.vocabularies import Vocabularies, load_vocabularies
from survivorapp.services.cases import (
    OPEN,
    SEARCH_LIMIT,
    CaseloadFilter,
    CaseService,
    search_key,
    searchable,
)
from survivorapp.services.users import UserService
from survivorapp.ui.case.new_case_dialog import NewCaseDialog, NewCaseInput
from survivorapp.ui.caseload.model import (
    COLUMNS,
    PAGE_SIZE,
    SORT_KEYS,
    CaseloadTableModel,
    Deliver,
    Rows,
)
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for, problems_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.page_layout import heading_row
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import configure_table

SEARCH_DELAY_MS = 150
ALL = ""


def table_label(
    vocabularies: Vocabularies, workers: dict[str, str]
) -> Callable[[str, str | None], str]:
    """Short labels for table cells: "ISVA", not "ISVA (Independent Sexual Violence Adviser)"."""

    def label(vocabulary: str, code: str | None) -> str:
        if not code:
            return ""
        if vocabulary == "worker":
            return workers.get(code.casefold(), code)
        vocab = vocabularies.get(vocabulary)
        text = vocab.label(code) if vocab is not None and vocab.contains(code) else code
        return text.split(" (", 1)[0]

    return label


class CaseloadPage(QWidget):
    """Receives the case service, and the accounts only to name workers; what the person may
    do arrives as two answers (see all cases, open new ones), not as the whole session."""

    case_requested = Signal(str)

    def __init__(
        self,
        operations: Operations,
        cases: CaseService,
        accounts: UserService,
        can_see_all: bool,
        can_create: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._cases = cases
        self._accounts = accounts
        self._vocabularies = load_vocabularies()
        self._labels = Labels(self._vocabularies)
        self._can_see_all = can_see_all
        self._workers: dict[str, str] = {}  # casefolded user name -> display name
        self._worker_list: list[tuple[str, str]] = []  # (user name, display name)
        self._new_case: NewCaseDialog | None = None
        self._sort = "reference"
        self._descending = False
        self._generation = 0
        self._last_query: tuple[object, ...] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addLayout(self._build_title_row())
        layout.addLayout(self._build_filters(can_see_all))
        # Hide only once it has a parent: showing a parentless widget makes it a window.
        self.worker_combo.setHidden(not can_see_all)
        layout.addWidget(self._build_table(), 1)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        self.count_label.setAccessibleName(self.tr("Number of cases shown"))
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.scope_combo, self.status_combo, self.service_combo, self.worker_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_case_button.setHidden(not can_create)
        # What the list shows changes with cases, their sessions and court dates, the waiting
        # list's allocations and staff names: re-read then, now if on screen, else when shown.
        self.stale_refresh = StaleRefresh.for_widget(
            operations,
            self,
            self._reload,
            ("cases", "sessions", "justice", "waiting_list", "users"),
        )
        self._load_workers()
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_title_row(self) -> QHBoxLayout:
        self.new_case_button = QPushButton(self.tr("New case…"))
        self.new_case_button.setProperty("primary", True)
        self.new_case_button.setAccessibleName(self.tr("Open a new case"))
        self.new_case_button.clicked.connect(self.open_new_case_dialog)
        return heading_row(self, self.tr("Caseload"), self.new_case_button)

    def _build_filters(self, can_see_all: bool) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.search_edit = QLineEdit(placeholderText=self.tr("Search names, references, notes…"))
        self.search_edit.setAccessibleName(self.tr("Search cases"))
        self.search_edit.setClearButtonEnabled(True)
        self.scope_combo = self._combo(
            self.tr("Whose cases"),
            [(self.tr("My cases"), "mine")]
            + ([(self.tr("All cases I can see"), "all")] if can_see_all else []),
        )
        self.status_combo = self._combo(
            self.tr("Status"),
            [
                (self.tr("Open (waiting or active)"), OPEN),
                (self.tr("Any status"), ALL),
                *self._codes("case_status"),
            ],
        )
        self.service_combo = self._combo(
            self.tr("Service line"), [(self.tr("Any service"), ALL), *self._codes("service_line")]
        )
        self.worker_combo = self._combo(self.tr("Worker"), [(self.tr("Any worker"), ALL)])
        if can_see_all:
            self.scope_combo.setCurrentIndex(1)
        self.search_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        filters.addWidget(self.search_edit, 3)
        for combo in (self.scope_combo, self.status_combo, self.service_combo, self.worker_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(240)
            filters.addWidget(combo)
        return filters

    def _build_table(self) -> QTableView:
        self.model = CaseloadTableModel(
            self._request_page, table_label(self._vocabularies, self._workers)
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(
            self.table,
            self.tr("Cases"),
            widths=(100, 130, 150, 80, 120, 100, 120),
            alternating=True,
        )
        # Sorting runs in SQL over every matching case, so the header asks the page to sort.
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.on_header_section_clicked)
        self.table.activated.connect(self.on_table_activated)
        return self.table

    def _combo(self, name: str, items: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def _codes(self, vocabulary: str) -> list[tuple[str, str]]:
        return [(code.label, code.code) for code in self._vocabularies[vocabulary]]

    def _load_workers(self) -> None:
        accounts = self._accounts

        def fill(names: list[tuple[str, str]]) -> None:
            self._workers.update({username.casefold(): label for label, username in names})
            self._worker_list = sorted(((u, label) for label, u in names), key=lambda w: w[1])
            if self._can_see_all:
                self._fill_worker_combo(names)
            self.model.labels_changed()

        self._operations.run(
            lambda: [(u.display_name, u.username) for u in accounts.list() if u.active],
            on_success=fill,
            owner=self,
        )

    def _fill_worker_combo(self, names: list[tuple[str, str]]) -> None:
        """The staff after "Any worker", read again after a change; the choice stays."""
        combo, chosen = self.worker_combo, self.worker_combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(combo.count() - 1)
        for label, username in names:
            combo.addItem(label, username)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    # --- data --------------------------------------------------------------------------------

    def current_filter(self) -> CaseloadFilter:
        return CaseloadFilter(
            status=self.status_combo.currentData() or None,
            service_line=self.service_combo.currentData() or None,
            worker=self.worker_combo.currentData() or None,
            search=self.search_edit.text().strip() or None,
        )

    def _reload(self) -> None:
        """After a change elsewhere: the same filters, read again (names may have changed)."""
        self._load_workers()
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> None:
        """Ask the vault thread for the ids matching the filters; newest request wins.

        A keystroke that does not change what is searched for ("C" then "C-") asks nothing.
        """
        self.stale_refresh.loaded()
        filters = self.current_filter()
        mine = self.scope_combo.currentData() == "mine"
        sort, descending, cases = self._sort, self._descending, self._cases
        key = (
            search_key(filters.search),
            filters.status,
            filters.service_line,
            filters.worker,
            mine,
            sort,
            descending,
        )
        if key == self._last_query and not force:
            self._show_count(
                self.model.rowCount(),
                too_short=bool(filters.search) and not searchable(filters.search),
            )
            return
        self._last_query = key
        self._generation += 1
        generation = self._generation
        searching = searchable(filters.search)
        limit = SEARCH_LIMIT + 1 if searching else None

        def read() -> tuple[list[int], Rows]:
            """The ids, and the first page's rows in the same trip: the list paints at once."""
            ids = cases.caseload_ids(
                filters, mine_only=mine, sort=sort, descending=descending, limit=limit
            )
            return ids, cases.caseload_rows(ids[:PAGE_SIZE])

        def apply(found: tuple[list[int], Rows]) -> None:
            if generation != self._generation:
                return  # a newer keystroke's answer is on its way
            ids, first_page = found
            more = limit is not None and len(ids) > SEARCH_LIMIT
            self.model.set_ids(ids[:SEARCH_LIMIT] if more else ids, first_page)
            self._show_count(len(ids), more=more, too_short=bool(filters.search) and not searching)

        self._operations.run(read, on_success=apply, owner=self)

    def _request_page(self, ids: Sequence[int], deliver: Deliver) -> None:
        """The model's pages, read on the vault thread: the GUI never waits for them."""
        cases, wanted = self._cases, list(ids)
        self._operations.run(
            lambda: cases.caseload_rows(wanted),
            on_success=deliver,
            on_failure=lambda exc: self.count_label.setText(message_for(exc)),
            owner=self,
        )

    def _show_count(self, count: int, *, more: bool = False, too_short: bool = False) -> None:
        if more:
            self.count_label.setText(
                self.tr("More than {limit} cases match. Keep typing to narrow it down.").replace(
                    "{limit}", f"{SEARCH_LIMIT:,}"
                )
            )
            return
        if too_short:
            self.count_label.setText(
                self.tr("Type at least two letters or digits to search. Showing every case.")
            )
            return
        if count == 0:
            text = (
                self.tr("No cases match. Try fewer filters or a shorter search.")
                if self.current_filter() != CaseloadFilter()
                else self.tr("No cases yet.")
            )
        elif count == 1:
            text = self.tr("1 case")
        else:
            text = self.tr("{count} cases").replace("{count}", f"{count:,}")
        self.count_label.setText(text)

    # --- slots -------------------------------------------------------------------------------

    def on_header_section_clicked(self, column: int) -> None:
        key = COLUMNS[column][0]
        if key not in SORT_KEYS:
            return
        if key == self._sort:
            self._descending = not self._descending
        else:
            self._sort, self._descending = key, False
        self.table.horizontalHeader().setSortIndicator(
            column,
            Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder,
        )
        self.refresh()

    def on_table_activated(self, index: QModelIndex) -> None:
        reference = self.model.data(index, Qt.ItemDataRole.UserRole)
        if reference:
            self.case_requested.emit(reference)

    # --- new case ----------------------------------------------------------------------------

    def open_new_case_dialog(self) -> None:
        dialog = NewCaseDialog(
            self._labels,
            list(self._worker_list),
            can_allocate=self._can_see_all,
            today=date.today(),
            parent=self,
        )
        dialog.submit_requested.connect(lambda data: self._create_case(dialog, data))
        self._new_case = dialog
        dialog.finished.connect(lambda _r: setattr(self, "_new_case", None))
        dialog.open()

    def _create_case(self, dialog: NewCaseDialog, data: NewCaseInput) -> None:
        cases = self._cases

        def opened(case: Case) -> None:
            dialog.accept()  # the list reads the new case again when it is next shown
            self.case_requested.emit(case.reference)

        def failed(exc: BaseException) -> None:
            dialog.show_problems(problems_for(exc))

        self._operations.run(
            lambda: cases.open_new_case(data.survivor, data.case, data.safe_contact),
            on_success=opened,
            on_failure=failed,
            owner=self,
            changes=Changes(cases=True),
        )

    @property
    def new_case_dialog(self) -> NewCaseDialog | None:
        return self._new_case

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()
