"""The CLI against a --data directory that holds no installation: every command that works on an
existing installation refuses with a clear message and exit 4, and creates nothing (a mistyped
--data must not leave an empty database behind, nor "verify" one)."""

import os

import pytest

from anxiao_harness import run_cli

COMMANDS = [
    ["verify"],
    ["token", "create", "city.officer", "--label", "x"],
    ["user", "list"],
    ["journal", "head"],
    ["report", "verify", "rpt_missing"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_commands_refuse_a_data_directory_without_a_database(tmp_path, args):
    data = tmp_path / "typo"
    r = run_cli(*args, "--data", str(data))
    assert r.returncode == 4, (r.stdout, r.stderr)
    assert f"no Anxiao database in {data}" in r.stderr
    assert "anxiao init" in r.stderr
    assert not os.path.exists(data)


def test_init_still_creates_the_installation_and_then_the_commands_work(tmp_path):
    data = tmp_path / "new"
    assert run_cli("init", "--data", str(data)).returncode == 0
    r = run_cli("journal", "head", "--data", str(data))
    assert r.returncode == 0, r.stderr
    assert ":" in r.stdout
