"""pytest fixtures for the black-box API and journal-damage tests (helpers: anxiao_harness.py).

* ``engine``: ``"sqlite"`` or ``"postgresql"``. The PostgreSQL cases run against the server of
  ``ANXIAO_TEST_PG_URL`` (each installation gets its own database there, created with psql and
  dropped at the end); they are skipped when it is unset, unless ``ANXIAO_TEST_REQUIRE_PG=1``
  (set by ``make test``), in which case they fail.
* ``demo_base``: the demo city loaded once per session per engine (``demo --no-serve``).
* ``server``: the shared ``serve`` process per engine over a clone of the demo; ``users``: the
  eight demo users logged in once on it; ``fresh_server``: a private server for one test,
  ``fresh_users`` logged in on it.
* For a test module whose tests write (campaigns, draws, reports, documents): ``wstore``, the
  module's own clone of the demo; ``wserver``, a server over it; ``wu``, the demo users logged in
  on it; ``d``, the demo's well-known ids (test_api.Demo) read through them.
"""

from __future__ import annotations

import os

import pytest

from anxiao_harness import BIN, PG_URL, REQUIRE_PG, Client, DemoBase, PgDatabases, Server, Users
from test_api import Demo

# ---------------------------------------------------------------------------------------------
# Fixtures


def _engine_params():
    if PG_URL:
        pg = pytest.param("postgresql")
    elif REQUIRE_PG:
        pg = pytest.param("postgresql")  # the fixture fails loudly: REQUIRE without a URL
    else:
        pg = pytest.param("postgresql", marks=pytest.mark.skip(reason="ANXIAO_TEST_PG_URL is not set"))
    return ["sqlite", pg]


@pytest.fixture(scope="session", params=_engine_params())
def engine(request) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.fail("ANXIAO_TEST_REQUIRE_PG=1 but ANXIAO_TEST_PG_URL is not set")
    return request.param


@pytest.fixture(scope="session")
def bin_path() -> str:
    if not os.access(BIN, os.X_OK):
        pytest.fail(f"anxiao binary not found at {BIN} (build it or set ANXIAO_BIN)")
    return BIN


@pytest.fixture(scope="session")
def pg_databases():
    dbs = PgDatabases(PG_URL) if PG_URL else None
    yield dbs
    if dbs:
        dbs.drop_all()


@pytest.fixture(scope="session")
def demo_base(engine, bin_path, tmp_path_factory, pg_databases) -> DemoBase:
    """The demo city loaded once per engine; never written to, only cloned."""
    return DemoBase(engine, tmp_path_factory, pg_databases)


def _serve(store, tmp_path_factory):
    srv = Server(store, tmp_path_factory.mktemp("logs"))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def server(demo_base, tmp_path_factory):
    """The shared API server for this engine, over its own clone of the demo."""
    yield from _serve(demo_base.clone("api"), tmp_path_factory)


@pytest.fixture
def fresh_server(demo_base, tmp_path_factory):
    """A private server (own clone, own in-memory login throttle) for tests that would disturb others."""
    yield from _serve(demo_base.clone("fresh"), tmp_path_factory)


@pytest.fixture
def fresh_users(fresh_server) -> Users:
    return Users(fresh_server)


@pytest.fixture(scope="module")
def wstore(demo_base, request):
    """This test module's own clone of the demo (named after the module), for tests that write."""
    return demo_base.clone(request.module.__name__.rpartition(".")[2].removeprefix("test_"))


@pytest.fixture(scope="module")
def wserver(wstore, tmp_path_factory):
    """The server over this module's clone."""
    yield from _serve(wstore, tmp_path_factory)


@pytest.fixture(scope="module")
def wu(wserver) -> Users:
    """The demo users logged in on this module's server."""
    return Users(wserver)


@pytest.fixture(scope="module")
def d(wu) -> Demo:
    """The demo's well-known ids, read on this module's server."""
    return Demo(wu)


@pytest.fixture(scope="session")
def users(server) -> Users:
    return Users(server)


@pytest.fixture
def anon(server) -> Client:
    return server.client()
