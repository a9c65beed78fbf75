"""The kill -9 soak's machinery: scenarios, the forked children and the tally (``soak.py``)."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import random
import shutil
import signal
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from survivorapp.services.access import VaultAccess, VaultSession

USER = "admin"
PASSPHRASE = "soak test passphrase, long enough"
READY = b"ready"
Report = Callable[[str], None]
"""How a child says "this commit has returned": one short token per commit."""


@dataclass(frozen=True)
class Verdict:
    """What a scenario found in the reopened vault."""

    lost: int  # commits the child reported as durable that are not there
    problems: tuple[str, ...] = ()  # anything else wrong (e.g. half of an import applied)


@dataclass(frozen=True)
class Scenario:
    """One kind of work to kill.

    ``prepare`` runs once per fresh vault in the parent (e.g. open a case to log sessions on);
    ``child`` runs in the child after it has unlocked the vault and loops until it is killed,
    calling ``report`` after each commit returns; ``verify`` gets the reopened vault and every
    token reported. The child is killed between ``min_delay`` and ``max_delay`` seconds after it
    is ready (uniformly at random).
    """

    name: str
    prepare: Callable[[VaultSession, Path], None]
    child: Callable[[VaultSession, Path, Report], None]
    verify: Callable[[VaultSession, Sequence[str]], Verdict]
    max_delay: float = 0.25
    min_delay: float = 0.0


@dataclass
class Tally:
    iterations: int = 0
    failures: int = 0
    lost: int = 0
    reported: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class NoKeyring:
    """A secret store that is never a system store: the soak must not touch the keyring."""

    is_system_store = False
    description = "soak: no keyring"

    def get(self, vault_id: str) -> bytes | None:
        return None

    def put(self, vault_id: str, secret: bytes) -> None:
        raise RuntimeError("the soak does not bind vaults to a device")

    def delete(self, vault_id: str) -> None:
        return None


def access() -> VaultAccess:
    return VaultAccess(secret_store=NoKeyring())


_DERIVED: dict[tuple[str, bytes, str], bytes] = {}


def remember_derivations(known: Mapping[tuple[str, bytes, str], bytes] | None = None) -> None:
    """Derive each (passphrase, salt, cost) once per soak, in parent and children alike.

    Argon2id at the floor cost takes 0.2 to 1 s, and an iteration would pay it twice (the
    child's unlock and the parent's reopening) for nothing the soak tests: unwrapping the slot,
    opening the database after the crash and checking it are still the real ones.
    """
    from survivorapp.vault import kdf

    real = getattr(kdf.derive, "__wrapped__", kdf.derive)
    _DERIVED.update(known or {})

    def derive(passphrase: str, salt: bytes, params: kdf.KdfParams) -> bytes:
        key = (passphrase, bytes(salt), repr(params))
        if key not in _DERIVED:
            _DERIVED[key] = real(passphrase, salt, params)
        return _DERIVED[key]

    derive.__wrapped__ = real  # type: ignore[attr-defined]
    kdf.derive = derive  # type: ignore[assignment]


def side_folder(vault_folder: Path) -> Path:
    """A scenario's own folder beside its vault (backups, copies of old key slots), emptied
    whenever the vault is replaced by a fresh copy of its template."""
    return vault_folder.parent / f"{vault_folder.name}.side"


def load(module: str) -> Scenario:
    scenario = importlib.import_module(module).SCENARIO
    assert isinstance(scenario, Scenario), module
    return scenario


# --- the child ------------------------------------------------------------------------------


def _child(
    module: str,
    folder: str,
    scratch: str,
    out: Connection,
    derived: Mapping[tuple[str, bytes, str], bytes],
) -> None:
    """Runs in the forked child: unlock, say ready, work until killed."""
    try:
        remember_derivations(derived)
        scenario = load(module)
        session = access().unlock(Path(folder), USER, PASSPHRASE)
        out.send_bytes(READY)
        # each token is one small write on the pipe, so a kill never leaves half of one
        scenario.child(session, Path(scratch), lambda token: out.send_bytes(b"+" + token.encode()))
        out.send_bytes(b"!the scenario's child returned instead of working until killed")
    except BaseException as exc:  # reported to the parent as a failure, never swallowed
        out.send_bytes(f"!{type(exc).__name__}: {exc}".encode()[:2000])
        traceback.print_exc()
    os._exit(1)


# --- the parent -----------------------------------------------------------------------------


class Soak:
    """Round after round: a fresh child, a kill, a check. ``modules`` maps names to modules."""

    def __init__(
        self, root: Path, modules: Mapping[str, str], rng: random.Random, recycle: int
    ) -> None:
        self.root = root
        self.modules = dict(modules)
        self.rng = rng
        self.recycle = recycle
        remember_derivations()
        self.scenarios = {name: load(module) for name, module in modules.items()}
        self.tallies = {name: Tally() for name in modules}
        self.templates = {name: self._template(name) for name in modules}
        self.mp = multiprocessing.get_context("forkserver")
        self.mp.set_forkserver_preload([__name__, *modules.values()])

    def _template(self, name: str) -> Path:
        folder = self.root / "templates" / name.replace(" ", "-")
        created = access().create(folder, USER, PASSPHRASE, kdf_target_seconds=0)
        with created.session as session:
            self.scenarios[name].prepare(session, self.root)
        return folder

    def _vault_for(self, name: str, done: int) -> Path:
        folder = self.root / "vaults" / name.replace(" ", "-")
        if done % self.recycle == 0:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(side_folder(folder), ignore_errors=True)
            shutil.copytree(self.templates[name], folder)
            (folder / "vault.lock").unlink(missing_ok=True)
        return folder

    def iterate(self, name: str) -> None:
        tally = self.tallies[name]
        started = time.perf_counter()
        folder = self._vault_for(name, tally.iterations)
        tokens, problem = self._kill_a_child(name, folder)
        lost, problems = self._verify(name, folder, tokens)
        if problem:
            problems.insert(0, problem)
        tally.iterations += 1
        tally.reported += len(tokens)
        tally.lost += lost
        tally.failures += bool(problems or lost)
        tally.notes.extend(f"iteration {tally.iterations}: {p}" for p in problems)
        tally.seconds += time.perf_counter() - started

    def _kill_a_child(self, name: str, folder: Path) -> tuple[list[str], str | None]:
        reader, writer = self.mp.Pipe(duplex=False)
        scratch = self.root / "scratch"
        scratch.mkdir(exist_ok=True)
        args = (self.modules[name], str(folder), str(scratch), writer, dict(_DERIVED))
        child = self.mp.Process(target=_child, args=args, daemon=True)
        child.start()
        writer.close()
        problem = None
        try:
            if not reader.poll(120) or reader.recv_bytes() != READY:
                problem = "the child never became ready"
            else:
                scenario = self.scenarios[name]
                time.sleep(self.rng.uniform(scenario.min_delay, scenario.max_delay))
        except EOFError:
            problem = "the child died before it was ready"
        finally:
            if child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)
            child.join(60)
        tokens: list[str] = []
        while True:
            try:
                if not reader.poll(0):
                    break
                message = reader.recv_bytes()
            except EOFError:
                break
            if message.startswith(b"+"):
                tokens.append(message[1:].decode())
            elif message.startswith(b"!"):
                problem = "the child failed: " + message[1:].decode(errors="replace")
        reader.close()
        if problem is None and child.exitcode != -signal.SIGKILL:
            problem = f"the child ended with {child.exitcode}, not by the kill"
        return tokens, problem

    def _verify(self, name: str, folder: Path, tokens: list[str]) -> tuple[int, list[str]]:
        try:
            with access().unlock(folder, USER, PASSPHRASE) as session:
                report = session.check()
                verdict = self.scenarios[name].verify(session, tokens)
        except Exception as exc:  # a vault that will not reopen is the worst failure
            return 0, [f"the vault did not reopen: {type(exc).__name__}: {exc}"]
        problems = [f"check: {i.name}: {i.detail}" for i in report.items if not i.ok]
        return verdict.lost, problems + list(verdict.problems)


def table(tallies: dict[str, Tally]) -> str:
    headers = ("scenario", "iterations", "failures", "lost commits", "commits", "time s", "s/it")
    rows = [
        (
            name,
            str(t.iterations),
            str(t.failures),
            str(t.lost),
            str(t.reported),
            f"{t.seconds:.1f}",
            f"{t.seconds / max(t.iterations, 1):.3f}",
        )
        for name, t in tallies.items()
    ]
    total = Tally()
    for t in tallies.values():
        total.iterations += t.iterations
        total.failures += t.failures
        total.lost += t.lost
        total.reported += t.reported
        total.seconds += t.seconds
    rows.append(
        (
            "total",
            str(total.iterations),
            str(total.failures),
            str(total.lost),
            str(total.reported),
            f"{total.seconds:.1f}",
            f"{total.seconds / max(total.iterations, 1):.3f}",
        )
    )
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])
