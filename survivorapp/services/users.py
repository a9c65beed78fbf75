"""Staff accounts: a row in the database (name, roles) and a key slot (their passphrase)."""

from __future__ import annotations

from survivorapp.domain.problems import Problem
from survivorapp.services.context import NotFound, ServiceContext, ValidationFailed
from survivorapp.services.permissions import Action, Role
from survivorapp.vault.audit import register_key
from survivorapp.vault.keyslots import user_key
from survivorapp.vault.user_keys import UserKeys
from survivorapp.vault.users import UserRepository, UserRow

MAX_USERNAME = 64


def check_username(username: str) -> str:
    cleaned = username.strip()
    if not cleaned or len(cleaned) > MAX_USERNAME or any(c.isspace() for c in cleaned):
        raise ValidationFailed(
            [Problem("username", "A user name needs 1 to 64 characters and no spaces.")]
        )
    return cleaned


def check_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    known = {r.value for r in Role}
    if not roles or any(r not in known for r in roles):
        raise ValidationFailed(
            [Problem("roles", "Choose at least one role: caseworker, ISVA, manager or admin.")]
        )
    return tuple(sorted(set(roles)))


class UserService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.repo = UserRepository(ctx.conn)

    def list(self) -> list[UserRow]:
        return self.repo.all()

    def add(
        self, username: str, display_name: str, roles: tuple[str, ...], passphrase: str
    ) -> None:
        self.ctx.require(Action.MANAGE_USERS)
        username, roles = check_username(username), check_roles(roles)
        if self._taken(username):
            raise ValidationFailed([Problem("username", "That user name is already taken.")])
        with self.ctx.write():
            self.repo.add(username, display_name.strip() or username, roles)
            self.ctx.record("create", "user", username, fields=["roles"])
            public = self.ctx.vault.add_user(username, passphrase)  # a failure rolls back
            # Their key enters the log signed by the administrator who made it: until they
            # change this passphrase, entries in their name could also be that administrator's.
            register_key(self.ctx.audit, self.ctx.actor.username, username, public)

    def set_roles(self, username: str, roles: tuple[str, ...]) -> None:
        self.ctx.require(Action.MANAGE_USERS)
        roles = check_roles(roles)
        self._existing(username)
        with self.ctx.write():
            self.repo.set_roles(username, roles)
            self.ctx.record("change", "user", username, fields=["roles"])

    def deactivate(self, username: str) -> None:
        """Remove the user's key slot (they can no longer unlock) and mark them inactive."""
        self.ctx.require(Action.MANAGE_USERS)
        self._existing(username)
        with self.ctx.write():
            self.repo.set_active(username, False)
            self.ctx.record("deactivate", "user", username, fields=["active"])
            self.ctx.vault.remove_user(username)

    def reset_passphrase(self, username: str, new_passphrase: str) -> None:
        """An administrator sets a new passphrase for someone who forgot theirs."""
        self.ctx.require(Action.MANAGE_USERS)
        row = self._existing(username)
        if not row.active:
            raise ValidationFailed([Problem("username", "That account is deactivated.")])
        with self.ctx.write():
            self.ctx.record("reset_passphrase", "user", username, fields=["passphrase"])
            public = self.ctx.vault.add_user(row.username, new_passphrase)  # new keys
            register_key(self.ctx.audit, self.ctx.actor.username, row.username, public)

    def change_own_passphrase(self, old: str, new: str) -> None:
        """A new passphrase comes with new keys, registered with the old ones: whoever chose
        or saw the old passphrase (an administrator who set it) cannot sign as them after."""
        me = self.ctx.actor.username
        keys = UserKeys.generate()
        with self.ctx.write():
            self.ctx.record("change_passphrase", "user", me)
            register_key(self.ctx.audit, me, me, keys.public)
            self.ctx.vault.change_passphrase(me, old, new, keys=keys)

    def _taken(self, username: str) -> bool:
        """Compared the way key slots compare names (casefold), not only SQLite's ASCII NOCASE:
        otherwise 'strasse' would silently replace the key slot of an existing 'straße'."""
        wanted = user_key(username)
        existing = [row.username for row in self.repo.all()] + self.ctx.vault.users()
        return any(user_key(name) == wanted for name in existing)

    def _existing(self, username: str) -> UserRow:
        row = self.repo.get(username)
        if row is None:
            raise NotFound("user")
        return row
