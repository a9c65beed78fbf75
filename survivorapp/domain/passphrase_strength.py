"""How strong a new passphrase is, in words a person can act on.

Two separate questions. *Acceptable* is a hard floor: the vault's own minimum (kept in step with
``survivorapp.vault.vault.check_new_passphrase``) plus a refusal of the passphrases an attacker
tries first (the user name, runs like ``1234567890``, the most common passwords). *Score* is
advice only: a deliberately rough, conservative estimate of how many guesses the passphrase
would take, counting each word as a word rather than as random letters, so "a few unrelated
words" scores well and ``Password2024!`` does not.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from dataclasses import dataclass

#: Must match ``survivorapp.vault.vault.MIN_PASSPHRASE_LENGTH`` (a unit test checks).
MIN_LENGTH = 10
MIN_DISTINCT = 4
MAX_SCORE = 4

LABELS = ("Very weak", "Weak", "Fair", "Good", "Strong")
#: Estimated bits needed for scores 1, 2, 3 and 4.
THRESHOLDS = (25.0, 35.0, 45.0, 60.0)

# The bases people build their passwords around; a passphrase that is one of these, give or
# take digits, symbols, capitals and letter swaps (p@ssw0rd), is among the first guessed.
_COMMON_BASES_TEXT = """
    password passwort passphrase qwerty qwertyuiop qwertyuiopasdfghjkl asdfghjkl zxcvbnm
    qwertz azerty abc abcdef abcdefgh letmein welcome welcomeback iloveyou iloveu admin
    administrator root login user guest default changeme secret monkey dragon football soccer
    baseball liverpool chelsea arsenal manchester manchesterunited london england britain
    sunshine princess shadow master superman batman starwars pokemon computer internet
    whatever trustno trustnoone freedom summer winter autumn spring hello hellothere
    iloveyoutoo lovely loveyou charlie jessica michelle daniel thomas
    blink myspace facebook google samsung mustang jordan hunter ranger buster tigger
    cheese chocolate flower flowers purple yellow orange banana pepper ginger
    survivor survivorapp support service caseworker
"""
_COMMON_BASES = frozenset(_COMMON_BASES_TEXT.split())
_COMMON_PHRASES = frozenset(
    {
        "iloveyou",
        "letmein",
        "letmeinplease",
        "openup",
        "opensesame",
        "thisismypassword",
        "mypassword",
        "mypassphrase",
        "correcthorsebatterystaple",
        "thequickbrownfox",
        "thequickbrownfoxjumpsoverthelazydog",
        "tobeornottobe",
        "iwantin",
        "changemenow",
        "pleaseletmein",
        "keepcalmandcarryon",
        "onetwothreefourfive",
        "onceuponatime",
        "helloworld",
        "godsavethequeen",
        "godsavetheking",
        "ilovemyself",
        "ilovemyfamily",
        "ilovemykids",
        "ilovemydog",
        "ilovemycat",
        "iloveyoumore",
    }
)
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "!": "i", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s", "7": "t"}
)
_TOKEN = re.compile(r"(?P<letters>[^\W\d_]+)|(?P<digits>\d+)|(?P<space>\s+)|(?P<other>.)", re.S)

_MAX_PERIOD = 4
_EDGE_CHARACTERS = string.digits + string.punctuation + string.whitespace
# a letter swap inside a word (tr0ub4dor) makes it no harder to guess than the word
_LEET_INSIDE_WORD = re.compile(r"(?<=[^\W\d_])[013457@$!](?=[^\W\d_])")
_LETTER_BITS = math.log2(26)
_DIGIT_BITS = math.log2(10)
_SYMBOL_BITS = 5.0


@dataclass(frozen=True)
class Strength:
    score: int
    label: str
    hint: str
    acceptable: bool


def assess(passphrase: str, user_name: str = "") -> Strength:
    """Judge a new passphrase; ``user_name`` is the person's own, which must not be reused."""
    problem = _problem(passphrase, user_name)
    if problem is not None:
        label, hint = problem
        return Strength(0, label, hint, False)
    score = score_for_bits(estimate_bits(passphrase))
    return Strength(score, LABELS[score], _HINTS[score], True)


_HINTS = (
    "Add another word or two. Unrelated words are easiest to remember.",
    "Add another word or two.",
    "A good start. One more word would make it stronger.",
    "This is a good passphrase.",
    "This is a strong passphrase.",
)


def score_for_bits(bits: float) -> int:
    return sum(1 for threshold in THRESHOLDS if bits >= threshold)


