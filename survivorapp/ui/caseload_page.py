"""The caseload: every case the worker can see, with filters and as-you-type search.

Filtering, sorting and search run in SQL on the vault thread and return ids; the table pages
rows in as it scrolls. Rows have a fixed height and columns are never resized to contents, so
scrolling 100,000 cases costs one small query per page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.vocabularies import Vocabularies, load_vocabularies
from survivorapp.services.access import VaultSession
from survivorapp.services.cases import CaseloadFilter
from survivorapp.ui.caseload_model import COLUMNS, SORT_KEYS, CaseloadRowLike, CaseloadTableModel
from survivorapp.ui.operations import Operations
from survivorapp.ui.theme import heading_font

SEARCH_DELAY_MS = 150
ALL = ""


def vocabulary_label(vocabularies: Vocabularies):  # type: ignore[no-untyped-def]
    def label(vocabulary: str, code: str | None) -> str:
        if not code:
            return ""
        vocab = vocabularies.get(vocabulary)
        return vocab.label(code) if vocab is not None and vocab.contains(code) else code

    return label


class CaseloadPage(QWidget):
    case_requested = Signal(str)

    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        can_see_all: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._vocabularies = load_vocabularies()
        self._sort = "reference"
        self._descending = False
        self._generation = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        title = QLabel(self.tr("Caseload"))
        title.setFont(heading_font(self, 1.4))
        layout.addWidget(title)

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
            self.tr("Status"), [(self.tr("Any status"), ALL), *self._codes("case_status")]
        )
        self.service_combo = self._combo(
            self.tr("Service line"), [(self.tr("Any service"), ALL), *self._codes("service_line")]
        )
        self.worker_combo = self._combo(self.tr("Worker"), [(self.tr("Any worker"), ALL)])
        if can_see_all:
            self.scope_combo.setCurrentIndex(1)
        filters.addWidget(self.search_edit, 3)
        for combo in (self.scope_combo, self.status_combo, self.service_combo, self.worker_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(240)
            filters.addWidget(combo)
        layout.addLayout(filters)
        # Hide only once it has a parent: showing a parentless widget makes it a window.
        self.worker_combo.setHidden(not can_see_all)

        self.model = CaseloadTableModel(self._fetch_rows, vocabulary_label(self._vocabularies))
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.on_header_section_clicked)
        for column, width in enumerate((110, 170, 150, 100, 170, 110)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self.on_table_activated)
        layout.addWidget(self.table, 1)

        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        self.count_label.setAccessibleName(self.tr("Number of cases shown"))
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.scope_combo, self.status_combo, self.service_combo, self.worker_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        if can_see_all:
            self._load_workers()
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _combo(self, name: str, items: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def _codes(self, vocabulary: str) -> list[tuple[str, str]]:
        return [(code.label, code.code) for code in self._vocabularies[vocabulary]]

    def _load_workers(self) -> None:
        session = self._session

        def fill(names: list[tuple[str, str]]) -> None:
            for label, username in names:
                self.worker_combo.addItem(label, username)

        self._operations.run(
            lambda: [(u.display_name, u.username) for u in session.accounts.list() if u.active],
            on_success=fill,
        )

    # --- data --------------------------------------------------------------------------------

    def current_filter(self) -> CaseloadFilter:
        return CaseloadFilter(
            status=self.status_combo.currentData() or None,
            service_line=self.service_combo.currentData() or None,
            worker=self.worker_combo.currentData() or None,
            search=self.search_edit.text().strip() or None,
        )

    def refresh(self) -> None:
        """Ask the vault thread for the ids matching the filters; newest request wins."""
        self._generation += 1
        generation = self._generation
        filters = self.current_filter()
        mine = self.scope_combo.currentData() == "mine"
        sort, descending, session = self._sort, self._descending, self._session

        def apply(ids: list[int]) -> None:
            if generation == self._generation:
                self.model.set_ids(ids)
                self._show_count(len(ids))

        self._operations.run(
            lambda: session.cases.caseload_ids(
                filters, mine_only=mine, sort=sort, descending=descending
            ),
            on_success=apply,
        )

    def _fetch_rows(self, ids: Sequence[int]) -> Sequence[CaseloadRowLike]:
        session = self._session
        return self._operations.call(lambda: session.cases.caseload_rows(list(ids)))

    def _show_count(self, count: int) -> None:
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

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()
