"""Whatever file is given as the database: it is opened as one of this program's databases, or
refused with a reason the officer reads — and then left exactly as it was."""

from __future__ import annotations

import sqlite3

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.errors import UserError
from app.data import session


def _foreign() -> bytes:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    connection.executemany("INSERT INTO contacts VALUES (?, ?)", [("张三", "139"), ("李四", "")])
    connection.commit()
    return connection.serialize()


FOREIGN = _foreign()
HEADER = b"SQLite format 3\x00"
contents = st.one_of(
    st.binary(max_size=4096),
    st.builds(lambda tail: HEADER + tail, st.binary(min_size=1, max_size=4096)),
    st.just(FOREIGN),
    st.builds(lambda at, bit: bytes(b ^ (1 << bit) if i == at else b
                                    for i, b in enumerate(FOREIGN)),
              st.integers(0, len(FOREIGN) - 1), st.integers(0, 7)),
    st.sampled_from(["会议记录\n".encode() * 50, b"PK\x03\x04" + b"\x00" * 200]),
)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=contents, access=st.sampled_from(["write", "read"]))
@example(content=b"\x00", access="write")  # taken for an empty database and overwritten
@example(content=HEADER + b"\x00\x00\x00\x02", access="write")  # left -wal and -shm
@example(content=b"", access="read")
def test_any_file_given_as_the_database_is_opened_or_refused_unchanged(
        content, access, database, tmp_path_factory):
    path = tmp_path_factory.mktemp("given") / "given.db"
    path.write_bytes(content)
    session.close_session()
    try:
        session.open_session(path, access=access)
    except UserError as refused:
        assert str(refused) and "Error" not in str(refused)
        assert path.read_bytes() == content
        assert not [p for p in path.parent.iterdir() if p.name not in ("given.db", "given.db.lock")]
    else:
        assert content == b""  # only an empty file becomes a new database
    finally:
        session.close_session()
