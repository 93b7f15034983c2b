"""Level reports (逐级上报, issue #7 item 3) over the API, on SQLite and PostgreSQL: a school's report
needs its principal; a county report goes up, is returned with a reason, is corrected (the new
report supersedes the returned one), is accepted, references the accepted reports of its schools, and
shows "changed since report" after a later change; scope (404), roles (403), the reason (400
reason_required), double submits (409); the export and `anxiao report verify`, intact and tampered.

These tests write, so they run on a private server over their own clone of the demo.
"""

from __future__ import annotations

import json
import re

import pytest

from anxiao_harness import run_cli
from test_api import all_items, expect_error

HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX128 = re.compile(r"^[0-9a-f]{128}$")
CAMPAIGN_NAME = "全市教体系统校园安全隐患大排查大整治集中行动"


@pytest.fixture(scope="module")
def campaign(wu) -> str:
    items = wu["city.officer"].get("/campaigns?page_size=200").json["items"]
    return next(c["id"] for c in items if c["name"] == CAMPAIGN_NAME)


def post(c, path, body=None, version=None):
    headers = {"If-Match": f'"{version}"'} if version is not None else None
    return c.post(path, body if body is not None else {}, headers=headers)


def verify_file(tmp_path, export: dict, name: str, *store_args: str):
    f = tmp_path / name
    f.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return run_cli("report", "verify", str(f), *store_args)


# The tests of this module run in order: the school flow, then the county flow that references it.
state: dict = {}


def test_demo_reports_count_the_campaign_work(wu, d, campaign):
    """The demo's own reports are frozen for a period end a week before the demo was loaded, and
    the demo dates its campaign work on the days it was done: the visits, self-inspections and
    findings made by the period end are in them, the later ones are not (they once froze all-zero
    figures: the work was dated at load time, after the period end). Runs before the other tests
    of the module change anything."""
    county, city = wu["county.officer"], wu["city.officer"]
    mine = all_items(county, "/reports", org=d.donge_id, campaign=campaign)
    assert mine, "the demo has level reports of 东阿县"
    period = min(x["period_end"] for x in mine)
    start = county.get(f"/campaigns/{campaign}").json["start_date"]
    assert period > start
    frozen = [x for x in mine if x["period_end"] == period and x["org_id"] == d.donge_id]
    assert [x["state"] for x in frozen] == ["accepted"]
    rep = county.get(f"/reports/{frozen[0]['id']}")
    assert rep.status == 200, rep
    # Nothing changed since: the figures as of the period end are still what was frozen.
    assert rep.json["changed_since_report"] is False and rep.json["differences"] == []
    fig = rep.json["body"]["figures"]
    c, n = fig["campaign"], fig["counts"]
    assert c["inspections_done"] > 0 and c["schools_inspected"] > 0 and c["self_submitted"] > 0, c
    assert c["coverage"] != "0.0000" and c["teams_county"] > 0, c
    assert n["total"] > 0 and n["closed"] > 0 and n["by_source"].get("county_census", 0) > 0, n
    assert fig["progress"]["median_days_to_close"] is not None, fig["progress"]
    # The county's schools reported with figures of their own (accepted ones referenced); the demo
    # school had done its self-inspection by then.
    assert rep.json["body"]["children"], rep.json["body"]
    home = [x for x in all_items(county, "/reports", org=d.home_school["id"], campaign=campaign)
            if x["period_end"] == period]
    assert len(home) == 1, home
    hc = county.get(f"/reports/{home[0]['id']}").json["body"]["figures"]["campaign"]
    assert (hc["self_submitted"], hc["schools_inspected"], hc["coverage"]) == (1, 1, "1.0000"), hc
    # The work done after the period end (the cross-inspection of 东阿县 in the last days, among
    # others) shows in today's figures, not in the report's.
    now = county.get(f"/reports/preview?org={d.donge_id}&campaign={campaign}").json["body"]["figures"]
    assert now["campaign"]["inspections_done"] > c["inspections_done"], (now["campaign"], c)
    assert now["counts"]["total"] >= n["total"]
    # 阳谷县's report, waiting at the city, counts its own work too.
    waiting = [x for x in all_items(city, "/reports", to=d.city_id, campaign=campaign, state="submitted")
               if x["period_end"] == period]
    assert len(waiting) == 1, waiting
    body = city.get(f"/reports/{waiting[0]['id']}").json["body"]
    assert body["figures"]["campaign"]["inspections_done"] > 0 and body["figures"]["counts"]["total"] > 0, body


