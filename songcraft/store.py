"""The song library: every song saved in SQLite, with a history of versions and undoable delete.

Plain sqlite3 in WAL mode with one short connection per operation, so Streamlit sessions
(each on its own thread) and background jobs can read and write at once. Each save that
changes a song appends a version; delete only marks the song, so Undo can bring it back.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from songcraft.errors import SongcraftError
from songcraft.music.song import MAX_TEXT, Song

REPO_ROOT = Path(__file__).resolve().parents[1]
DB_FILE = "songcraft.db"
STORE_SCHEMA = 1  # bump with a migration in _MIGRATIONS when the tables change
MAX_VERSIONS = 200  # history kept per song; older versions are dropped on save
BUSY_TIMEOUT_S = 30.0  # how long a writer waits for another writer's lock

_MIGRATIONS = {
    1: [
        """CREATE TABLE IF NOT EXISTS songs (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            search TEXT NOT NULL,
            created REAL NOT NULL,
            updated REAL NOT NULL,
            deleted REAL,
            body TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            song_id TEXT NOT NULL REFERENCES songs(id),
            saved REAL NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS versions_song ON versions(song_id, id)",
        "CREATE INDEX IF NOT EXISTS songs_updated ON songs(updated)",
    ]
}


@dataclass(frozen=True)
class SongInfo:
    """A row of the library list."""

    id: str
    title: str
    created: float  # seconds since the epoch
    updated: float
    deleted: float | None  # when it was deleted (None = in the library)


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a song."""

    id: int
    song_id: str
    saved: float
    title: str


def data_dir() -> Path:
    """The folder for the library and trained models: $SONGCRAFT_DATA_DIR or data/ in the repo."""
    return Path(os.environ.get("SONGCRAFT_DATA_DIR") or REPO_ROOT / "data")


def db_path(setting: str | None = None) -> Path:
    """The SQLite file from $SONGCRAFT_DB (a path or sqlite:///path), else data_dir()/songcraft.db.

    >>> db_path("sqlite:////tmp/x.db"), db_path("sqlite:///rel/x.db"), db_path("/tmp/y.db")
    (PosixPath('/tmp/x.db'), PosixPath('rel/x.db'), PosixPath('/tmp/y.db'))
    """
    setting = setting if setting is not None else os.environ.get("SONGCRAFT_DB", "")
    setting = setting.strip()
    if not setting:
        return data_dir() / DB_FILE
    if setting.startswith("sqlite:///"):
        setting = setting[len("sqlite:///") :]
    elif "://" in setting:
        scheme = setting.split("://", 1)[0]
        raise SongcraftError(
            f"SONGCRAFT_DB uses {scheme}://, but only SQLite is built in: "
            "give a file path or sqlite:///path/to/songs.db"
        )
    if setting in ("", ":memory:"):
        raise SongcraftError("SONGCRAFT_DB must name a database file, e.g. sqlite:///songs.db")
    return Path(setting)


class SongStore:
    """The library in one SQLite file; safe to share between threads (no connection is kept)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise SongcraftError(
                f"cannot create the library folder {self.path.parent}: {err}"
            ) from None
        self._migrate()

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as err:
            raise SongcraftError(f"cannot open the song library {self.path}: {err}") from None
        try:
            # BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead
            # of failing half-way with "database is locked".
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            conn.rollback()
            raise SongcraftError(f"the song library {self.path} cannot be used: {err}") from None
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    def _migrate(self) -> None:
        try:
            with sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S) as conn:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.close()
        except sqlite3.DatabaseError as err:
            raise SongcraftError(f"{self.path} is not a Songcraft song library: {err}") from None
        with self._connect(write=True) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > STORE_SCHEMA:
                raise SongcraftError(
                    f"the song library {self.path} was written by a newer Songcraft "
                    f"(library schema {current}; this one reads up to {STORE_SCHEMA})"
                )
            for version in range(current + 1, STORE_SCHEMA + 1):
                for statement in _MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def create(self, song: Song) -> str:
        """Add a new song and return its id."""
        song.validate(for_export=False)
        song_id, now, body = uuid.uuid4().hex[:12], time.time(), song.to_json()
        with self._connect(write=True) as conn:
            conn.execute(
                "INSERT INTO songs (id, title, search, created, updated, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (song_id, song.title, _search_text(song), now, now, body),
            )
            _add_version(conn, song_id, song.title, body, now)
        return song_id

    def save(self, song_id: str, song: Song) -> bool:
        """Save a new version of a song; False (and nothing written) when it has not changed."""
        song.validate(for_export=False)
        body, now = song.to_json(), time.time()
        with self._connect(write=True) as conn:
            row = conn.execute("SELECT body FROM songs WHERE id = ?", (song_id,)).fetchone()
            if row is None:
                raise SongcraftError(f"there is no song {song_id!r} in the library")
            if row[0] == body:
                return False
            conn.execute(
                "UPDATE songs SET title = ?, search = ?, updated = ?, body = ? WHERE id = ?",
                (song.title, _search_text(song), now, body, song_id),
            )
            _add_version(conn, song_id, song.title, body, now)
        return True

    def load(self, song_id: str) -> Song:
        """The latest version of a song (deleted songs too, so Undo can show them)."""
        with self._connect() as conn:
            row = conn.execute("SELECT body FROM songs WHERE id = ?", (song_id,)).fetchone()
        if row is None:
            raise SongcraftError(f"there is no song {song_id!r} in the library")
        return Song.from_json(row[0])

    def info(self, song_id: str) -> SongInfo | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id, title, created, updated, deleted FROM songs WHERE id = ?", (song_id,)
            ).fetchone()
        return SongInfo(*row) if row else None

    def songs(self, search: str = "", deleted: bool = False, limit: int = 1000) -> list[SongInfo]:
        """Songs newest first; `search` matches words in the title or lyrics, any case."""
        sql = "SELECT id, title, created, updated, deleted FROM songs WHERE deleted IS "
        sql += "NOT NULL" if deleted else "NULL"
        params: list = []
        for word in search.lower().split()[:10]:
            sql += " AND search LIKE ? ESCAPE '\\'"
            params.append("%" + _escape_like(word) + "%")
        sql += " ORDER BY updated DESC, id LIMIT ?"
        with self._connect() as conn:
            rows = conn.execute(sql, (*params, limit)).fetchall()
        return [SongInfo(*row) for row in rows]

    def most_recent(self, exclude: set[str] | frozenset[str] = frozenset()) -> str | None:
        """Id of the most recently edited song not in `exclude`, or None."""
        for info in self.songs(limit=len(exclude) + 1):
            if info.id not in exclude:
                return info.id
        return None

    def rename(self, song_id: str, title: str) -> Song:
        title = " ".join(str(title).split())
        if not title:
            raise SongcraftError("a song needs a title: type one before renaming")
        if len(title) > MAX_TEXT:
            raise SongcraftError(f"the title is {len(title)} characters; the limit is {MAX_TEXT}")
        song = self.load(song_id)
        song.title = title
        self.save(song_id, song)
        return song

    def duplicate(self, song_id: str) -> str:
        """A copy titled "... (copy)" with a fresh history; returns the copy's id."""
        song = self.load(song_id)
        song.title = (song.title + " (copy)")[:MAX_TEXT]
        return self.create(song)

    def delete(self, song_id: str) -> None:
        """Move a song out of the library; `undelete` brings it back."""
        self._set_deleted(song_id, time.time())

    def undelete(self, song_id: str) -> None:
        self._set_deleted(song_id, None)

    def _set_deleted(self, song_id: str, when: float | None) -> None:
        with self._connect(write=True) as conn:
            done = conn.execute("UPDATE songs SET deleted = ? WHERE id = ?", (when, song_id))
            if done.rowcount == 0:
                raise SongcraftError(f"there is no song {song_id!r} in the library")

    def versions(self, song_id: str) -> list[VersionInfo]:
        """Saved versions, newest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, song_id, saved, title FROM versions WHERE song_id = ? ORDER BY id DESC",
                (song_id,),
            ).fetchall()
        return [VersionInfo(*row) for row in rows]

    def load_version(self, song_id: str, version_id: int) -> Song:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT body FROM versions WHERE id = ? AND song_id = ?", (version_id, song_id)
            ).fetchone()
        if row is None:
            raise SongcraftError(f"version {version_id} of this song is no longer kept")
        return Song.from_json(row[0])

    def restore(self, song_id: str, version_id: int) -> Song:
        """Make an earlier version the current one (saved as a new version, so it can be undone)."""
        song = self.load_version(song_id, version_id)
        self.save(song_id, song)
        return song


def _add_version(conn: sqlite3.Connection, song_id: str, title: str, body: str, now: float) -> None:
    conn.execute(
        "INSERT INTO versions (song_id, saved, title, body) VALUES (?, ?, ?, ?)",
        (song_id, now, title, body),
    )
    conn.execute(
        "DELETE FROM versions WHERE song_id = ? AND id NOT IN "
        "(SELECT id FROM versions WHERE song_id = ? ORDER BY id DESC LIMIT ?)",
        (song_id, song_id, MAX_VERSIONS),
    )


def _search_text(song: Song) -> str:
    lines = [line.text for section in song.sections for line in section.lines]
    return "\n".join([song.title, song.writer, *lines]).lower()


def _escape_like(text: str) -> str:
    r"""Make % and _ match themselves in a LIKE pattern.

    >>> _escape_like("100%_sure")
    '100\\%\\_sure'
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def songs_to_json(songs: list[Song]) -> bytes:
    """Several songs as one JSON file that `songs_from_file` reads back."""
    items = ",\n".join(song.to_json() for song in songs)
    return f'{{"songcraft_library": 1, "songs": [\n{items}\n]}}\n'.encode()


def songs_from_file(data: bytes, name: str) -> list[Song]:
    """Songs from an uploaded file: a song or library .json, or a ChordPro file."""
    from songcraft.lyrics.corpus import decode_text

    text = decode_text(data, name)
    if not name.lower().endswith(".json"):
        from songcraft.music.chordpro import from_chordpro

        return [from_chordpro(text)]
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as err:
        raise SongcraftError(f"{name} is not valid JSON ({err})") from None
    if isinstance(parsed, dict) and isinstance(parsed.get("songs"), list):
        songs = [Song.from_json(json.dumps(item)) for item in parsed["songs"]]
        if not songs:
            raise SongcraftError(f"{name} holds no songs")
        return songs
    return [Song.from_json(text)]
