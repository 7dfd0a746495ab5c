"""The keys of SSPF: a keyed hash for pseudonyms and encryption for names, both from one secret
that lives outside the database (``settings.SAMVERKA_SSPF_KEY``: the environment variable of the
same name, or a file in the data folder on a developer's machine).

Why keyed: a plain hash of a personnummer can be reversed by hashing every possible number (a
few hundred million); with HMAC-SHA256 and a key the database does not hold, a stolen database
(or a backup) links cases to each other but not to anyone's identity.

Two independent keys are derived with HKDF (RFC 5869) so that the pseudonym key and the
encryption key never coincide: knowing one tells nothing of the other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derive(purpose: bytes) -> bytes:
    secret = getattr(settings, "SAMVERKA_SSPF_KEY", "")
    if not secret or len(secret) < 32:
        raise ImproperlyConfigured("SAMVERKA_SSPF_KEY must be set (at least 32 characters).")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"samverka-sspf", info=purpose)
    return hkdf.derive(secret.encode())


def normalised_identity(*, personnummer: str = "", name: str = "", birth_date: date) -> str:
    """The identity a pseudonym is computed from: the 12-digit personnummer when there is one,
    otherwise the name (case, accents' composition and spacing normalised) with the birth date.

    The two forms do not link to each other (a person entered once with and once without a
    number gets two pseudonyms); the form says so and asks for the number when it is known.
    """
    if personnummer:
        return f"pnr:{personnummer}"
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = re.sub(r"[\s\-]+", " ", folded).strip()
    return f"namn:{folded}|{birth_date.isoformat()}"


def pseudonym(*, municipality_id: int, identity: str) -> str:
    """HMAC-SHA256 of the identity, as 64 hex digits. The municipality is part of the message,
    so that the same young person in two municipalities gets two unrelated pseudonyms: no tenant
    can link its cases to another's, even with both tables at hand."""
    key = _derive(b"pseudonym")
    message = f"{municipality_id}\x1f{identity}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"fernet")))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text, or an empty string when the key has changed (the name is then lost,
    which is the point of keeping the key outside the database)."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        return ""