def test_school_report_needs_the_principal(wu, d, campaign):
    officer, principal, county = wu["school.officer"], wu["principal"], wu["county.officer"]
    school = d.home_school["id"]
    pre = officer.get(f"/reports/preview?org={school}&campaign={campaign}")
    assert pre.status == 200, pre
    assert pre.json["live_report"] is None
    r = officer.post("/reports", {"org": school, "campaign": campaign})
    assert r.status == 201, r
    rep = r.json
    assert rep["state"] == "awaiting_approval"
    assert rep["org_id"] == school and rep["supervising_org_id"] == d.donge_id
    assert rep["body"]["figures"] == pre.json["body"]["figures"]  # computed, the same both times
    assert rep["body"]["children"] == [] and rep["body"]["missing_children"] == []
    assert HEX64.match(rep["sha256"]) and HEX128.match(rep["signature"]["value"])
    assert rep["signature"]["valid"] is True and rep["hash_valid"] is True
    assert r.headers["ETag"] == '"1"'
    # The county cannot decide before the principal approved; the officer cannot approve.
    expect_error(post(county, f"/reports/{rep['id']}/accept", version=1), 409, "invalid_transition")
    expect_error(post(officer, f"/reports/{rep['id']}/approve", version=1), 403, "principal_required")
    expect_error(post(principal, f"/reports/{rep['id']}/approve"), 428, "version_required")
    expect_error(post(principal, f"/reports/{rep['id']}/approve", version=7), 412, "version_mismatch")
    a = post(principal, f"/reports/{rep['id']}/approve", version=1)
    assert a.status == 200, a
    assert a.json["state"] == "submitted" and a.json["approved_by"] == principal.user["id"]
    # The school's own staff never accept it; the county does.
    expect_error(post(principal, f"/reports/{rep['id']}/accept", version=2), 403, "not_supervising_level")
    acc = post(county, f"/reports/{rep['id']}/accept", version=2)
    assert acc.status == 200, acc
    assert acc.json["state"] == "accepted"
    state["school_report"] = acc.json


def test_county_report_returned_corrected_accepted_and_changed(wu, d, campaign, wstore):
    county, city = wu["county.officer"], wu["city.officer"]
    r = county.post("/reports", {"org": d.donge_id, "campaign": campaign})
    assert r.status == 201, r
    first = r.json
    assert first["state"] == "submitted" and first["supervising_org_id"] == d.city_id
    assert first["body"]["org"]["name"] == "东阿县"
    school = state["school_report"]
    refs = {c["org_id"]: c for c in first["body"]["children"]}
    assert refs[d.home_school["id"]]["report_id"] == school["id"]
    assert refs[d.home_school["id"]]["sha256"] == school["sha256"]
    missing = {m["org_id"] for m in first["body"]["missing_children"]}
    assert d.home_school["id"] not in missing and len(missing) > 100  # the other schools of 东阿县
    cp = first["checkpoint"]
    assert cp["seq"] > 0 and HEX64.match(cp["hash"])
    assert first["changed_since_report"] is False and first["differences"] == []
    # Twice: 409. The county cannot decide on its own report.
    expect_error(county.post("/reports", {"org": d.donge_id, "campaign": campaign}), 409, "report_exists")
    expect_error(post(county, f"/reports/{first['id']}/accept", version=1), 403, "not_supervising_level")
    # Returned: a reason is required.
    expect_error(post(city, f"/reports/{first['id']}/return", {}, version=1), 400, "reason_required")
    expect_error(post(city, f"/reports/{first['id']}/return", {"reason": "   "}, version=1), 400, "reason_required")
    ret = post(city, f"/reports/{first['id']}/return", {"reason": "学校上报不全，请补齐后重报"}, version=1)
    assert ret.status == 200, ret
    assert ret.json["state"] == "returned" and ret.json["return_reason"] == "学校上报不全，请补齐后重报"
    expect_error(post(city, f"/reports/{first['id']}/accept", version=2), 409, "invalid_transition")
    # Corrected: a new report supersedes the returned one.
    r2 = county.post("/reports", {"org": d.donge_id, "campaign": campaign})
    assert r2.status == 201, r2
    second = r2.json
    assert second["supersedes"] == first["id"]
    assert second["body"]["supersedes"]["report_id"] == first["id"]
    assert second["body"]["supersedes"]["return_reason"] == "学校上报不全，请补齐后重报"
    assert second["checkpoint"]["seq"] > cp["seq"]
    acc = post(city, f"/reports/{second['id']}/accept", version=1)
    assert acc.status == 200, acc
    assert acc.json["state"] == "accepted" and acc.json["decided_by"] == city.user["id"]
    # Incoming at the city; the county's own list.
    # (The demo's own reports are for an earlier period end.)
    period = second["period_end"]

    def ids(c, **q):
        return [x["id"] for x in all_items(c, "/reports", **q) if x["period_end"] == period]

    assert set(ids(city, to=d.city_id, campaign=campaign)) == {first["id"], second["id"]}
    assert ids(county, org=d.donge_id) == [second["id"], first["id"]]
    assert ids(county, state="accepted") == [second["id"], school["id"]]
    # A later change to the underlying data: void an open campaign hazard of 东阿县.
    hz = city.get(f"/hazards?campaign={campaign}&org={d.donge_id}&state=registered&page_size=50").json["items"]
    assert hz, "the demo campaign has open hazards in 东阿县"
    voided = None
    for h in hz:
        v = city.post(f"/hazards/{h['id']}/void", {"reason": "重复登记"}, headers={"If-Match": f'"{h["version"]}"'})
        if v.status == 200:
            voided = v.json
            break
    assert voided, "no hazard could be voided"
    g = city.get(f"/reports/{second['id']}")
    assert g.status == 200, g
    assert g.json["changed_since_report"] is True
    diffs = {x["path"]: x for x in g.json["differences"]}
    assert diffs["figures.counts.voided"]["now"] == diffs["figures.counts.voided"]["reported"] + 1
    assert diffs["figures.counts.open"]["now"] == diffs["figures.counts.open"]["reported"] - 1
    # The frozen body itself did not change.
    assert g.json["body"] == second["body"] and g.json["sha256"] == second["sha256"]
    state["county_report"] = acc.json
    # And the journal still verifies, projections included.
    assert wstore.cli("verify").returncode == 0


