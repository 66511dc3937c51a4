"""The storage layer on each database: migrations, id sizes, time zones, constraints,
and concurrent writers."""

from __future__ import annotations

import select as select_module
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import MetaData, Table, event, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.db import make_engine, migrate, session_scope
from storage.models import (
    Action,
    ActionDraft,
    Answer,
    GroupMember,
    Member,
    OutboxMessage,
    Question,
    UnhandledUpdate,
    WorkSession,
)
from storage.repo import actions as action_rows
from storage.repo import members as member_rows
from storage.repo import outbox as outbox_rows
from storage.repo import privacy as privacy_rows
from storage.repo import sessions as session_rows
from storage.values import Family, Kind, OutboxStatus, Priority, SessionStatus
from tests.conftest import NO_POSTGRES, POSTGRES_URL, sqlite_afresh
from tests.engines import engine_of

BIG_USER = 7_123_456_789  # Telegram ids exceed 32 bits
BIG_CHAT = -1_009_876_543_210
T0 = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url):
    migrate(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def new_session(db: Session) -> WorkSession:
    session = WorkSession(
        chat_id=BIG_CHAT,
        chair_id=BIG_USER,
        total_minutes=150,
        step_seconds=[1200, 1800, 1800, 1800, 2400],
        created_at=T0,
    )
    db.add(session)
    db.flush()
    return session


def test_migrations_create_every_table_and_run_twice(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        # The fixture's file is a migrated copy: here the migrations run from nothing.
        database_url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(database_url)
    migrate(database_url)  # a second start changes nothing
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {
        "member",
        "work_session",
        "participant",
        "question",
        "answer",
        "mark",
        "outbox",
        "action",
        "reminder",
        "actiondraft",
        "teammeeting",
        "team_vacation",
    } <= tables
    engine.dispose()


def test_stored_kinds_move_into_columns_and_back(database_url):
    """0016 splits each outbox row's "family:ref:detail" string into columns; a
    downgrade joins them again, so no message loses what it is about either way."""
    stored = ["edit:7:owner", "poster:png", "opening", "board:competenties:grouping:2"]
    migrate(database_url, "0015_membership")
    engine = make_engine(database_url)
    outbox = Table("outbox", MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        connection.execute(
            outbox.insert(),
            [
                {"chat_id": BIG_CHAT, "kind": kind, "text": kind, "pin": False}
                | {"status": "sent", "attempts": 0, "priority": 0, "created_at": T0}
                for kind in stored
            ],
        )
    engine.dispose()
    migrate(database_url)
    engine = make_engine(database_url)
    with Session(engine) as db:
        rows = db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        assert [row.message_kind for row in rows] == [
            Kind(Family.EDIT, 7, "owner"),
            Kind(Family.POSTER, "png"),
            Kind(Family.OPENING),
            Kind(Family.BOARD, "competenties", "grouping:2"),
        ]
        assert rows[0].message_kind.ref_id == 7
    engine.dispose()
    migrate(database_url, "0015_membership")
    engine = make_engine(database_url)
    outbox = Table("outbox", MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        kinds = connection.execute(select(outbox.c.kind).order_by(outbox.c.id)).scalars().all()
    assert kinds == stored
    engine.dispose()


def test_big_telegram_ids_and_aware_times_round_trip(engine):
    amsterdam = timezone(timedelta(hours=1))
    with session_scope(engine) as db:
        member_rows.upsert_member(
            db,
            user_id=BIG_USER,
            first_name="Anna",
            last_name=None,
            username="anna",
            now=datetime(2026, 11, 24, 14, 0, tzinfo=amsterdam),
        )
        new_session(db)
    with Session(engine) as db:
        member = db.get(Member, BIG_USER)
        assert member.updated_at == T0 and member.updated_at.tzinfo is not None
        session = db.exec(select(WorkSession)).one()
        assert session.chat_id == BIG_CHAT and session.step_seconds[-1] == 2400


def test_naive_datetimes_are_refused(engine):
    with pytest.raises(Exception, match="naive"), session_scope(engine) as db:
        member_rows.upsert_member(
            db, user_id=1, first_name="X", last_name=None, username=None, now=datetime(2026, 1, 1)
        )


def test_one_answer_per_telegram_message(engine):
    with session_scope(engine) as db:
        session = new_session(db)
        question = Question(session_id=session.id, step=1, kind="card", text="?", created_at=T0)
        db.add(question)
        db.flush()
        ids = (session.id, question.id)
    row = dict(
        session_id=ids[0],
        question_id=ids[1],
        step=1,
        user_id=BIG_USER,
        chat_id=BIG_CHAT,
        message_id=42,
        text="a",
        created_at=T0,
    )
    with session_scope(engine) as db:
        db.add(Answer(**row))
    with pytest.raises(IntegrityError), session_scope(engine) as db:
        db.add(Answer(**row))


def test_concurrent_answers_are_all_kept(engine):
    """Seven members answering the same question at the same moment: none is lost."""
    with session_scope(engine) as db:
        session = new_session(db)
        question = Question(session_id=session.id, step=1, kind="card", text="?", created_at=T0)
        db.add(question)
        db.flush()
        session_id, question_id = session.id, question.id

    def answer(n: int) -> None:
        with session_scope(engine) as db:
            db.add(
                Answer(
                    session_id=session_id,
                    question_id=question_id,
                    step=1,
                    user_id=BIG_USER + n,
                    chat_id=BIG_CHAT,
                    message_id=1000 + n,
                    text=f"antwoord {n}",
                    created_at=T0,
                )
            )

    with ThreadPoolExecutor(max_workers=7) as pool:
        list(pool.map(answer, range(7)))
    with Session(engine) as db:
        assert len(session_rows.answers(db, session_id=session_id)) == 7


def test_outbox_claim_is_exclusive(engine):
    from storage.models import OutboxMessage

    with session_scope(engine) as db:
        row = outbox_rows.enqueue(
            db, message=OutboxMessage(chat_id=BIG_CHAT, family="reply", text="hallo", created_at=T0)
        )
        row_id = row.id

    def claim(_: int) -> bool:
        with session_scope(engine) as db:
            return outbox_rows.claim_outbox(db, message_id=row_id, now=T0)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(claim, range(8)))
    assert results.count(True) == 1


def test_actions_created_at_the_same_moment_get_different_numbers(engine):
    from datetime import date
    from threading import Barrier

    from storage.models import Action

    start = Barrier(4)

    def create(n: int) -> int:
        start.wait()
        with session_scope(engine) as db:
            action = Action(
                chat_id=BIG_CHAT,
                number=0,
                text=f"actie {n}",
                deadline=date(2026, 12, 15),
                created_by=BIG_USER,
                created_at=T0,
                updated_at=T0,
            )
            return action_rows.add_numbered_action(db, action=action).number

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(create, range(4)))
    assert sorted(numbers) == [1, 2, 3, 4]


def test_a_chats_head_is_the_row_in_flight_then_the_most_urgent_then_the_oldest(engine):
    def queue(family: str, priority: Priority) -> int:
        with session_scope(engine) as db:
            row = OutboxMessage(
                chat_id=BIG_CHAT, family=family, text=family, priority=priority, created_at=T0
            )
            return outbox_rows.enqueue(db, message=row).id

    def head() -> str | None:
        with session_scope(engine) as db:
            found = outbox_rows.chat_head(db, chat_id=BIG_CHAT)
            heads = outbox_rows.outbox_heads(db)
            assert [h.chat_id for h in heads] == ([BIG_CHAT] if found else [])
            return found.row.family if found else None

    first_reply = queue("reply", Priority.ANSWER)
    assert head() == "reply"
    queue("card", Priority.SESSION)
    queue("hulpvraag", Priority.SESSION)
    assert head() == "card", "the session's message goes before the answer queued earlier"
    with session_scope(engine) as db:
        assert outbox_rows.claim_outbox(db, message_id=first_reply, now=T0)
    assert head() == "reply", "a row being sent stays the head: one at a time per chat"

    # A wait Telegram set on one row holds the whole chat, also its more urgent rows.
    with session_scope(engine) as db:
        stored = db.get_one(OutboxMessage, first_reply)
        stored.status, stored.not_before = OutboxStatus.PENDING, T0 + timedelta(seconds=30)
        db.add(stored)
    with session_scope(engine) as db:
        (only,) = outbox_rows.outbox_heads(db)
        assert only.not_before == T0 + timedelta(seconds=30)
        found = outbox_rows.chat_head(db, chat_id=BIG_CHAT)
        assert found is not None and found.not_before == T0 + timedelta(seconds=30)
        assert db.exec(select(outbox_rows.earliest_retry())).one() == T0 + timedelta(seconds=30)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_next_test_gets_the_database_back_as_a_fresh_copy(request, backend):
    """Databases are lent from test to test (tests/conftest.py): what one test stored must
    be gone for the next, and ids count from 1 again, as in a copy of the template."""
    if backend == "sqlite":
        template, lent = (request.getfixturevalue(f) for f in ("migrated_sqlite", "lent_sqlite"))
        lend, give_back = (lambda: sqlite_afresh(template, lent)), (lambda _url: None)
    else:
        if not POSTGRES_URL:
            pytest.skip(NO_POSTGRES)
        databases = request.getfixturevalue("postgres_databases")
        names: dict[str, str] = {}

        def lend() -> str:
            name = databases.lend()
            names[databases.url_of(name)] = name
            return databases.url_of(name)

        def give_back(url: str) -> None:
            engine_of(url).dispose()
            databases.give_back(names[url])

    url = lend()
    with session_scope(engine_of(url)) as db:
        member_rows.upsert_member(
            db, user_id=BIG_USER, first_name="Anna", last_name=None, username=None, now=T0
        )
        first = new_session(db)
        first_id = first.id
    give_back(url)

    url = lend()
    try:
        with session_scope(engine_of(url)) as db:
            assert db.exec(select(Member)).all() == []
            assert db.exec(select(WorkSession)).all() == []
            assert new_session(db).id == first_id == 1
    finally:
        give_back(url)


def test_the_retention_sweep_is_not_compiled_on_postgresql(engine):
    """The retention sweep's statements hold a dozen EXISTS clauses: on tables PostgreSQL
    has not analysed yet, its estimate passed the JIT threshold and every sweep spent about
    100 ms of the server's CPU, most of it compiling a statement that touches a handful of
    rows."""
    if engine.dialect.name != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    seen: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        with session_scope(engine) as db:
            privacy_rows.delete_forgotten_memberships(db, seen_before=T0)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    [(statement, parameters)] = [(s, p) for s, p in seen if "group_member" in s]
    with engine.connect() as connection:
        # Every statement above the JIT threshold, whatever the server's statistics say by
        # now (a server with autovacuum may have analysed the tables): only `jit = off` on
        # the bot's connections keeps the compiler out.
        connection.exec_driver_sql("SET LOCAL jit_above_cost = 0")
        [[plan]] = connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
        ).all()
        connection.rollback()
    assert "JIT" not in plan[0]


LATER = T0 + timedelta(days=400)
# One row of each kind the retention sweep removes, with the moment that makes it old.
ROWS_WITH_A_MOMENT: dict[str, Callable[[datetime], object]] = {
    "a finished session": lambda at: WorkSession(
        chat_id=BIG_CHAT,
        chair_id=BIG_USER,
        total_minutes=150,
        step_seconds=[1200, 1800, 1800, 1800, 2400],
        status=SessionStatus.FINISHED,
        created_at=LATER,
        finished_at=at,
    ),
    "a settled action": lambda at: Action(
        chat_id=BIG_CHAT,
        number=1,
        text="Partnerschool zoeken",
        deadline=date(2027, 1, 15),
        created_by=BIG_USER,
        created_at=LATER,
        updated_at=at,
    ),
    "a draft": lambda at: ActionDraft(
        chat_id=BIG_CHAT, user_id=BIG_USER, created_at=LATER, updated_at=at
    ),
    "a message": lambda at: OutboxMessage(
        chat_id=BIG_CHAT, family=Family.ACTION, text="#1 Partnerschool zoeken", created_at=at
    ),
    "an update left unhandled": lambda at: UnhandledUpdate(
        update_id=1, payload={"update_id": 1}, error="boom", created_at=at
    ),
    "a member of a group": lambda at: GroupMember(
        chat_id=BIG_CHAT, user_id=BIG_USER, last_seen_at=at
    ),
    "a member": lambda at: Member(id=BIG_USER, first_name="Anna", updated_at=at),
}


@pytest.mark.parametrize("kind", sorted(ROWS_WITH_A_MOMENT))
def test_the_retention_sweep_looks_further_when_any_row_is_older_than_the_limit(engine, kind):
    """The sweep first asks whether anything is older than the limit, and stops at no: that
    question must see every kind of row the sweep removes."""
    with session_scope(engine) as db:
        db.add(ROWS_WITH_A_MOMENT[kind](T0))
    with session_scope(engine) as db:
        assert not privacy_rows.anything_older_than(db, cutoff=T0)
        assert privacy_rows.anything_older_than(db, cutoff=T0 + timedelta(seconds=1))


def test_a_connection_the_server_closed_is_replaced_without_a_failed_transaction(engine):
    """A PostgreSQL restart (here: the server ending one backend) must not fail the bot's
    next transaction on a pooled connection; a connection the server keeps open is used
    without a round trip to check it first."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the pool's check is PostgreSQL's; SQLite has no server")
    pings: list[object] = []
    ping = engine.dialect.do_ping

    def counted_ping(dbapi_connection) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    engine.dialect.do_ping = counted_ping  # type: ignore[method-assign]
    backend_pid = "SELECT pg_backend_pid()"
    with session_scope(engine) as db:
        first = db.connection().exec_driver_sql(backend_pid).scalar()
        socket = db.connection().connection.dbapi_connection.fileno()
    with session_scope(engine) as db:
        assert db.connection().exec_driver_sql(backend_pid).scalar() == first
    assert pings == [], "a pooled connection the server keeps open is used without a ping"

    other = make_engine(engine.url.render_as_string(hide_password=False))
    with other.connect() as admin:
        admin.exec_driver_sql(f"SELECT pg_terminate_backend({first})")
    other.dispose()
    # Wait (without sleeping) for the server's goodbye to reach the idle pooled connection.
    waiting = select_module.poll()
    waiting.register(socket, select_module.POLLIN)
    assert waiting.poll(5000), "the server did not close the connection"

    with session_scope(engine) as db:
        replaced = db.connection().exec_driver_sql(backend_pid).scalar()
    assert replaced != first
    assert len(pings) == 1
