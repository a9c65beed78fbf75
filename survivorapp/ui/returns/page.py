"""Returns: choose a fixed period and a level, see every table exactly as it will leave, export.

Counting runs on the vault thread: a year over a large vault takes seconds, so the page shows
how far it has got and offers Stop, and leaving the page or locking stops it too. Counting is
done once per period; choosing another level or smallest count shown asks the service to apply
disclosure control again to those same counts (also on the vault thread, never here), with
the same function the export uses. Exporting asks where to save and for the passphrase again,
then the service counts afresh and writes the signed folder, so nothing typed since the
preview is left out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.progress import Cancelled, ProgressReport
from survivorapp.services.permissions import Action, Actor, allowed
from survivorapp.services.return_views import Level, Period, ReturnPreview
from survivorapp.services.returns import CommissionerKey, ReturnService
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operation, Operations
from survivorapp.ui.returns.choices import ReturnChoices
from survivorapp.ui.returns.counting_row import CountingRow
from survivorapp.ui.returns.export_flow import ReturnExport
from survivorapp.ui.returns.release_panel import ReleasePanel
from survivorapp.ui.returns.table_view import ReturnTablesWidget
from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.page_layout import page_heading, scroll_area
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog, Reauthentication
from survivorapp.ui.widgets.small_dialog import muted

ChooseFolder = Callable[[QWidget], str | None]


def choose_return_folder(parent: QWidget) -> str | None:
    chosen = QFileDialog.getExistingDirectory(parent, parent.tr("Where to save the return"))
    return chosen or None


class ReturnsPage(QWidget):
    def __init__(
        self,
        operations: Operations,
        actor: Actor,
        returns: ReturnService,
        reauth: Reauthentication,
        parent: QWidget | None = None,
        choose_folder: ChooseFolder = choose_return_folder,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._returns = returns
        self.can_export = allowed(actor, Action.EXPORT_RETURN)
        #: The preview on screen, while it is the one of the choices made (else None).
        self.preview: ReturnPreview | None = None
        self._counted: ReturnPreview | None = None  # the latest counts of the chosen period
        self._operation: Operation | None = None
        self._ticket = 0  # answers to anything but the latest request are ignored
        self._interrupted = False  # counting was stopped by leaving the page
        self._loaded = False
        self.setAccessibleName(self.tr("Returns"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(10)
        outer.addWidget(page_heading(self, self.tr("Returns")))
        if not self.can_export:
            outer.addWidget(
                muted(
                    self.tr(
                        "Anonymised returns for commissioners are made by managers. They "
                        "count cases, never name anyone, and leave out everyone who said no "
                        "to being counted."
                    )
                )
            )
            outer.addStretch(1)
            return
        self._build(outer)
        self.export = ReturnExport(operations, returns, reauth, self, choose_folder)
        self.export.said.connect(self.on_export_said)
        self._refresh_controls()

    def _build(self, outer: QVBoxLayout) -> None:
        outer.addWidget(
            muted(
                self.tr(
                    "Counts for a fixed period, for your commissioners. Nobody is named, and "
                    "survivors who said no to anonymised statistics are left out. The tables "
                    "below are exactly what will leave."
                )
            )
        )
        self.choices = ReturnChoices()
        self.choices.period_chosen.connect(self.on_choices_period_chosen)
        self.choices.shown_changed.connect(self.on_choices_shown_changed)
        outer.addWidget(self.choices)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "heading")
        self.summary.setAccessibleName(self.tr("Return summary"))
        outer.addWidget(self.summary)
        self.counting = CountingRow()
        self.counting.stop_requested.connect(self.on_counting_stop_requested)
        self.counting.count_requested.connect(self.on_counting_count_requested)
        outer.addWidget(self.counting)
        self.marking = muted("")
        self.marking.setAccessibleName(self.tr("How the figures are protected"))
        outer.addWidget(self.marking)
        self.releases = ReleasePanel(self._operations, self._returns)
        outer.addWidget(self.releases)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setAccessibleName(self.tr("Export the return"))
        self.export_button.setProperty("primary", True)
        self.export_button.clicked.connect(self.on_export_button_clicked)
        row.addWidget(self.export_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.message = message_label(self.tr("Returns message"))
        outer.addWidget(self.message)
        self.tables = ReturnTablesWidget()
        outer.addWidget(scroll_area(self.tables), 1)

    @property
    def reauth(self) -> ReauthDialog | None:
        """The passphrase asked again for an export, while it is open."""
        return self.export.reauth

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.can_export:
            return
        if not self._loaded:
            self._loaded = True
            self.reload()
        elif self._interrupted:
            self._interrupted = False
            self._resume()

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the page, or the workspace taken down at lock, stops the counting.

        Only when the page itself is hidden: the privacy curtain or a minimised window hide
        its ancestors, and the counting carries on behind them.
        """
        super().hideEvent(event)
        if not (self.can_export and self.isHidden()):
            return
        self.export.cancel()
        if self.busy:
            self._interrupted = True
            self._stop(self.tr("Counting stopped when you left the page."))

    def reload(self) -> None:
        self._operations.run(
            self._returns.available_periods,
            self._on_periods_loaded,
            self._failed,
            owner=self,
        )
        self._operations.run(
            self._returns.commissioner_keys,
            self._on_commissioners_loaded,
            self._failed,
            owner=self,
        )
        self.releases.reload()

    def _on_periods_loaded(self, periods: list[Period]) -> None:
        self.choices.set_periods(periods)
        if not periods:
            say(self.message, self.tr("No reporting period has ended yet."))

    def _on_commissioners_loaded(self, keys: list[CommissionerKey]) -> None:
        self.choices.set_commissioners(keys)
        self._refresh_controls()

    # --- the choices -------------------------------------------------------------------------

    def select_period(self, label: str) -> None:
        self.choices.select_period(label)

    def level(self) -> Level:
        return self.choices.level()

    def choose_level(self, level: Level) -> None:
        self.choices.choose_level(level)

    def on_choices_period_chosen(self, label: str) -> None:
        self._counted = None
        self._count(label)

    def on_choices_shown_changed(self) -> None:
        """Another level or threshold: the same counts, shown again (counting shows them when
        it ends)."""
        self._refresh_controls()
        self._apply()

    # --- counting and applying disclosure control (on the vault thread) ----------------------

    @property
    def busy(self) -> bool:
        """Counting or applying disclosure control for what is chosen."""
        return self._operation is not None

    def _start(self) -> int:
        if self._operation is not None:
            self._operation.cancel()
            self._operation = None
        self._ticket += 1
        self.preview = None
        self._interrupted = False
        return self._ticket

    def _count(self, label: str) -> None:
        ticket = self._start()
        self.tables.clear()
        self.summary.setText(
            self.tr("Counting the figures for {period}…").replace("{period}", label)
        )
        self.marking.setText("")
        self.releases.show_preview(None)
        self.counting.show_state(counting=True)
        returns, level, k = self._returns, self.level(), self.choices.k()
        self._operation = self._operations.run_long(
            lambda progress: returns.preview(label, level, k, progress),
            lambda preview: self._received(ticket, preview),
            lambda exc: self._refused(ticket, exc),
            owner=self,
            on_progress=lambda report: self._on_progress(ticket, report),
        )
        self._refresh_controls()

    def _apply(self) -> None:
        """Show the counts already made at the level and threshold now chosen."""
        counted = self._counted
        if counted is None:
            return
        if self._is_chosen(counted):
            self._start()
            self._show_preview(counted)
            return
        level, k = self.level(), self.choices.k()
        ticket = self._start()
        self.summary.setText(self.tr("Applying disclosure control…"))
        returns = self._returns
        self._operation = self._operations.run_long(
            lambda progress: returns.preview_again(counted, level, k, progress),
            lambda preview: self._received(ticket, preview),
            lambda exc: self._refused(ticket, exc),
            owner=self,
        )
        self._refresh_controls()

    def _is_chosen(self, preview: ReturnPreview) -> bool:
        """Whether ``preview`` shows the level and threshold chosen now (of its own period)."""
        return preview.matches(self.level(), self.choices.k())

    def _resume(self) -> None:
        label = self.choices.period_label()
        if self._counted is not None:
            self._apply()
        elif label is not None:
            self._count(label)

    def _on_progress(self, ticket: int, report: ProgressReport) -> None:
        if ticket == self._ticket:
            self.counting.heard(report)

    def _received(self, ticket: int, preview: ReturnPreview) -> None:
        if ticket != self._ticket:
            return  # the person has chosen something else since
        self._operation = None
        self._counted = preview
        if self._is_chosen(preview):
            self._show_preview(preview)
        else:
            self._apply()  # the level changed while counting: the same counts, shown again

    def _refused(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._ticket:
            return
        self._operation = None
        if isinstance(exc, Cancelled):
            self._stop(self.tr("Counting stopped."))
            return
        self.counting.show_state(counting=False)
        self._failed(exc)

    def on_counting_stop_requested(self) -> None:
        self._stop(self.tr("Counting stopped. Nothing was kept."))

    def on_counting_count_requested(self) -> None:
        self._resume()

    def _stop(self, text: str) -> None:
        if self._operation is not None:
            self._operation.cancel()
            self._operation = None
        self._ticket += 1
        self.preview = None
        if self._counted is None:
            self.tables.clear()
            self.marking.setText("")
        self.summary.setText(text)
        self.counting.show_state(counting=False, stopped=True)
        self._refresh_controls()

    # --- showing -----------------------------------------------------------------------------

    def _show_preview(self, preview: ReturnPreview) -> None:
        self.preview = preview
        self.counting.show_state(counting=False)
        self.tables.show_return(preview)
        self.summary.setText(self.summary_text())
        self.marking.setText(preview.marking)
        self.releases.show_preview(preview)
        self._refresh_controls()

    def summary_text(self) -> str:
        preview = self.preview
        if preview is None:
            return ""
        # The manager previewing may know the exact number (it never leaves at publication
        # level); say what the file will carry when that differs.
        exact, shown = str(preview.excluded_exact), preview.excluded_shown
        text = (
            self.tr("{cells} cells suppressed, {excluded} cases excluded for consent")
            .replace("{cells}", f"{preview.suppressed_cells:,}")
            .replace("{excluded}", exact)
        )
        if shown != exact:
            text += self.tr(" (shown in the return as {shown})").replace("{shown}", shown)
        return text + "."

    def _refresh_controls(self) -> None:
        self.choices.refresh()
        sealed = self.level() is Level.SEALED
        commissioners = self.choices.has_commissioners()
        ready = self.preview is not None and self.preview.publishable
        ready = ready and (not sealed or commissioners)
        self.export_button.setEnabled(ready)
        if sealed and not commissioners:
            self.export_button.setToolTip(
                self.tr(
                    "No commissioner's key has been added yet. An administrator adds it in "
                    "Admin, under Commissioner keys."
                )
            )
        else:
            self.export_button.setToolTip("")

    # --- exporting ---------------------------------------------------------------------------

    def on_export_button_clicked(self) -> None:
        if self.preview is None:
            return
        self.export.start(
            self.preview.period.label,
            self.level(),
            self.choices.k(),
            self.choices.commissioner_key_id(),
        )

    # --- messages ----------------------------------------------------------------------------

    def on_export_said(self, text: str) -> None:
        say(self.message, text)
        self.releases.reload()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText("")
        say(self.message, message_for(exc))
