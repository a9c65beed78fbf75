"""Running a script as root of its own user and mount namespace, to get real tmpfs mounts.

Tests run as root in CI, where ``chmod`` stops nothing; a read-only or tiny tmpfs inside an
unprivileged namespace gives the genuine EROFS and ENOSPC the vault must handle.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
UNSHARE = ["unshare", "--user", "--map-root-user", "--mount"]

PRELUDE = """
import os, subprocess, sys
from pathlib import Path

def mount_tmpfs(where, size):
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        check=True,
    )

def remount(where, options):
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)
"""


@functools.cache
def _namespace_problem() -> str | None:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "unshare/mount not installed"
    probe = subprocess.run(
        [*UNSHARE, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    if probe.returncode != 0:
        return f"user namespaces with tmpfs mounts unavailable: {probe.stderr.strip()[:200]}"
    return None


def require_namespace() -> None:
    problem = _namespace_problem()
    if problem is not None:
        pytest.skip(problem)


def run_in_namespace(
    script: str, tmp_path: Path, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (Python, after :data:`PRELUDE`) inside a fresh namespace."""
    require_namespace()
    path = tmp_path / "ns_script.py"
    path.write_text(PRELUDE + script, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [*UNSHARE, sys.executable, str(path), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO_ROOT,
    )
