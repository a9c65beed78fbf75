"""The distributions behind the synthetic case records (see :mod:`.populate`).

Plausible, not measured from any one service; each table names its basis: REFERENCE.md
sections 1.12, 2.2, 2.5 and 3, ONS Census 2021 for London (ethnicity, religion, borough
populations), and design estimates marked [D] where no public figure exists. Unanswered codes
sit in the same tables as real answers, so the share of "not asked", "prefer not to say" and
"unknown" is part of each distribution. Codes are vocabulary codes; a test checks every one.
"""

from __future__ import annotations

# One namespace for the generators (``dist.SEX``, ``dist.PROFILES``), kept in three files by topic.
from survivorapp.services.synthetic.distributions_incidents import *  # noqa: F403
from survivorapp.services.synthetic.distributions_people import *  # noqa: F403
from survivorapp.services.synthetic.distributions_service import *  # noqa: F403
from survivorapp.services.synthetic.weighted import *  # noqa: F403
