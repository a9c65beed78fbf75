"""The directory of local organisations: everyone who makes referrals looks things up here;
managers add, change and remove entries, or import a whole list from a CSV file.

An import is all or nothing. When some lines need a change the panel lists every one, by line
number, says that nothing was added, and leaves the file as it was so it can be fixed and tried
again. The file chooser is passed in, so tests can answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.directory_csv import ImportReport
from survivorapp.domain.safe_input import UnsafeFile, read_regular
from survivorapp.services.directory import DirectoryService
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for, problems_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.directory_dialog import DirectoryDialog
from survivorapp.ui.referrals.model import DirectoryTableModel
from survivorapp.ui.widgets.confirm_dialog import ConfirmDialog
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import make_table

ChooseFile = Callable[[QWidget], str | None]
SEARCH_DELAY_MS = 150
MAX_CSV_BYTES = 5 * 1024 * 1024
COLUMN_CHARS = (34, 30, 18, 18, 28)
DIRECTORY_CHANGED = Changes(directory=True)


def choose_csv_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, parent.tr("Import organisations"), "", "CSV files (*.csv);;All files (*)"
    )
    return path or None


def read_csv_text(path: Path) -> str:
    """The file's text; spreadsheets save "CSV UTF-8" with a byte-order mark, which is fine.

    Only a regular file of at most 5 MB is read (``UnsafeFile`` otherwise, with a sentence to
    show), so a pipe or a link to a device cannot hang the window or fill memory.
    """
    data = read_regular(path, MAX_CSV_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def report_text(report: ImportReport) -> str:
    if report.ok:
        count = report.imported
        return f"Added {count} organisation{'s' if count != 1 else ''} to the directory."
    lines = "\n".join(str(p) for p in report.problems)
    count = len(report.bad_lines)
    return (
        f"Nothing was added yet: {count} line{'s' if count != 1 else ''} of the file "
        "need a change first. Fix these in the file and import it again; the lines that were "
        f"fine will be added then too.\n\n{lines}"
    )


class DirectoryPanel(QWidget):
    def __init__(
        self,
        operations: Operations,
        directory: DirectoryService,
        labels: Labels,
        can_manage: bool,
        choose_file: ChooseFile = choose_csv_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._directory = directory
        self._labels = labels
        self._choose_file = choose_file
        self.can_manage = can_manage
        self.dialog: SmallDialog | None = None
        self.stale_refresh = StaleRefresh.for_widget(operations, self, self._load, ("directory",))
        self.setAccessibleName(self.tr("Directory of local organisations"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            self.tr(
                "Organisations survivors are referred on to, for choosing when making a "
                "referral. Managers keep this list up to date."
            ),
            wordWrap=True,
        )
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        layout.addLayout(self._build_controls(can_manage))
        self.model = DirectoryTableModel(labels)
        self.table = self._build_table(can_manage)
        layout.addWidget(self.table, 1)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Directory message"))
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setAccessibleName(self.tr("Import report"))
        self.report.setVisible(False)
        self.report.setMaximumHeight(self.fontMetrics().lineSpacing() * 10)
        layout.addWidget(self.report)
        self._refresh_buttons()

    def _build_controls(self, can_manage: bool) -> QHBoxLayout:
        top = QHBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search the directory"))
        self.search.setAccessibleName(self.tr("Search the directory"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.stale_refresh.mark_stale)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        top.addWidget(self.search, 1)
        self.add_button = action_button(self.tr("Add…"))
        self.edit_button = action_button(self.tr("Change…"))
        self.remove_button = action_button(self.tr("Remove…"))
        self.import_button = action_button(self.tr("Import from CSV…"))
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.edit_button.clicked.connect(self.on_edit_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        for button in (self.add_button, self.edit_button, self.remove_button, self.import_button):
            top.addWidget(button)
            button.setVisible(can_manage)
        return top

    def _build_table(self, can_manage: bool) -> QTableView:
        chars = self.fontMetrics().averageCharWidth()
        table = make_table(
            self.model, self.tr("Organisations"), widths=[chars * w for w in COLUMN_CHARS]
        )
        table.selectionModel().selectionChanged.connect(lambda *_: self._refresh_buttons())
        if can_manage:
            table.activated.connect(lambda _i: self.on_edit_button_clicked())
        return table

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.stale_refresh.reload()

    def _load(self) -> None:
        directory, text = self._directory, self.search.text()
        self._operations.run(
            lambda: directory.list(search=text or None),
            self._show,
            lambda exc: self.say(message_for(exc)),
            owner=self,
        )

    def _show(self, organisations: list[DirectoryOrganisation]) -> None:
        self.model.set_items(organisations)
        self._refresh_buttons()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def selected(self) -> DirectoryOrganisation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _refresh_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # --- changes (managers) ----------------------------------------------------------------------

    def _open(self, dialog: SmallDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def _save(self, dialog: DirectoryDialog, organisation: DirectoryOrganisation) -> None:
        directory = self._directory

        def work() -> DirectoryOrganisation:
            if organisation.id is None:
                return directory.add(organisation)
            return directory.update(organisation)

        def saved(result: DirectoryOrganisation) -> None:
            dialog.accept()
            self.say(self.tr("Saved {name}.").replace("{name}", result.name))
            self.reload()

        def failed(exc: BaseException) -> None:
            dialog.show_problems(problems_for(exc))

        self._operations.run(work, saved, failed, owner=self, changes=DIRECTORY_CHANGED)

    def on_add_button_clicked(self) -> None:
        dialog = DirectoryDialog(self._labels, date.today(), parent=self)
        dialog.organisation_ready.connect(lambda o: self._save(dialog, o))
        self._open(dialog)

    def on_edit_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.can_manage:
            return
        dialog = DirectoryDialog(self._labels, date.today(), chosen, parent=self)
        dialog.organisation_ready.connect(lambda o: self._save(dialog, o))
        self._open(dialog)

    def on_remove_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.id is None:
            return
        organisation_id, name, directory = chosen.id, chosen.name, self._directory
        dialog = ConfirmDialog(
            self.tr("Remove from the directory?"),
            self.tr(
                "{name} will no longer be offered when making referrals. Referrals already "
                "made to it keep its name."
            ).replace("{name}", name),
            self.tr("Remove"),
            self,
        )

        def removed(used: int) -> None:
            dialog.accept()
            kept = (
                self.tr(" {n} referrals made to it keep its name.").replace("{n}", str(used))
                if used
                else ""
            )
            self.say(self.tr("Removed {name}.").replace("{name}", name) + kept)
            self.reload()

        dialog.submitted.connect(
            lambda: self._operations.run(
                lambda: directory.remove(organisation_id),
                removed,
                lambda exc: dialog.show_message(message_for(exc)),
                owner=self,
                changes=DIRECTORY_CHANGED,
            )
        )
        self._open(dialog)

    def on_import_button_clicked(self) -> None:
        chosen = self._choose_file(self)
        if not chosen:
            return
        try:
            text = read_csv_text(Path(chosen))
        except UnsafeFile as exc:
            self.say(exc.user_message)
            return
        except OSError:
            self.say(self.tr("That file couldn't be opened. Please check it and try again."))
            return
        directory = self._directory

        def done(report: ImportReport) -> None:
            self.say(report_text(report).split("\n\n", 1)[0])
            self.report.setPlainText("" if report.ok else report_text(report).split("\n\n", 1)[1])
            self.report.setVisible(not report.ok)
            if report.ok:
                self.reload()

        self._operations.run(
            lambda: directory.import_csv(text),
            done,
            lambda exc: self.say(message_for(exc)),
            owner=self,
            changes=DIRECTORY_CHANGED,
        )