def test_scope_and_roles(wu, d, campaign):
    rep = state["county_report"]
    other = wu["officer.371525"]  # 冠县
    expect_error(other.get(f"/reports/{rep['id']}"), 404, "not_found")
    expect_error(other.get(f"/reports/{rep['id']}/export"), 404, "not_found")
    expect_error(post(other, f"/reports/{rep['id']}/accept", version=2), 404, "not_found")
    expect_error(other.post("/reports", {"org": d.donge_id, "campaign": campaign}), 404, "not_found")
    assert all_items(other, "/reports") == []
    expect_error(other.get(f"/reports?org={d.donge_id}"), 404, "not_found")
    # The school does not see its county's report; the inspector sees no reports at all.
    expect_error(wu["school.officer"].get(f"/reports/{rep['id']}"), 404, "not_found")
    expect_error(wu["inspector"].get(f"/reports/{rep['id']}"), 404, "not_found")
    expect_error(wu["inspector"].get("/reports"), 403, "forbidden")
    # Wrong roles for preparing: the city officer for the county, the auditor for the city.
    expect_error(wu["city.officer"].post("/reports", {"org": d.donge_id, "campaign": campaign}), 403,
                 "report_forbidden")
    expect_error(wu["auditor"].post("/reports", {"org": d.city_id, "campaign": campaign}), 403, "read_only")
    # The auditor reads.
    assert wu["auditor"].get(f"/reports/{rep['id']}").status == 200
    # Bad input.
    county = wu["county.officer"]
    expect_error(county.post("/reports", {"org": d.donge_id}), 400, "missing_field")
    expect_error(county.post("/reports", {"org": d.donge_id, "campaign": campaign, "as_of": "2000-01-01"}), 400,
                 "invalid_as_of")
    expect_error(county.post("/reports", {"org": d.donge_id, "campaign": campaign, "extra": 1}), 400,
                 "unknown_field")
    expect_error(county.post("/reports", {"org": d.donge_id, "campaign": "cmp_nosuch"}), 404, "not_found")
    expect_error(county.get("/reports?state=done"), 400, "unknown_enum_value")


def test_idempotent_prepare_replays(wu, d, campaign):
    city = wu["city.officer"]
    key = {"Idempotency-Key": "report-city-1"}
    a = city.post("/reports", {"org": d.city_id, "campaign": campaign}, headers=key)
    assert a.status == 201, a
    b = city.post("/reports", {"org": d.city_id, "campaign": campaign}, headers=key)
    assert b.status == 201 and b.json["id"] == a.json["id"]
    refs = {c["org_id"] for c in a.json["body"]["children"]}
    assert refs == {d.donge_id}  # only 东阿县's report was accepted
    state["city_report"] = a.json


