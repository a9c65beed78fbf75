"""The demo vault's account and size, in a module of their own.

Both the generator (which adds demo staff with the demo passphrase) and the demo vault (which
runs the generator) need them; keeping them here lets each import the other's side one way.
"""

from __future__ import annotations

DEMO_USER = "manager"
DEMO_PASSPHRASE = "survivorapp demo"  # noqa: S105 - synthetic demo vault only
DEMO_CASES = 300
DEMO_SEED = 2016
