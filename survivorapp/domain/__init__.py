"""domain layer (see ../shared/DESIGN.md section 2).

Pure Python: entities, vocabularies and validation, with no Qt, no SQL and no I/O beyond
reading the vocabulary files. Everything above it (vault, services, ui, cli) speaks in these
types, so the rules for what a valid record is live in one place.
"""

from survivorapp.domain.ages import age_at, age_band
from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord, current_consent, has_consent, latest_consent
from survivorapp.domain.contact import ChannelPreference, SafeContact, safe_contact_summary
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.problems import Problem, RecordError
from survivorapp.domain.recency import recent_band
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.vocabularies import (
    Vocabularies,
    Vocabulary,
    VocabularyError,
    load_vocabularies,
)

__all__ = [
    "Answer",
    "Case",
    "ChannelPreference",
    "ConsentRecord",
    "Incident",
    "Perpetrator",
    "Problem",
    "RecordError",
    "SafeContact",
    "Session",
    "Survivor",
    "Task",
    "Unanswered",
    "Vocabularies",
    "Vocabulary",
    "VocabularyError",
    "age_at",
    "age_band",
    "current_consent",
    "has_consent",
    "latest_consent",
    "load_vocabularies",
    "recent_band",
    "safe_contact_summary",
]