def test_export_and_cli_verify(wu, wstore, demo_base, tmp_path):
    rep = state["county_report"]
    e = wu["city.officer"].get(f"/reports/{rep['id']}/export")
    assert e.status == 200, e
    exp = e.json
    assert exp["format"] == "anxiao-level-report-export/1" and exp["sha256"] == rep["sha256"]
    assert exp["checkpoint"] == rep["checkpoint"]
    ok = verify_file(tmp_path, exp, "ok.json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "verified" in ok.stdout
    # With the store: the key and the checkpoint against its journal.
    ok2 = verify_file(tmp_path, exp, "ok2.json", *wstore.args)
    assert ok2.returncode == 0, ok2.stdout + ok2.stderr
    assert "checkpoint  ok" in ok2.stdout and "public key  ok" in ok2.stdout
    by_id = wstore.cli("report", "verify", rep["id"])
    assert by_id.returncode == 0, by_id.stdout + by_id.stderr
    # Figures changed.
    t = json.loads(json.dumps(exp))
    t["body"]["figures"]["counts"]["open"] += 1
    bad = verify_file(tmp_path, t, "figures.json")
    assert bad.returncode == 3 and "hash mismatch" in bad.stdout, bad.stdout
    # Signature changed.
    t = json.loads(json.dumps(exp))
    sig = t["signature"]["value"]
    t["signature"]["value"] = ("0" if sig[0] != "0" else "1") + sig[1:]
    bad = verify_file(tmp_path, t, "signature.json")
    assert bad.returncode == 3 and "signature mismatch" in bad.stdout, bad.stdout
    # Checkpoint hash changed (and the hash recomputed so that only the signature can tell).
    import hashlib
    t = json.loads(json.dumps(exp))
    t["body"]["checkpoint"]["hash"] = "f" * 64
    bad = verify_file(tmp_path, t, "checkpoint-raw.json")
    assert bad.returncode == 3 and "hash mismatch" in bad.stdout, bad.stdout
    canon = json.dumps(t["body"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    t["sha256"] = hashlib.sha256(canon.encode("utf-8")).hexdigest()
    bad = verify_file(tmp_path, t, "checkpoint.json")
    assert bad.returncode == 3 and "signature mismatch" in bad.stdout, bad.stdout
    # A genuine export against a journal that does not hold it (the demo before these tests: the
    # same org key, from the demo's own reports, but no checkpoint entry and no such report).
    other = verify_file(tmp_path, exp, "other.json", *demo_base.store.args)
    assert other.returncode == 3 and "checkpoint mismatch" in other.stdout, other.stdout
    assert "public key  ok" in other.stdout and "journal     FAILED" in other.stdout
    # Unreadable.
    bad = verify_file(tmp_path, {"format": "nope"}, "nope.json")
    assert bad.returncode == 4, bad.stdout + bad.stderr
    assert wstore.cli("report", "verify", "rpt_nosuch").returncode == 4


def test_secret_key_is_neither_journaled_nor_served(wu, wstore):
    rep = state["county_report"]
    (secret,) = wstore.query(f"SELECT secret_key FROM org_signing_secret WHERE org_id = '{rep['org_id']}'")[0]
    assert HEX128.match(secret)
    seed, public = secret[:64], secret[64:]
    assert public == rep["signature"]["public_key"]  # libsodium's secret key is seed ‖ public key
    assert int(wstore.query(f"SELECT count(*) FROM journal WHERE payload LIKE '%{seed}%'")[0][0]) == 0
    for path in (f"/reports/{rep['id']}", f"/reports/{rep['id']}/export"):
        assert seed not in wu["county.officer"].get(path).body.decode()


def test_figures_hold_at_the_period_end(wu, d, campaign):
    """Every figure of a report is as of its period end: inspections submitted and hazards found
    later are left out alike (a report of 东阿县 once counted 175 inspections done by a date on
    which none had been submitted, beside 0 hazards)."""
    county = wu["county.officer"]
    start = county.get(f"/campaigns/{campaign}").json["start_date"]
    q = f"/reports/preview?org={d.donge_id}&campaign={campaign}"
    now = county.get(q)
    assert now.status == 200, now
    fig = now.json["body"]["figures"]
    assert fig["campaign"]["inspections_done"] > 0 and fig["campaign"]["schools_inspected"] > 0
    assert fig["counts"]["total"] > 0
    # The demo dates its campaign work on the days it was done, from the campaign's second day on:
    # on the first day nothing was submitted or found yet.
    then = county.get(q + f"&as_of={start}")
    assert then.status == 200, then
    assert then.json["body"]["period_end"] == start
    f0 = then.json["body"]["figures"]
    assert f0["counts"]["total"] == 0, f0["counts"]
    c0 = f0["campaign"]
    assert (c0["inspections_done"], c0["schools_inspected"], c0["self_submitted"], c0["coverage"]) == (0, 0, 0, "0.0000"), c0
    # What does not depend on the date stays.
    assert c0["schools_in_scope"] == fig["campaign"]["schools_in_scope"]
    assert c0["self_assigned"] == fig["campaign"]["self_assigned"]
    # The dashboard's campaign block as of that day agrees.
    fk = county.get(f"/orgs/{d.donge_id}/five-knowns?campaign={campaign}&as_of={start}").json
    assert fk["campaign"]["schools_inspected"] == 0 and fk["campaign"]["self_submitted"] == 0, fk["campaign"]
