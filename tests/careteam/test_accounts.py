"""Inbox accounts: Argon2 hashes, wrong passwords, lock-out, expiring sessions, password changes."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot.careteam import schema
from bot.careteam.accounts import LOCK_SECONDS, MAX_FAILED_SIGN_INS, Accounts
from bot.careteam.schema import connect

PASSWORD = "correct horse battery"
NOW = 1_800_000_000.0


@pytest.fixture
def accounts(store_url: str) -> Accounts:
    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # still Argon2id; the defaults take ~0.4 s
    accounts = Accounts(connect(store_url), idle_seconds=1800, max_seconds=12 * 3600, hasher=fast)
    assert accounts.set_password("nurse.kim", PASSWORD, NOW)
    return accounts


def test_password_is_stored_as_an_argon2id_hash_only(accounts: Accounts):
    with accounts.engine.connect() as connection:
        stored = connection.execute(select(schema.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_right_password_starts_a_session_wrong_one_does_not(accounts: Accounts):
    session = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    assert session is not None and session.username == "nurse.kim" and session.csrf_token
    assert accounts.session(session.token, NOW + 60).username == "nurse.kim"
    assert accounts.sign_in("nurse.kim", "wrong password here", NOW) is None
    assert accounts.sign_in("nobody", PASSWORD, NOW) is None
    assert accounts.session("made-up-token", NOW) is None


def test_the_cookie_value_is_not_stored(accounts: Accounts):
    session = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    with accounts.engine.connect() as connection:
        stored = connection.execute(select(schema.sessions.c.token_hash)).scalar_one()
    assert stored != session.token and len(stored) == 64


def test_repeated_failures_lock_the_account_for_a_while(accounts: Accounts):
    for _ in range(MAX_FAILED_SIGN_INS):
        assert accounts.sign_in("nurse.kim", "not the password", NOW) is None
    assert accounts.sign_in("nurse.kim", PASSWORD, NOW + 1) is None, "locked: even the right password is refused"
    assert accounts.sign_in("nurse.kim", PASSWORD, NOW + LOCK_SECONDS + 1) is not None


def test_sessions_expire_when_idle_and_after_the_maximum_age(accounts: Accounts):
    idle = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    assert accounts.session(idle.token, NOW + 1799) is not None
    assert accounts.session(idle.token, NOW + 1799 + 1801) is None
    busy = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    for minute in range(20, 12 * 60, 20):  # used every 20 minutes: never idle
        assert accounts.session(busy.token, NOW + 60 * minute) is not None
    assert accounts.session(busy.token, NOW + 12 * 3600 + 1) is None


def test_sign_out_and_password_change_end_sessions(accounts: Accounts):
    first = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    accounts.sign_out(first.token)
    assert accounts.session(first.token, NOW) is None
    second = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    assert not accounts.set_password("nurse.kim", "a brand new passphrase", NOW)
    assert accounts.session(second.token, NOW) is None
    assert accounts.sign_in("nurse.kim", PASSWORD, NOW) is None
    assert accounts.sign_in("nurse.kim", "a brand new passphrase", NOW) is not None


@pytest.mark.parametrize("username, password", [("nurse kim", PASSWORD), ("", PASSWORD), ("x" * 65, PASSWORD),
                                                ("nurse.lee", "short")])
def test_bad_user_names_and_short_passwords_are_refused(accounts: Accounts, username: str, password: str):
    with pytest.raises(ValueError):
        accounts.set_password(username, password, NOW)
    assert accounts.usernames() == ["nurse.kim"]


def test_removing_an_account(accounts: Accounts):
    session = accounts.sign_in("nurse.kim", PASSWORD, NOW)
    assert accounts.remove("nurse.kim") and not accounts.remove("nurse.kim")
    assert accounts.session(session.token, NOW) is None and accounts.usernames() == []
