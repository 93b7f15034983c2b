"""Verifiable random draws (双随机一公开, issue #6) over the API, on SQLite and PostgreSQL: the
journaled registers, commit then execute (the seed hidden until the reveal), the export that
`anxiao draw verify` re-runs, the exact reasons of an infeasible definition (422), scope (404), and
the demo's cross-inspection draw behind the campaign's teams.

These tests write (registers, draws), so they run on a private server over their own clone of the
demo.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from anxiao_harness import assert_openapi_covers, run_cli
from test_api import Demo, all_items, expect_error

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "draws" / "reference_draw.py"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
DEMO_PUBLIC_VALUE = "聊城市教体局 公开抽签 福彩3D 037"
CROSS_NAME = "县级交叉互查：随机抽取受检学校和检查人员"


def opens(seed_hex: str, canonical_definition: str, commitment: str) -> bool:
    return hashlib.sha256(bytes.fromhex(seed_hex) + canonical_definition.encode("utf-8")).hexdigest() == commitment


def verify_file(tmp_path, export: dict, name: str = "draw.json"):
    f = tmp_path / name
    f.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return run_cli("draw", "verify", str(f))


def three_counties(d: Demo) -> list[str]:
    return sorted([d.donge_id, d.guanxian_id, d.gaotang_id])


def inspectors_for(counties: list[str], per_county: int = 3) -> list[dict]:
    out = []
    for k, c in enumerate(counties):
        for n in range(per_county):
            out.append({"id": f"t-{k}-{n}", "name": f"检查员{k}{n}", "home_unit": c, "county": c, "field": "education",
                        "certificate": f"T{k}{n:03d}", "available": True})
    return out


def definition(counties: list[str], **over) -> dict:
    dfn = {"as_of": "2026-11-29", "counties": counties, "rotation": True,
           "sample": {"size": 4, "min_rules": [{"count": 2, "location_classes": ["fringe", "rural"]}]},
           "team": {"size": 2}}
    dfn.update(over)
    return dfn


@pytest.fixture(scope="module")
def register(wu, d) -> dict:
    """A fresh inspector register of the city for the tests' own draws (replacing the demo's)."""
    city = wu["city.officer"]
    r = city.post("/draw-registers/inspectors", {"org_id": d.city_id, "inspectors": inspectors_for(three_counties(d))})
    assert r.status == 201, r
    assert r.json["kind"] == "inspectors" and r.json["count"] == 9 and HEX64.match(r.json["sha256"])
    assert r.json["number"] >= 2  # the demo published version 1
    return r.json


# ---------------------------------------------------------------------------------------------
# The demo's draw


def test_the_demo_cross_inspection_teams_come_from_a_journaled_draw(wu, d, wstore, tmp_path):
    city = wu["city.officer"]
    draws = all_items(city, "/draws")
    demo = next(x for x in draws if x["name"] == CROSS_NAME)
    dr = city.get(f"/draws/{demo['id']}").json
    assert dr["state"] == "executed" and dr["public_value"] == DEMO_PUBLIC_VALUE
    assert opens(dr["seed"], dr["canonical_definition"], dr["commitment"])
    assert dr["definition"]["sample"]["size"] == 12
    teams = dr["result"]["teams"]
    assert len(teams) == 11
    pairs = {(t["inspected_by"], t["county"]) for t in teams}
    for t in teams:
        assert t["inspected_by"] != t["county"], "a county inspects itself"
        assert (t["county"], t["inspected_by"]) not in pairs, "two counties inspect each other"
        assert len(t["schools"]) == 12
        assert sum(s["location_class"] in ("rural", "fringe") for s in t["schools"]) >= 6
        assert len(t["inspectors"]) == 2
        for i in t["inspectors"]:
            assert dr["names"][i["id"]], i
    # The campaign's cross-inspection teams are exactly the drawn ones.
    camp = next(c for c in all_items(city, "/campaigns") if c["name"] == "全市教体系统校园安全隐患大排查大整治集中行动")
    cross = [t for t in all_items(city, f"/campaigns/{camp['id']}/teams") if t["kind"] == "cross_inspection"]
    assert {(t["org_id"], t["target_org_id"], tuple(sorted(t["schools"]))) for t in cross} == {
        (t["inspected_by"], t["county"], tuple(sorted(s["id"] for s in t["schools"]))) for t in teams}

    # The export re-runs identically, from the file and from the journal, and a changed result is named.
    r = city.get(f"/draws/{demo['id']}/export")
    assert r.status == 200 and "attachment" in r.headers.get("content-disposition", "")
    export = r.json
    assert export["seed"] == dr["seed"] and len(export["registers"]["schools"]) == 3043
    p = verify_file(tmp_path, export)
    assert p.returncode == 0 and p.stdout.startswith("identical"), p.stdout + p.stderr
    # … and from the specification alone: the independent Python implementation of the document.
    p = subprocess.run([sys.executable, str(REFERENCE), "--check", str(tmp_path / "draw.json")], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0 and "identical: 1 of 1" in p.stdout, p.stdout + p.stderr
    p = wstore.cli("draw", "verify", demo["id"])
    assert p.returncode == 0 and "identical" in p.stdout, p.stdout + p.stderr
    assert city.get(f"/draws/{demo['id']}/verify").json["identical"] is True
    other = next(s for s in export["registers"]["schools"]
                 if s["county"] == teams[0]["county"] and s["id"] not in {x["id"] for x in teams[0]["schools"]})
    export["result"]["teams"][0]["schools"][0]["id"] = other["id"]
    p = verify_file(tmp_path, export, "changed.json")
    assert p.returncode == 3 and p.stdout.startswith("different: /result/teams/0/schools/0/id"), p.stdout + p.stderr
    export = city.get(f"/draws/{demo['id']}/export").json
    export["public_value"] = "another lottery number"
    p = verify_file(tmp_path, export, "other-value.json")
    assert p.returncode == 3 and "/result" in p.stdout


# ---------------------------------------------------------------------------------------------
# Commit, then execute


def test_commit_hides_the_seed_until_execution_and_the_export_verifies(wu, d, wstore, register, tmp_path):
    city = wu["city.officer"]
    counties = three_counties(d)
    body = {"org_id": d.city_id, "name": "三县互查抽签", "definition": definition(counties)}
    check = city.post("/draws/check", body)
    assert check.status == 200 and check.json["feasible"] is True and check.json["problems"] == [], check
    assert check.json["registers"]["inspectors"]["id"] == register["id"]
    head = city.get("/health").json["journal_head"]["seq"]
    assert city.get("/health").json["journal_head"]["seq"] == head  # the dry run wrote nothing

    r = city.post("/draws", body)
    assert r.status == 201, r
    dr = r.json
    assert dr["state"] == "committed" and HEX64.match(dr["commitment"])
    assert dr["seed"] is None and dr["public_value"] is None and dr["result"] is None
    assert dr["registers"]["inspectors"]["id"] == register["id"]
    assert dr["registers"]["schools"]["sha256"] == check.json["registers"]["schools"]["sha256"]
    assert json.loads(dr["canonical_definition"])["definition"] == dr["definition"]
    # The seed exists only in the draw_secret table: no read shows it before the reveal.
    (secret,) = wstore.query(f"SELECT seed FROM draw_secret WHERE draw_id = '{dr['id']}'")[0]
    assert HEX64.match(secret) and opens(secret, dr["canonical_definition"], dr["commitment"])
    for path in (f"/draws/{dr['id']}", "/draws", f"/draw-registers/{register['id']}"):
        assert secret not in city.get(path).body.decode()
    expect_error(city.get(f"/draws/{dr['id']}/export"), 409, "draw_not_executed")
    expect_error(city.get(f"/draws/{dr['id']}/verify"), 409, "draw_not_executed")
    p = wstore.cli("draw", "verify", dr["id"])
    assert p.returncode == 4 and "not been executed" in p.stderr, p.stdout + p.stderr

    expect_error(city.post(f"/draws/{dr['id']}/execute", {"public_value": ""}), 400, "invalid_public_value")
    expect_error(city.post(f"/draws/{dr['id']}/execute", {"public_value": "x" * 201}), 400, "invalid_public_value")
    expect_error(city.post(f"/draws/{dr['id']}/execute", {"public_value": "1", "value": "1"}), 400, "unknown_field")
    r = city.post(f"/draws/{dr['id']}/execute", {"public_value": "12 15 21 33 + 07"})
    assert r.status == 200, r
    ex = r.json
    assert ex["state"] == "executed" and ex["seed"] == secret and ex["public_value"] == "12 15 21 33 + 07"
    assert opens(ex["seed"], ex["canonical_definition"], ex["commitment"]) and ex["commitment"] == dr["commitment"]
    teams = ex["result"]["teams"]
    assert [t["county"] for t in teams] == counties
    assert {t["inspected_by"] for t in teams} == set(counties)
    for t in teams:
        assert t["inspected_by"] != t["county"] and len(t["schools"]) == 4
        assert sum(s["rule"] == 0 for s in t["schools"]) == 2
        assert all(i["id"].startswith(f"t-{counties.index(t['inspected_by'])}-") for i in t["inspectors"])
    expect_error(city.post(f"/draws/{dr['id']}/execute", {"public_value": "again"}), 409, "draw_already_executed")

    export = city.get(f"/draws/{dr['id']}/export").json
    assert export["commitment"] == dr["commitment"] and export["result"] == ex["result"]
    p = verify_file(tmp_path, export)
    assert p.returncode == 0 and p.stdout.startswith("identical"), p.stdout + p.stderr
    assert city.get(f"/draws/{dr['id']}/verify").json == {
        "draw_id": dr["id"], "identical": True, "difference": None, "commitment": dr["commitment"],
        "commitment_matches": True, "schools": len(export["registers"]["schools"]), "inspectors": 9,
        "teams": 3, "problems": 0}
    # The journal replays into the same projections, the draw tables included.
    v = wstore.verify()
    assert v.returncode == 0, v.stdout + v.stderr


def test_the_school_register_is_versioned_and_a_draw_pins_its_version(wu, d, register):
    city = wu["city.officer"]
    body = {"org_id": d.city_id, "name": "版本测试", "definition": definition(three_counties(d))}
    first = city.post("/draws", body).json
    second = city.post("/draws", body).json
    # An unchanged school register is not published again; both draws pin the same version.
    assert first["registers"]["schools"] == second["registers"]["schools"]
    assert first["commitment"] != second["commitment"]  # fresh seeds
    reg = city.get(f"/draw-registers/{first['registers']['schools']['id']}").json
    assert reg["kind"] == "schools" and reg["count"] == 3043 and len(reg["records"]) == 3043
    codes = [s["code"] for s in reg["records"]]
    assert codes == sorted(codes)
    line = "".join(json.dumps(s, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" for s in reg["records"])
    assert hashlib.sha256(line.encode()).hexdigest() == reg["sha256"]
    latest = city.get(f"/draw-registers?kind=inspectors&org_id={d.city_id}").json
    assert latest["id"] == register["id"] and len(latest["records"]) == 9
    # Publishing the same inspector list again changes nothing; a changed list is a new version.
    again = city.post("/draw-registers/inspectors", {"org_id": d.city_id, "inspectors": latest["records"]})
    assert again.status == 201 and again.json["id"] == register["id"]
    expect_error(city.post("/draw-registers/inspectors", {"org_id": d.city_id,
                                                          "inspectors": latest["records"] + [latest["records"][0]]}),
                 400, "invalid_register")
    expect_error(city.post("/draw-registers/inspectors", {"org_id": d.city_id, "inspectors": [{"id": "x"}]}),
                 400, "invalid_register")


# ---------------------------------------------------------------------------------------------
# Infeasible definitions and bad input


def test_infeasible_definitions_get_422_with_exact_reasons(wu, d, register):
    city = wu["city.officer"]
    counties = three_counties(d)
    head = city.get("/health").json["journal_head"]["seq"]

    def problems(dfn):
        r = city.post("/draws", {"org_id": d.city_id, "name": "不可行", "definition": dfn})
        assert r.status == 422, r
        assert r.json["code"] == "draw_infeasible" and r.json["message"] and r.json["feasible"] is False
        check = city.post("/draws/check", {"org_id": d.city_id, "name": "不可行", "definition": dfn})
        assert check.status == 200 and check.json["problems"] == r.json["problems"]
        return [{k: p[k] for k in ("kind", "county", "by_county", "rule", "need", "have")} for p in r.json["problems"]]

    # Which stratum lacks how many schools: more schools than any county has.
    got = problems(definition(counties, sample={"size": 5000}))
    assert [p["kind"] for p in got] == ["stratum_short"] * 3
    assert [p["county"] for p in got] == counties
    for p in got:
        n = city.get(f"/orgs/{p['county']}").json["school_count"]
        assert p["need"] == 5000 and p["have"] == n
    # Which team cannot be staffed: teams of 4 from counties with 3 inspectors each.
    got = problems(definition(counties, team={"size": 4}))
    assert got == [{"kind": "inspectors_short", "county": None, "by_county": c, "rule": None, "need": 4, "have": 3}
                   for c in counties]
    got = problems(definition(counties, team={"size": 2, "min_rules": [{"count": 1, "field": "fire"}]}))
    assert got == [{"kind": "inspectors_rule_short", "county": None, "by_county": c, "rule": 0, "need": 1, "have": 0}
                   for c in counties]
    # Why no rotation exists: one county cannot inspect another.
    got = problems(definition(counties[:1]))
    assert got == [{"kind": "rotation_impossible", "county": counties[0], "by_county": None, "rule": None, "need": 2,
                    "have": 1}]
    assert city.get("/health").json["journal_head"]["seq"] == head


@pytest.mark.parametrize("mutate,code", [
    (lambda b, d: b["definition"].update(colour="red"), "invalid_draw_definition"),
    (lambda b, d: b["definition"].update(sample={"size": 0}), "invalid_draw_definition"),
    (lambda b, d: b["definition"].update(team={"size": 1}), "invalid_draw_definition"),
    (lambda b, d: b["definition"].pop("as_of"), "invalid_draw_definition"),
    (lambda b, d: b["definition"].update(counties=[d.donge_id, d.home_school["id"]]), "unknown_county"),
    (lambda b, d: b["definition"].update(counties=[d.donge_id, "org_nope"]), "unknown_county"),
    (lambda b, d: b.update(name=""), "invalid_name"),
    (lambda b, d: b.pop("definition"), "missing_field"),
    (lambda b, d: b.update(extra=1), "unknown_field"),
])
def test_bad_definitions_are_400_and_write_nothing(wu, d, register, mutate, code):
    city = wu["city.officer"]
    body = {"org_id": d.city_id, "name": "错误", "definition": definition(three_counties(d))}
    mutate(body, d)
    head = city.get("/health").json["journal_head"]["seq"]
    expect_error(city.post("/draws", body), 400, code)
    assert city.get("/health").json["journal_head"]["seq"] == head


def test_draws_are_scope_checked(wu, d, register):
    city = wu["city.officer"]
    dr = city.post("/draws", {"org_id": d.city_id, "name": "范围", "definition": definition(three_counties(d))}).json
    # A county (one of the inspected ones) neither sees nor executes the city's draw.
    county = wu["county.officer"]
    for path in (f"/draws/{dr['id']}", f"/draws/{dr['id']}/export", f"/draws/{dr['id']}/verify",
                 f"/draw-registers/{register['id']}"):
        expect_error(county.get(path), 404, "not_found")
    assert all(x["id"] != dr["id"] for x in county.get("/draws").json["items"])
    expect_error(county.post(f"/draws/{dr['id']}/execute", {"public_value": "1"}), 404, "not_found")
    expect_error(county.post("/draws", {"org_id": d.city_id, "name": "x", "definition": definition(three_counties(d))}),
                 404, "not_found")
    expect_error(wu["inspector"].post("/draws", {"name": "x", "definition": definition([d.donge_id, d.gaotang_id])}),
                 403, "draw_forbidden")
    expect_error(wu["auditor"].post(f"/draws/{dr['id']}/execute", {"public_value": "1"}), 403, "read_only")
    # The auditor reads in its scope.
    assert wu["auditor"].get(f"/draws/{dr['id']}").json["seed"] is None
    expect_error(city.get("/draws/drw_missing"), 404, "not_found")
    # A county without an inspector register of its own cannot draw yet.
    expect_error(county.post("/draws", {"name": "县内", "definition": definition([d.donge_id])}), 409,
                 "no_inspector_register")


def test_openapi_describes_every_draw_route_used(wu):
    assert_openapi_covers(wu["admin"], ("/api/v1/draws", "/api/v1/draw-registers"), 8)


def test_verify_names_a_draw_row_changed_behind_the_application(demo_base):
    store = demo_base.clone("draw_damage")
    store.execute("UPDATE draw SET public_value = 'another lottery number'")
    v = store.verify()
    out = v.stdout + v.stderr
    assert v.returncode == 3, out
    assert "draw" in out and "public_value" in out and "another lottery number" in out, out
