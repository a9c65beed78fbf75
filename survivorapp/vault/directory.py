"""The directory of local organisations, as a table of records."""

from __future__ import annotations

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.vault import tables
from survivorapp.vault.connection import Connection
from survivorapp.vault.records import Repository


class DirectoryRepository(Repository[DirectoryOrganisation]):
    """Insert, update, delete and list entries. Callers own the transaction."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn, tables.DIRECTORY_ORGANISATIONS)

    def by_name(self) -> list[DirectoryOrganisation]:
        """Every entry in name order, ignoring case (as the export lists them)."""
        return self.select(order_by="name COLLATE NOCASE, id")
