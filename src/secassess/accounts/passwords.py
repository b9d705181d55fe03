"""Passwords (mật khẩu): the rules a new password must meet, and argon2id hashes.

Rules (OWASP ASVS 4.0.3 level 1, V2.1): at least 12 characters once runs of spaces count as one and
spaces at both ends are removed (2.1.1), up to 128 (2.1.2: at least 64 must be allowed), any Unicode text, no composition rules
(2.1.9); not the login itself nor one of the most common passwords (2.1.7, a short list kept with the
package: the machine has no internet to ask a breached-password service). Text is normalised to NFC
first, so the same password typed with a different Vietnamese input method still matches.

Hashes: argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile: 3 passes over 64 MiB, 4
lanes), about 0.15 s on a 2-core test machine; a hash made with weaker parameters is replaced at the
next successful login (:func:`needs_rehash`).
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from secassess.messages import msg
from secassess.text import fold, nfc

MIN_LENGTH = 12
MAX_LENGTH = 128

# The commonest passwords of leaked lists and their Vietnamese habits (compared without case or
# diacritics); anything shorter than MIN_LENGTH is refused anyway.
COMMON = frozenset({
    "123456789012", "1234567890123", "12345678901234", "123456789abc", "1234567890qwerty", "qwertyuiop12",
    "qwertyuiop123", "qwerty123456", "password1234", "password12345", "password123456", "passw0rd1234",
    "abc123456789", "abcd12345678", "iloveyou1234", "admin1234567", "administrator", "1q2w3e4r5t6y",
    "1qaz2wsx3edc", "qazwsxedcrfv", "aaaaaaaaaaaa", "111111111111", "000000000000", "matkhau12345",
    "matkhau123456", "matkhaucuatoi", "congantinh123", "congantinh2025", "congantinh2026", "anhyeuem1234",
    "emyeuanh1234", "vietnam12345", "vietnam123456", "hanoi1234567", "saigon123456", "secassess123",
    "secassess1234", "changeme1234", "welcome12345", "letmein12345",
})


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile


def normalise(password: str) -> str:
    return nfc(password)


def problem(password: str, login: str) -> str | None:
    """Why ``password`` cannot be used for the account ``login`` (translated), or None."""
    pw = normalise(password)
    length = len(" ".join(pw.split()))  # runs of spaces count as one (ASVS 2.1.1)
    if length < MIN_LENGTH:
        return msg("accounts.passwords.password_needs_least_characters_memorable", n=MIN_LENGTH)
    if len(pw) > MAX_LENGTH:
        return msg("accounts.passwords.password_longer_than_characters", n=MAX_LENGTH)
    folded = fold(pw).replace(" ", "")
    if login and fold(login) in folded and len(folded) - len(fold(login)) < 6:
        return msg("accounts.passwords.password_must_not_login_name")
    if folded in COMMON or len(set(folded)) < 4:
        return msg("accounts.passwords.password_too_common_easy_guess")
    return None


def hash_password(password: str) -> str:
    return _hasher().hash(normalise(password))


def verify(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches the hash (a damaged hash never matches)."""
    try:
        return _hasher().verify(stored_hash, normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the login does not exist, so that the answer takes as long as for
    a real account and timing does not tell which logins exist."""
    return hash_password("not a password of anyone")
