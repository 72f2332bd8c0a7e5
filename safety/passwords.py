"""Argon2id password hashing and the ASVS password rules (length, common-password list)."""

from __future__ import annotations

import functools
import gzip
import unicodedata
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

MIN_LENGTH = 12
"""ASVS 6.2.1: at least 12 characters; no composition rules (ASVS 6.2.5)."""
MAX_LENGTH = 256
"""ASVS 6.2.9: allow long passphrases (64+); the cap only bounds hashing work."""


@functools.cache
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
    )


def hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
    )


def hash_password(password: str) -> str:
    """Hash a password with the configured Argon2id parameters."""
    return hasher().hash(_normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed stored hash counts as a mismatch."""
    try:
        return hasher().verify(password_hash, _normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash used other parameters than the configured ones."""
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_cost, parallelism).hash("no account has this password")


def burn_verification_time(password: str) -> None:
    """Spend the same Argon2 work as a real check, so unknown e-mails answer in the same time."""
    config = current_app.config
    dummy = _dummy_hash(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
    )
    verify_password(dummy, password)


def _normalise(password: str) -> str:
    # ASVS 6.2.x: any Unicode allowed; NFKC makes the same passphrase typed on different
    # keyboards (composed vs decomposed "ë") match.
    return unicodedata.normalize("NFKC", password)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The bundled list of ~20,000 common passwords (from Django's auth package, BSD)."""
    data = resources.files("safety") / "data" / "common-passwords.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problems(password: str, email: str = "") -> list[str]:
    """Return why `password` is refused (translated messages); an empty list means accepted."""
    normalised = _normalise(password)
    problems = []
    if len(normalised) < MIN_LENGTH:
        problems.append(
            ngettext(
                "Use at least %(count)d character.",
                "Use at least %(count)d characters.",
                MIN_LENGTH,
                count=MIN_LENGTH,
            )
        )
    if len(normalised) > MAX_LENGTH:
        problems.append(
            ngettext(
                "Use at most %(count)d character.",
                "Use at most %(count)d characters.",
                MAX_LENGTH,
                count=MAX_LENGTH,
            )
        )
    lowered = normalised.lower()
    if lowered in common_passwords() or lowered.strip("0123456789!.") in common_passwords():
        problems.append(_l("This password is too common. Choose a passphrase of your own."))
    elif email and lowered in {email.lower(), email.lower().split("@")[0]}:
        problems.append(_l("Do not use your e-mail address as your password."))
    elif len(set(lowered)) <= 2:
        problems.append(_l("This password uses too few different characters to be safe."))
    return [str(problem) for problem in problems]
