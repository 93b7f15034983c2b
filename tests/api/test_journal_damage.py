"""Journal damage tests: alter a copy of the demo installation behind the application's back, then
expect ``anxiao verify`` to exit 3 and name the exact entry or record (docs/journal_format.md).

Each case works on its own clone of the demo city (3,064 entries, a ``demo`` checkpoint at the
head): a copy of the SQLite file, or a PostgreSQL database created from the demo database as a
template. The append-only triggers are dropped (SQLite) or disabled (PostgreSQL) first, as an
attacker with database access would.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading

import pytest

from anxiao_harness import BIN, Server, Store

OK_LINE = re.compile(r"^journal OK: (\d+) entries, head ([0-9a-f]{64})$", re.M)
PROBLEM_LINE = re.compile(r"^  \[([a-z_]+)\] (.*)$", re.M)

N = 1500  # an entry in the middle of the demo journal (a school.created event)


# ---------------------------------------------------------------------------------------------
# Helpers


def lit(s: str) -> str:
    """An SQL string literal valid on SQLite and PostgreSQL."""
    return "'" + s.replace("'", "''") + "'"


def tamper_journal(store: Store, sql: str) -> None:
    """Runs ``sql`` against the journal with its append-only triggers out of the way."""
    if store.engine == "sqlite":
        store.execute("DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_no_delete;\n" + sql)
    else:
        store.execute("ALTER TABLE journal DISABLE TRIGGER USER;\n" + sql + "\nALTER TABLE journal ENABLE TRIGGER USER;")


def entry(store: Store, seq: int) -> dict:
    cols = ["seq", "at", "actor", "kind", "subject", "payload", "prev_hash", "hash"]
    rows = store.query(f"SELECT {', '.join(cols)} FROM journal WHERE seq = {seq}")
    assert len(rows) == 1, rows
    d = dict(zip(cols, rows[0]))
    d["seq"] = int(d["seq"])
    return d


class Report:
    """The outcome of ``anxiao verify``: exit code, text lines and the --json report."""

    def __init__(self, store: Store, *extra: str):
        self.text = store.verify(*extra)
        self.json_run = store.verify("--json", *extra)
        self.code = self.text.returncode
        self.out = self.text.stdout
        self.problems_text = PROBLEM_LINE.findall(self.out)
        try:
            self.report = json.loads(self.json_run.stdout)
        except ValueError:
            raise AssertionError(f"verify --json printed no JSON:\n{self.json_run.stdout}\n{self.json_run.stderr}")
        self.problems = self.report["problems"]

    def __repr__(self):
        return f"exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.text.stderr}"

    def kinds(self) -> list[str]:
        return [p["kind"] for p in self.problems]

    def of_kind(self, kind: str) -> list[dict]:
        return [p for p in self.problems if p["kind"] == kind]

    def lines(self, kind: str) -> list[str]:
        return [m for k, m in self.problems_text if k == kind]

    def assert_failed(self) -> None:
        assert self.code == 3, self
        assert self.json_run.returncode == 3, self.json_run
        assert self.out.startswith("journal FAILED"), self
        assert self.report["ok"] is False
        # Text and JSON name the same problems.
        assert [k for k, _ in self.problems_text] == self.kinds(), self


@pytest.fixture
def copy(demo_base) -> Store:
    """A private clone of the demo installation, free to damage."""
    return demo_base.clone("dmg")


@pytest.fixture(scope="module")
def intact_copies():
    return {}


@pytest.fixture
def intact(demo_base, intact_copies) -> Store:
    """A clone nobody damages (one per engine), for the read-only verify cases."""
    if demo_base.engine not in intact_copies:
        intact_copies[demo_base.engine] = demo_base.clone("intact")
    return intact_copies[demo_base.engine]


# ---------------------------------------------------------------------------------------------
# Intact


def test_intact_database_verifies(intact):
    seq, h = intact.head()
    r = Report(intact)
    assert r.code == 0, r
    m = OK_LINE.search(r.out)
    assert m, r
    assert (int(m.group(1)), m.group(2)) == (seq, h)
    assert r.report["ok"] is True and r.problems == []
    assert r.report["entries"] == seq
    assert r.report["head"] == {"seq": seq, "hash": h}


def test_expect_head_right_is_ok(intact):
    seq, h = intact.head()
    p = intact.verify("--expect-head", f"{seq}:{h}")
    assert p.returncode == 0, p.stdout + p.stderr
    assert OK_LINE.search(p.stdout)


@pytest.mark.parametrize("wrong", ["hash", "seq"])
def test_expect_head_wrong_is_head_mismatch(intact, wrong):
    seq, h = intact.head()
    bad = f"{seq}:{'0' * 64}" if wrong == "hash" else f"{seq - 1}:{h}"
    r = Report(intact, "--expect-head", bad)
    r.assert_failed()
    assert r.kinds() == ["head_mismatch"], r
    line = r.lines("head_mismatch")[0]
    assert f"{seq}:{h}" in line and bad in line, line


# ---------------------------------------------------------------------------------------------
# The chain


def test_flipped_byte_in_payload_is_payload_altered(copy):
    e = entry(copy, N)
    assert e["kind"] == "school.created", e
    key = '"student_count":'
    i = e["payload"].index(key) + len(key)
    digit = e["payload"][i]
    assert digit.isdigit(), e["payload"]
    altered = e["payload"][:i] + str((int(digit) + 1) % 10) + e["payload"][i + 1:]
    assert len(altered.encode()) == len(e["payload"].encode())  # exactly one byte differs
    tamper_journal(copy, f"UPDATE journal SET payload = {lit(altered)} WHERE seq = {N};")

    r = Report(copy)
    r.assert_failed()
    chain = [p for p in r.problems if p["table"] == "journal"]
    assert [(p["kind"], p["seq"]) for p in chain] == [("payload_altered", N)], r
    line = r.lines("payload_altered")[0]
    assert line.startswith(f"journal entry {N}:"), line
    assert e["hash"] in line and e["subject"] in line, line
    # The replayed projection now disagrees with the stored one on exactly that field.
    fd = r.of_kind("field_differs")
    assert [(p["table"], p["record"], p["field"]) for p in fd] == [("school", e["subject"], "student_count")], r


def test_altered_actor_or_time_is_payload_altered_too(copy):
    tamper_journal(copy, f"UPDATE journal SET actor = 'usr_intruder' WHERE seq = {N};"
                         f"UPDATE journal SET at = '2020-01-01T00:00:00.000Z' WHERE seq = {N + 7};")
    r = Report(copy)
    r.assert_failed()
    assert [(p["kind"], p["seq"]) for p in r.problems] == [("payload_altered", N), ("payload_altered", N + 7)], r


def test_deleted_entry_is_entry_missing(copy):
    e = entry(copy, N)
    tamper_journal(copy, f"DELETE FROM journal WHERE seq = {N};")
    r = Report(copy)
    r.assert_failed()
    missing = r.of_kind("entry_missing")
    assert [p["seq"] for p in missing] == [N], r
    assert f"journal entries {N} are missing" in r.lines("entry_missing")[0]
    assert not r.of_kind("payload_altered"), r
    # The record the lost entry created is now in the tables but not in the journal.
    unexpected = {(p["table"], p["record"]) for p in r.of_kind("unexpected_row")}
    assert ("school", e["subject"]) in unexpected, r


def test_deleted_first_entry_is_entry_missing(copy):
    tamper_journal(copy, "DELETE FROM journal WHERE seq = 1;")
    r = Report(copy)
    r.assert_failed()
    assert [p["seq"] for p in r.of_kind("entry_missing")] == [1], r


def test_swapped_entries_are_entries_reordered(copy):
    a, b = entry(copy, N), entry(copy, N + 1)
    cols = ["at", "actor", "kind", "subject", "payload", "prev_hash", "hash"]

    def set_row(seq, src):
        return f"UPDATE journal SET {', '.join(f'{c} = {lit(src[c])}' for c in cols)} WHERE seq = {seq};"

    tamper_journal(copy, set_row(N, b) + "\n" + set_row(N + 1, a))
    assert entry(copy, N)["hash"] == b["hash"]

    r = Report(copy)
    r.assert_failed()
    reordered = r.of_kind("entries_reordered")
    assert sorted(p["seq"] for p in reordered) == [N, N + 1], r
    assert not r.of_kind("payload_altered"), r
    text = " ".join(r.lines("entries_reordered"))
    assert f"journal entry {N}:" in text and f"journal entry {N + 1}:" in text, text
    assert f"sealed as seq {N + 1}" in text and f"sealed as seq {N}" in text, text


def test_truncated_tail_is_tail_truncated_against_checkpoint(copy):
    seq, h = copy.head()
    cps = copy.query("SELECT id, seq, hash FROM checkpoint ORDER BY id")
    assert any(int(s) == seq and ch == h for _, s, ch in cps), f"no checkpoint at the head: {cps}"
    tamper_journal(copy, f"DELETE FROM journal WHERE seq > {seq - 3};")
    assert copy.head()[0] == seq - 3

    r = Report(copy)
    r.assert_failed()
    truncated = r.of_kind("tail_truncated")
    # Every checkpoint past the new end is evidence: the head's, and any that froze a level report
    # among the last three entries.
    beyond = sorted(int(s) for _, s, _ in cps if int(s) > seq - 3)
    assert seq in beyond and sorted(p["seq"] for p in truncated) == beyond, r
    line = next(x for x in r.lines("tail_truncated") if f"recorded entry {seq}" in x)
    assert f"journal ends at entry {seq - 3}" in line and f"recorded entry {seq}" in line and h in line, line
    assert not r.of_kind("entry_missing") and not r.of_kind("payload_altered"), r


def test_rewritten_tail_with_valid_chain_still_fails_against_checkpoint(copy):
    """Dropping the last entries and nothing else: the remaining chain is valid, only the checkpoint can tell."""
    seq, _ = copy.head()
    tamper_journal(copy, f"DELETE FROM journal WHERE seq = {seq};")
    r = Report(copy)
    r.assert_failed()
    assert [p["seq"] for p in r.of_kind("tail_truncated")] == [seq], r
    assert not r.of_kind("entry_missing") and not r.of_kind("payload_altered"), r


# ---------------------------------------------------------------------------------------------
# Projections and credentials


def test_changed_projection_field_is_field_differs(copy):
    sid, name = copy.query("SELECT id, name FROM school ORDER BY code LIMIT 1 OFFSET 700")[0]
    copy.execute(f"UPDATE school SET name = 'X' WHERE id = {lit(sid)};")
    r = Report(copy)
    r.assert_failed()
    assert len(r.problems) == 1, r
    p = r.problems[0]
    assert (p["kind"], p["table"], p["record"], p["field"]) == ("field_differs", "school", sid, "name"), p
    assert p["stored"].strip('"') == "X" and p["replayed"].strip('"') == name, p
    line = r.lines("field_differs")[0]
    assert sid in line and "name" in line and "X" in line and name in line, line


def test_changed_numeric_field_is_field_differs(copy):
    sid, n = copy.query("SELECT id, student_count FROM school ORDER BY code LIMIT 1 OFFSET 1200")[0]
    copy.execute(f"UPDATE school SET student_count = student_count + 1 WHERE id = {lit(sid)};")
    r = Report(copy)
    r.assert_failed()
    assert [(p["kind"], p["table"], p["record"], p["field"]) for p in r.problems] == [
        ("field_differs", "school", sid, "student_count")], r
    assert r.problems[0]["stored"] == str(int(n) + 1) and r.problems[0]["replayed"] == str(n), r


def test_changed_user_role_is_field_differs(copy):
    uid = copy.query("SELECT id FROM app_user WHERE username = 'auditor'")[0][0]
    copy.execute(f"UPDATE app_user SET role = 'admin' WHERE id = {lit(uid)};")
    r = Report(copy)
    r.assert_failed()
    assert [(p["kind"], p["table"], p["record"], p["field"]) for p in r.problems] == [
        ("field_differs", "app_user", uid, "role")], r


def test_inserted_projection_row_is_unexpected_row(copy):
    city_id, city_path = copy.query("SELECT id, path FROM org WHERE name = '聊城市'")[0]
    fake = "org_fakecounty000001"
    copy.execute("INSERT INTO org (id, parent_id, kind, name, code, path, depth) VALUES "
                 f"({lit(fake)}, {lit(city_id)}, 'county', '虚构县', '371599', {lit(city_path + fake + '/')}, 2);")
    r = Report(copy)
    r.assert_failed()
    assert [(p["kind"], p["table"], p["record"]) for p in r.problems] == [("unexpected_row", "org", fake)], r
    assert fake in r.lines("unexpected_row")[0]


def test_deleted_projection_row_is_missing_row(copy):
    sid = copy.query("SELECT id FROM school ORDER BY code LIMIT 1 OFFSET 300")[0][0]
    # The demo campaign's inspections reference every school. Tamper as an intruder with the
    # database's own rights would, past the foreign keys (PostgreSQL enforces them with triggers).
    past_fks = "SET session_replication_role = replica; " if copy.engine == "postgresql" else ""
    copy.execute(f"{past_fks}DELETE FROM school WHERE id = {lit(sid)};")
    r = Report(copy)
    r.assert_failed()
    assert [(p["kind"], p["table"], p["record"]) for p in r.problems] == [("missing_row", "school", sid)], r
    assert sid in r.lines("missing_row")[0]


def test_replaced_password_hash_is_credential_mismatch(copy):
    admin = copy.query("SELECT id FROM app_user WHERE username = 'admin'")[0][0]
    other = copy.query("SELECT c.password_hash FROM credential c JOIN app_user u ON u.id = c.user_id "
                       "WHERE u.username = 'auditor'")[0][0]
    copy.execute(f"UPDATE credential SET password_hash = {lit(other)} WHERE user_id = {lit(admin)};")
    r = Report(copy)
    r.assert_failed()
    assert [(p["kind"], p["record"]) for p in r.problems] == [("credential_mismatch", admin)], r
    assert admin in r.lines("credential_mismatch")[0]


# ---------------------------------------------------------------------------------------------
# Live database


def test_verify_works_on_a_live_database(copy, tmp_path):
    """verify reads a consistent snapshot while the server keeps writing to the same store."""
    srv = Server(copy, tmp_path)
    try:
        admin = srv.client()
        assert admin.login("admin").status == 200
        parent = copy.query("SELECT id FROM org WHERE name = '高唐县'")[0][0]

        def create(i):
            body = {"code": f"38880{i:05d}", "name": f"高唐县活库测试{i}小学", "parent_id": parent, "type": "primary"}
            r = admin.post("/schools", body)
            assert r.status == 201, r

        for i in range(3):
            create(i)

        # Writes keep coming while verify runs.
        stop = threading.Event()
        errors: list[BaseException] = []

        def writer():
            i = 100
            while not stop.is_set() and i < 160:
                try:
                    create(i)
                except BaseException as e:  # surfaced below
                    errors.append(e)
                    return
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        try:
            p = subprocess.run([BIN, "verify", *copy.args], capture_output=True, text=True, timeout=120)
        finally:
            stop.set()
            t.join(timeout=60)
        assert not errors, errors
        assert p.returncode == 0, p.stdout + p.stderr
        m = OK_LINE.search(p.stdout)
        assert m and int(m.group(1)) >= 3064 + 3, p.stdout

        # Once quiet, verify agrees with the server's head exactly.
        head = admin.head()
        p = subprocess.run([BIN, "verify", *copy.args], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stdout + p.stderr
        assert OK_LINE.search(p.stdout).groups() == (str(head["seq"]), head["hash"])
    finally:
        srv.stop()
    # And after the server stopped.
    p = subprocess.run([BIN, "verify", *copy.args], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
