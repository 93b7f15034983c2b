"""Harness for the black-box API and journal-damage tests (fixtures are in conftest.py).

Everything here drives the real binary (``ANXIAO_BIN``, default ``build/anxiao``) as a subprocess:

* ``run_cli`` / ``Store``: one installation (``--data DIR`` for SQLite, ``--db URL`` for
  PostgreSQL) with its CLI, and raw SQL access for tests that tamper behind the application's back.
* ``PgDatabases``: uniquely named databases on the ``ANXIAO_TEST_PG_URL`` server, made with psql
  (``CREATE DATABASE``, or ``… TEMPLATE`` for a clone) and dropped at the end of the session.
* ``DemoBase``: the demo city loaded once (``demo --no-serve``); tests never write to it, they
  ``clone()`` it (a copy of the SQLite file, or a database created from it as a template).
* ``Server``: ``anxiao serve`` on a free loopback port, ready once ``/api/v1/health`` answers;
  ``stop()`` sends SIGTERM, then kills.
* ``Client``: a tiny HTTP client keeping the session cookie and CSRF token; every call returns
  ``Resp(status, json, headers, body)``. ``Users``: logged-in demo users, reused (argon2id makes
  each login cost a noticeable fraction of a second).

Python standard library and pytest only.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.parse
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("ANXIAO_BIN") or str(ROOT / "build" / "anxiao")
PG_URL = os.environ.get("ANXIAO_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("ANXIAO_TEST_REQUIRE_PG") == "1"
DEMO_PASSWORD = "anxiao-demo"
DEMO_USERS = ["admin", "city.officer", "county.officer", "inspector", "expert", "school.officer", "principal", "auditor"]

# Every (method, path) the tests sent, for the OpenAPI coverage check.
TOUCHED: set[tuple[str, str]] = set()


# ---------------------------------------------------------------------------------------------
# Running the CLI


def run_cli(*args: str, input: str | None = None, timeout: float = 180, check: bool = False) -> subprocess.CompletedProcess:
    """Runs ``anxiao ARGS…`` and returns the completed process (text mode)."""
    p = subprocess.run([BIN, *args], input=input, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"anxiao {' '.join(args)} exited {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


# ---------------------------------------------------------------------------------------------
# PostgreSQL databases


def _psql_bin() -> str:
    for cand in (shutil.which("psql"), "/usr/lib/postgresql/15/bin/psql"):
        if cand and os.access(cand, os.X_OK):
            return cand
    raise RuntimeError("psql not found (install postgresql-client-15)")


def db_url(base_url: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``base_url``."""
    u = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))


