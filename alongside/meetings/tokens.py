"""Proof of attendance: a signed link anyone the member shows it to can verify."""

from django.core import signing

SALT = "alongside.meetings.proof"


def make_proof_token(attendance_id: int) -> str:
    return signing.dumps(attendance_id, salt=SALT)


def read_proof_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
