"""Encryption at rest for the most private free text (check-in notes, reflections).

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`, with MultiFernet for rotation: the first
key in ENCRYPTION_KEYS encrypts, every key decrypts. To rotate, put a new key first, deploy, run
`alongside rotate_encryption_keys`, then drop the old key (docs/operations.md).
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models


def derive_key(secret: str) -> bytes:
    """A Fernet key derived from SECRET_KEY, for instances that set no ENCRYPTION_KEYS."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"alongside-fields").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    material = [key.encode() for key in keys] or [derive_key(settings.SECRET_KEY)]
    return MultiFernet([Fernet(key) for key in material])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Encrypted text could not be read with the configured keys") from error


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode() if token else ""


class EncryptedTextField(models.TextField):
    """Text stored encrypted; Python code only ever sees the plain text. Not searchable."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str:
        return decrypt(value) if value else ""

    def get_prep_value(self, value: object) -> str:
        return encrypt(str(value)) if value else ""
