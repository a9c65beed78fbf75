"""What the disclosure audit found for the preview, and what has been released before.

Two short parts under the choices on the Returns page: one sentence from the audit ("Every
withheld cell is protected against these 3 releases", or what it had to withhold more, or
why this return can't be published), with the cells shown differently from an earlier
release of the same period; then the register of returns released so far, newest first:
what, when and by whom (never a figure). Reading the register runs on the vault thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from survivorapp.services.release_history import ReleaseSummary
from survivorapp.services.return_views import ReturnPreview
from survivorapp.services.returns import ReturnService
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.small_dialog import muted

SHOWN_CHANGES = 6
SHOWN_RELEASES = 8


class ReleasePanel(QWidget):
    def __init__(
        self, operations: Operations, returns: ReturnService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._returns = returns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.audit = QLabel(wordWrap=True)
        self.audit.setAccessibleName(self.tr("What the disclosure audit found"))
        layout.addWidget(self.audit)
        self.changes = muted("")
        self.changes.setAccessibleName(self.tr("Cells shown differently from before"))
        layout.addWidget(self.changes)
        self.register = muted("")
        self.register.setAccessibleName(self.tr("Returns released so far"))
        layout.addWidget(self.register)
        self.show_preview(None)

    def show_preview(self, preview: ReturnPreview | None) -> None:
        line = preview.audit_line if preview is not None else ""
        self.audit.setText(line)
        self.audit.setVisible(bool(line))
        changes = preview.changes if preview is not None else ()
        if changes:
            listed = "\n".join(f"  {c}" for c in changes[:SHOWN_CHANGES])
            more = len(changes) - SHOWN_CHANGES
            extra = self.tr("\n  and {n} more").replace("{n}", str(more)) if more > 0 else ""
            self.changes.setText(
                self.tr(
                    "Shown differently from the earlier release of this period, because "
                    "records were added or changed since (cells withheld then stay withheld):\n"
                )
                + listed
                + extra
            )
        self.changes.setVisible(bool(changes))

    def reload(self) -> None:
        self._operations.run(self._returns.releases, self._show_releases, self._failed, owner=self)

    def _show_releases(self, releases: list[ReleaseSummary]) -> None:
        if not releases:
            self.register.setText(self.tr("Released so far: nothing yet."))
            return
        lines = [
            self.tr("{period}, {level}{k}: {when} by {who}")
            .replace("{period}", r.period)
            .replace("{level}", r.level)
            .replace("{k}", f", k = {r.k}" if r.level == "publication" else "")
            .replace("{when}", r.released_at.strftime("%d %b %Y %H:%M UTC"))
            .replace("{who}", r.released_by)
            for r in releases[:SHOWN_RELEASES]
        ]
        more = len(releases) - SHOWN_RELEASES
        if more > 0:
            lines.append(self.tr("and {n} earlier").replace("{n}", str(more)))
        self.register.setText(self.tr("Released so far:\n") + "\n".join(f"  {x}" for x in lines))

    def _failed(self, exc: BaseException) -> None:
        self.register.setText(self.tr("The list of released returns could not be read."))