def psql(url: str, sql: str, timeout: float = 120) -> str:
    """Runs ``sql`` (one or more statements) with psql, stops at the first error, returns stdout."""
    p = subprocess.run(
        [_psql_bin(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )
    if p.returncode != 0:
        raise RuntimeError(f"psql failed ({p.returncode}): {p.stderr.strip()}\nSQL: {sql}")
    return p.stdout


class PgDatabases:
    """Creates (and at the end drops) uniquely named databases on the ANXIAO_TEST_PG_URL server."""

    def __init__(self, url: str):
        self.url = url
        self.created: list[str] = []
        self._n = 0

    def create(self, stem: str, template: str | None = None) -> str:
        self._n += 1
        name = f"anxiao_{stem}_{os.getpid()}_{self._n}"
        psql(self.url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        # FILE_COPY copies the template's files instead of writing them through the WAL and shared
        # buffers: with a dozen clones per run that keeps the checkpoints of the later DROPs cheap.
        psql(self.url, f"CREATE DATABASE {name}" + (f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""))
        self.created.append(name)
        return name

    def drop_all(self) -> None:
        # Each DROP DATABASE waits for a checkpoint; issued concurrently they share a few.
        procs = []
        for name in reversed(self.created):
            procs.append(subprocess.Popen(
                [_psql_bin(), "-X", "-q", "-d", self.url, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PGCONNECT_TIMEOUT": "10"}))
        for p in procs:  # best effort: the cluster may already be gone
            try:
                p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                p.kill()
        self.created.clear()


# ---------------------------------------------------------------------------------------------
# Stores: a data directory or a PostgreSQL database


class Store:
    """One installation: ``args`` are the CLI store options (``--data DIR`` or ``--db URL``)."""

    def __init__(self, engine: str, *, data_dir: Path | None = None, url: str | None = None, db_name: str | None = None,
                 evidence_dir: Path | None = None):
        self.engine = engine
        self.data_dir = data_dir
        self.url = url
        self.db_name = db_name
        self.evidence_dir = evidence_dir  # PostgreSQL only: SQLite keeps photos in DATA/evidence

    @property
    def args(self) -> list[str]:
        if self.engine == "sqlite":
            return ["--data", str(self.data_dir)]
        return ["--db", self.url, "--evidence", str(self.evidence_dir)]

    @property
    def evidence(self) -> Path:
        """The directory of the evidence photo files."""
        return self.evidence_dir if self.engine != "sqlite" else self.data_dir / "evidence"

    @property
    def db_file(self) -> Path:
        assert self.data_dir is not None
        return self.data_dir / "anxiao.db"

    def cli(self, *args: str, **kw) -> subprocess.CompletedProcess:
        """Runs ``anxiao ARGS… <store options>``."""
        return run_cli(*args, *self.args, **kw)

    def verify(self, *extra: str) -> subprocess.CompletedProcess:
        return self.cli("verify", *extra)

    def head(self) -> tuple[int, str]:
        out = self.cli("journal", "head", check=True).stdout.strip()
        seq, h = out.split(":")
        return int(seq), h

    def execute(self, sql: str) -> None:
        """Runs SQL statements directly on the database, behind the application's back."""
        if self.engine == "sqlite":
            con = sqlite3.connect(self.db_file, isolation_level=None)
            try:
                con.executescript(sql)
            finally:
                con.close()
        else:
            psql(self.url, sql)

    def query(self, sql: str) -> list[tuple]:
        """Returns the rows of one SELECT (PostgreSQL values come back as text)."""
        if self.engine == "sqlite":
            con = sqlite3.connect(self.db_file)
            try:
                return [tuple(r) for r in con.execute(sql).fetchall()]
            finally:
                con.close()
        out = psql(self.url, sql)
        return [tuple(line.split("|")) for line in out.splitlines() if line]


class DemoBase:
    """The demo city loaded once; ``clone()`` gives a private copy to a test."""

    def __init__(self, engine: str, tmp_factory, pg: PgDatabases | None):
        self.engine = engine
        self.tmp = tmp_factory
        self.pg = pg
        if engine == "sqlite":
            d = tmp_factory.mktemp("demo-base-sqlite")
            self.store = Store("sqlite", data_dir=d)
        else:
            name = pg.create("demo_base")
            self.store = Store("postgresql", url=db_url(pg.url, name), db_name=name,
                               evidence_dir=tmp_factory.mktemp("demo-base-evidence"))
        p = self.store.cli("demo", "--no-serve", timeout=300)
        assert p.returncode == 0, f"demo --no-serve failed ({p.returncode}):\n{p.stdout}\n{p.stderr}"
        self.head = self.store.head()

    def clone(self, stem: str = "copy") -> Store:
        if self.engine == "sqlite":
            d = self.tmp.mktemp(f"{stem}-sqlite")
            src = self.store.data_dir
            # The demo process has exited, so the WAL is checkpointed; copy -wal/-shm anyway if present.
            for f in src.iterdir():
                if f.name.startswith("anxiao.db"):
                    shutil.copy2(f, d / f.name)
            if (src / "evidence").is_dir():
                shutil.copytree(src / "evidence", d / "evidence")
            return Store("sqlite", data_dir=d)
        name = self.pg.create(stem, template=self.store.db_name)
        ev = self.tmp.mktemp(f"{stem}-evidence")
        shutil.copytree(self.store.evidence, ev, dirs_exist_ok=True)
        return Store("postgresql", url=db_url(self.pg.url, name), db_name=name, evidence_dir=ev)


# ---------------------------------------------------------------------------------------------
# The server process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``anxiao serve`` on a free loopback port over ``store``."""

    def __init__(self, store: Store, log_dir: Path):
        self.store = store
        self.log_path = log_dir / f"serve-{store.engine}-{time.monotonic_ns()}.log"
        self.proc: subprocess.Popen | None = None
        self.port = 0
        for _attempt in range(5):
            self.port = free_port()
            self._log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [BIN, "serve", *store.args, "--address", "127.0.0.1", "--port", str(self.port), "--threads", "4"],
                stdout=self._log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            if self._wait_ready(timeout=60):
                return
            code = self.proc.poll()
            self.stop()
            if code != 5:  # 5: port unavailable (lost a race for it): try another port
                break
        raise RuntimeError(f"anxiao serve did not become ready; log:\n{self.log_path.read_text(errors='replace')}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/api/v1/health")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def client(self, **kw) -> "Client":
        return Client(self.port, **kw)


# ---------------------------------------------------------------------------------------------
# HTTP client


class Resp(NamedTuple):
    status: int
    json: object
    headers: http.client.HTTPMessage
    body: bytes


class Client:
    """A minimal API client: keeps the session cookie and CSRF token after ``login``.

    ``bearer`` sends ``Authorization: Bearer …`` instead; ``lang`` sets ``Accept-Language``.
    """

    def __init__(self, port: int, *, lang: str | None = None, bearer: str | None = None):
        self.port = port
        self.lang = lang
        self.bearer = bearer
        self.cookie: str | None = None
        self.csrf: str | None = None
        self.user: dict | None = None

    def request(self, method: str, path: str, body=None, *, headers: dict | None = None, raw: bytes | None = None,
                csrf: bool = True) -> Resp:
        if not path.startswith("/api/"):
            path = "/api/v1" + path
        TOUCHED.add((method, path.split("?", 1)[0]))
        # Percent-encode what is not ASCII (Chinese search terms); keep what is already encoded.
        path = urllib.parse.quote(path, safe="/?&=%:@,;+~!$'()*")
        h = {"Accept": "application/json"}
        if self.lang:
            h["Accept-Language"] = self.lang
        if self.cookie:
            h["Cookie"] = f"anxiao_session={self.cookie}"
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        if self.bearer:
            h["Authorization"] = f"Bearer {self.bearer}"
        data = raw
        if data is None and body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
        if data is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            payload = r.read()
        finally:
            conn.close()
        parsed = None
        if payload:
            try:
                parsed = json.loads(payload)
            except ValueError:
                parsed = None
        return Resp(r.status, parsed, r.headers, payload)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> Resp:
        r = self.post("/session", {"username": username, "password": password})
        if r.status == 200:
            m = re.search(r"anxiao_session=([^;]*)", r.headers.get("Set-Cookie", ""))
            assert m, f"login without a session cookie: {r.headers}"
            self.cookie = m.group(1)
            self.csrf = r.json["csrf_token"]
            self.user = r.json["user"]
        return r

    def head(self) -> dict:
        r = self.get("/health")
        assert r.status == 200, r
        return r.json["journal_head"]


class Users:
    """Logged-in clients for the demo users on one server, created on first use and reused."""

    def __init__(self, srv: Server):
        self.srv = srv
        self._clients: dict[str, Client] = {}

    def __getitem__(self, username: str) -> Client:
        c = self._clients.get(username)
        if c is None:
            c = self.srv.client()
            r = c.login(username)
            assert r.status == 200, f"login {username}: {r.status} {r.json}"
            self._clients[username] = c
        return c


def assert_openapi_covers(admin: Client, prefixes: tuple[str, ...], at_least: int) -> None:
    """Every (method, path) the tests so far sent under `prefixes` (TOUCHED) matches a path template
    and method of the served OpenAPI document, and every schema it references is defined.
    `at_least` guards against a run that touched (almost) nothing."""
    r = admin.get("/openapi.json")
    doc = json.loads(r.body)
    paths = doc["paths"]
    templates = [(re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(t)) + "$"), t) for t in paths]
    touched = {(m, p) for m, p in TOUCHED if p.startswith(prefixes)}
    assert len(touched) >= at_least, sorted(touched)
    for method, path in sorted(touched):
        matches = [t for rx, t in templates if rx.match(path)]
        assert matches, f"{method} {path} is not in the OpenAPI document"
        assert any(method.lower() in paths[t] for t in matches), f"{method} {path}: method missing in {matches}"
    for ref in re.findall(r'"\$ref":\s*"#/components/schemas/([^"]+)"', r.body.decode()):
        assert ref in doc["components"]["schemas"], ref