def _problem(passphrase: str, user_name: str) -> tuple[str, str] | None:
    """Why the passphrase is below the floor, as (label, hint); None when it is acceptable."""
    if not passphrase:
        return (
            "Not set",
            "A few unrelated words make a good passphrase: easy to remember, hard to guess.",
        )
    if len(passphrase) < MIN_LENGTH:
        missing = MIN_LENGTH - len(passphrase)
        more = "1 more character" if missing == 1 else f"{missing} more characters"
        return "Too short", f"Keep going: {more} needed. A few unrelated words work well."
    if passphrase.strip() != passphrase:
        return "Check spaces", "Please remove the space at the start or end; it is easy to miss."
    if len(set(passphrase)) < MIN_DISTINCT:
        return "Easy to guess", "Try a few different words instead of repeating characters."
    folded = _fold(passphrase)
    if user_name.strip() and _is_user_name(folded, _fold(user_name)):
        return "Easy to guess", "Please choose something other than your user name."
    if _is_run(folded):
        return (
            "Easy to guess",
            "Repeated or sequential characters are guessed quickly. Try a few unrelated words.",
        )
    if _is_common(passphrase):
        return (
            "Easy to guess",
            "That one is on lists of common passwords. Try a few unrelated words instead.",
        )
    return None


def _fold(text: str) -> str:
    """Lower case, accents removed, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _is_user_name(folded: str, user: str) -> bool:
    if not user:
        return False
    if folded == user or folded == user[::-1]:
        return True
    # the user name with only digits around it, e.g. "sam.jones2024"
    return user in folded and folded.replace(user, "", 1).isdigit()


def _is_run(folded: str) -> bool:
    """A unit of up to 4 characters repeated (aaaa, ababa, 1212) or a keyboard/alphabet run.

    Only short units: a passphrase that passes stays passing when a word is added to it.
    """
    if not folded:
        return True
    n = len(folded)
    for period in range(1, min(_MAX_PERIOD, n // 2) + 1):
        if all(folded[i] == folded[i + period] for i in range(n - period)):
            return True
    return any(folded in sequence or folded in sequence[::-1] for sequence in _SEQUENCES)


def _is_common(passphrase: str) -> bool:
    """One of the common bases or phrases, give or take digits and symbols at either end."""
    folded = _fold(passphrase)
    if folded in _COMMON_PHRASES or folded in _COMMON_BASES:
        return True
    core = passphrase.casefold().strip(_EDGE_CHARACTERS)
    for candidate in {_fold(core), _fold(core.translate(_LEET))}:
        if not candidate or candidate in _COMMON_BASES or candidate in _COMMON_PHRASES:
            return True
        if len(candidate) <= _MAX_PERIOD and _is_run(candidate):
            return True
    return False


def estimate_bits(passphrase: str) -> float:
    """A conservative guess count, in bits: the lower of two rough estimates.

    Per character: length times the size of the character classes used (right for random
    strings, far too generous for words). Per token: each word counts as a likely word, each
    run of digits or symbols by its length, a repeated token almost nothing, spaces nothing.
    """
    return min(_character_bits(passphrase), _token_bits(passphrase))


def _character_bits(passphrase: str) -> float:
    pool = 0
    if any(ch.islower() for ch in passphrase):
        pool += 26
    if any(ch.isupper() for ch in passphrase):
        pool += 26
    if any(ch.isdigit() for ch in passphrase):
        pool += 10
    if any(ch.isspace() for ch in passphrase):
        pool += 1
    if any(not ch.isalnum() and not ch.isspace() and ord(ch) < 128 for ch in passphrase):
        pool += 33
    if any(ord(ch) >= 128 and not ch.isspace() for ch in passphrase):
        pool += 100
    return len(passphrase) * math.log2(max(pool, 2))


def _token_bits(passphrase: str) -> float:
    seen: set[str] = set()
    bits = 0.0
    plain = _LEET_INSIDE_WORD.sub(lambda m: m.group().translate(_LEET), passphrase)
    for match in _TOKEN.finditer(plain):
        token = match.group()
        kind = match.lastgroup
        if kind == "space":
            continue
        key = token.casefold()
        if key in seen:
            bits += 1.0
            continue
        seen.add(key)
        if kind == "letters":
            bits += _word_bits(token)
        elif kind == "digits":
            bits += _digit_bits(token)
        else:
            bits += _SYMBOL_BITS
    return bits


def _word_bits(word: str) -> float:
    length = len(word)
    # a real word is one of tens of thousands, not 26**length
    bits = min(length * _LETTER_BITS, 10.0 + 0.5 * length)
    capitalised = word[0].isupper() and word[1:].islower()
    if capitalised or (word.isupper() and length > 1):
        bits += 1.0
    elif not word.islower():
        bits += sum(1.0 for ch in word[1:] if ch.isupper()) + 1.0
    return bits


def _digit_bits(digits: str) -> float:
    if _is_run(digits):
        return 3.0 + math.log2(len(digits))
    if len(digits) == 4 and digits[:2] in {"19", "20"}:
        return 7.0  # a year
    return len(digits) * _DIGIT_BITS
