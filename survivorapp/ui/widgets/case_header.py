"""The top of every case: who this is, and how it is safe to contact them.

The safe-contact summary is always visible (DESIGN.md 4: safety first) and sits above anything
a worker might act on. Red is used only for raised risk flags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from survivorapp.services.case_views import CaseDetail
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.theme import heading_font


class CaseHeaderWidget(QFrame):
    back_requested = Signal()

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._labels = labels
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Caseload"))
        self.back_button.setAccessibleName(self.tr("Back to the caseload"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.title = QLabel()
        self.title.setFont(heading_font(self, 1.35))
        self.title.setAccessibleName(self.tr("Case"))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setProperty("role", "muted")
        self.details.setAccessibleName(self.tr("Case details"))
        self.restricted = QLabel(self.tr("Restricted"))
        self.restricted.setProperty("role", "heading")
        self.restricted.setToolTip(self.tr("Only named users can see this survivor's records."))
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.details, 1)
        top.addWidget(self.restricted)
        outer.addLayout(top)

        contact_row = QHBoxLayout()
        heading = QLabel(self.tr("Safe contact:"))
        heading.setProperty("role", "heading")
        self.safe_contact = QLabel(wordWrap=True)
        self.safe_contact.setAccessibleName(self.tr("Safe-contact summary"))
        self.safe_contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        contact_row.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
        contact_row.addWidget(self.safe_contact, 1)
        outer.addLayout(contact_row)
        self.risk = QLabel(wordWrap=True)
        self.risk.setProperty("role", "risk")
        self.risk.setAccessibleName(self.tr("Risk flags"))
        outer.addWidget(self.risk)

    def stack_details_under_title(self) -> None:
        """For a narrow side panel: the case details wrap on their own line under the title,
        so the safe-contact summary keeps a readable width."""
        self.details.setWordWrap(True)
        outer = self.layout()
        if isinstance(outer, QVBoxLayout):
            outer.insertWidget(1, self.details)

    def show_case(
        self,
        detail: CaseDetail,
        risk_flags: Sequence[str],
        workers: Mapping[str, str] | None = None,
    ) -> None:
        survivor, case = detail.survivor, detail.case
        name = survivor.known_as or survivor.name or self.tr("(no name recorded)")
        self.title.setText(f"{case.reference} · {name}")
        pronouns = self._labels.code("pronouns", survivor.pronouns)
        if survivor.pronouns_text:
            pronouns = survivor.pronouns_text
        parts = [
            self.tr("Pronouns: {p}").replace("{p}", pronouns),
            self._labels.code("service_line", case.service_line),
            self._labels.code("case_status", case.status),
        ]
        if case.allocated_worker:
            name = (workers or {}).get(case.allocated_worker.casefold(), case.allocated_worker)
            parts.append(self.tr("Worker: {w}").replace("{w}", name))
        self.details.setText("  ·  ".join(parts))
        self.restricted.setVisible(survivor.restricted)
        self.safe_contact.setText(detail.safe_contact_summary)
        if risk_flags:
            self.risk.setText(
                self.tr("Risk raised in sessions: {flags}").replace(
                    "{flags}", ", ".join(self._labels.code("risk_flag", f) for f in risk_flags)
                )
            )
        self.risk.setVisible(bool(risk_flags))
