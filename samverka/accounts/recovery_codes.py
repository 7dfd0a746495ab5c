"""Recovery codes (reservkoder): made here, shown once, kept only as keyed hashes.

A code is 80 random bits written as 16 letters and digits (``abcd efgh ijkl mnop``); the
database holds ``HMAC-SHA256(SECRET_KEY, code)``, so a copy of the database gives nobody a code
that works. A keyed hash rather than Django's slow password hash: the codes are random, not
chosen, so nothing is gained by slowness, and a login checks one hash instead of ten slow ones.
The codes of before this module (8 characters, moved by migration 0007) are hashed the same
way; there the key is what keeps a copy of the database from being guessed through.

``SECRET_KEY_FALLBACKS`` are tried too, so rotating the key keeps the codes working until the old
key is dropped from the fallbacks (then users make new codes with their app or passkey).
"""

from __future__ import annotations

import secrets
from base64 import b32encode

from django.conf import settings
from django.utils.crypto import salted_hmac

KEY_SALT = "samverka.accounts.recovery_code"
CODE_BYTES = 10  # 80 bits: 16 base32 characters


def new_code() -> str:
    return b32encode(secrets.token_bytes(CODE_BYTES)).decode().lower()


def shown(code: str) -> str:
    """Groups of four, easier to copy by hand."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(text: str) -> str:
    """As typed: spaces and dashes between the groups do not matter, nor does case."""
    return "".join(ch for ch in text.lower() if ch not in " -\t\n")


def code_hash(code: str, *, secret: str | bytes | None = None) -> str:
    return salted_hmac(
        KEY_SALT, normalise(code), secret=secret or settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def candidate_hashes(code: str) -> list[str]:
    """The code's hash under the key and under each fallback key."""
    return [code_hash(code)] + [
        code_hash(code, secret=fallback) for fallback in settings.SECRET_KEY_FALLBACKS
    ]
