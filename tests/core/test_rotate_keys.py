"""`alongside rotate_encryption_keys` moves every encrypted field to the newest key."""

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from alongside.recovery.actions import save_check_in
from alongside.recovery.models import CheckIn


def raw_note(check_in: CheckIn) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM recovery_checkin WHERE id = %s", [check_in.pk])
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_with_the_new_key_and_keeps_the_text(people, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    check_in = save_check_in(
        user=people.river, mood=3, craving=2, triggers=[], used=False, note="Called my sponsor."
    )
    assert "Called my sponsor" not in raw_note(check_in)
    Fernet(old.encode()).decrypt(raw_note(check_in).encode())

    settings.ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Fernet(new.encode()).decrypt(raw_note(check_in).encode()) == b"Called my sponsor."

    settings.ENCRYPTION_KEYS = [new]  # the old key can go now
    assert CheckIn.objects.get(pk=check_in.pk).note == "Called my sponsor."
