"""Campaigns, teams, checklists, inspections and self-inspection over the API (docs/api.md), on SQLite
and PostgreSQL.

These tests write a lot (campaigns, plans, hazards), so they run on a private server over their own
clone of the demo (fixture ``wserver``), not on the shared one. The central property: an
unannounced plan (四不两直) does not exist for the inspected school and county — through any
endpoint — until the inspectors check in.
"""

from __future__ import annotations


from collections import Counter
from datetime import datetime, timedelta

import pytest

from anxiao_harness import assert_openapi_covers
from test_api import all_items, expect_error


def china_day(iso: str) -> str:
    """The China Standard Time date of a UTC timestamp such as 2026-11-29T04:48:23.123Z."""
    return (datetime.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S") + timedelta(hours=8)).strftime("%Y-%m-%d")


@pytest.fixture(scope="module")
def ids(wu, d) -> dict:
    """Ids the tests share: the demo users, checklist templates and a second county's officer."""
    admin = wu["admin"]
    out = {u: wu[u].get("/me").json["user"]["id"] for u in ("inspector", "expert", "city.officer", "county.officer")}
    tmpls = all_items(admin, "/checklists")
    out["fire"] = next(t["id"] for t in tmpls if t["category"] == "fire" and t["name"] == "消防安全检查表")
    out["fire_self"] = next(t["id"] for t in tmpls if t["name"] == "消防安全自查表")
    # An officer of 冠县: the county that inspects 东阿县 in the cross-inspection tests.
    r = admin.post("/users", {"username": "guanxian.officer", "display_name": "冠县安全股", "role": "bureau_officer",
                              "scope_org_id": d.guanxian_id, "password": "guanxian-pass-1"})
    assert r.status == 201, r
    gx = wu.srv.client()
    assert gx.login("guanxian.officer", "guanxian-pass-1").status == 200
    out["guanxian_client"] = gx
    return out


def new_campaign(c, **over) -> dict:
    body = {"name": "校园安全隐患大排查大整治集中行动", "start_date": "2026-03-01", "end_date": "2027-06-30",
            "modes": ["city_supervision", "unannounced", "cross_inspection", "thematic"]}
    body.update(over)
    r = c.post("/campaigns", body)
    assert r.status == 201, r
    assert r.headers["ETag"] == '"1"'
    return r.json


def new_team(c, campaign_id: str, **body) -> dict:
    r = c.post(f"/campaigns/{campaign_id}/teams", body)
    assert r.status == 201, r
    return r.json


def plan(c, **body) -> dict:
    r = c.post("/inspections", body)
    assert r.status == 201, r
    assert r.json["state"] == "planned"
    return r.json


def act(c, ins: dict, action: str, body=None) -> dict:
    r = c.post(f"/inspections/{ins['id']}/{action}", body or {}, headers={"If-Match": f'"{ins["version"]}"'})
    assert r.status == 200, r
    return r.json


def items_of(c, path: str) -> list[dict]:
    """Every item of a list endpoint whose path may carry a query already."""
    out: list[dict] = []
    page = 1
    while True:
        r = c.get(f"{path}{'&' if '?' in path else '?'}page={page}&page_size=200")
        assert r.status == 200, (path, r)
        out += r.json["items"]
        if len(out) >= r.json["total"] or not r.json["items"]:
            return out
        page += 1


def visible_ids(c, path: str) -> set[str]:
    return {i["id"] for i in items_of(c, path)}


def assert_hidden(c, ins_id: str, school_id: str, campaign_id: str, team_id: str | None) -> None:
    """The plan does not exist for `c` through any read or write endpoint (404 like a missing one)."""
    expect_error(c.get(f"/inspections/{ins_id}"), 404, "not_found")
    for path in ("/inspections", f"/inspections?school_id={school_id}", f"/inspections?campaign_id={campaign_id}",
                 f"/inspections?state=planned", f"/campaigns/{campaign_id}/self-inspections/schools"):
        assert ins_id not in visible_ids(c, path), path
    if team_id:
        expect_error(c.get(f"/teams/{team_id}"), 404, "not_found")
        assert team_id not in visible_ids(c, f"/campaigns/{campaign_id}/teams")
        assert ins_id not in visible_ids(c, f"/inspections?team_id={team_id}")
    fig = c.get(f"/campaigns/{campaign_id}/figures")
    assert fig.status == 200, fig
    assert fig.json["inspections"]["planned"] == 0, fig.json
    assert fig.json["schools"]["assigned"] == 0, fig.json
    detail = c.get(f"/campaigns/{campaign_id}")
    assert detail.json["figures"] == {k: v for k, v in fig.json.items() if k != "campaign_id"}
    hz = items_of(c, f"/hazards?school={school_id}")
    assert all(h["inspection_id"] != ins_id for h in hz)
    # Writes answer 404 as well, before anything else is looked at.
    r = c.post(f"/inspections/{ins_id}/check-in", {}, headers={"If-Match": '"1"'})
    expect_error(r, 404, "not_found")
    r = c.post(f"/inspections/{ins_id}/re-inspections", {})
    expect_error(r, 404, "not_found")


# ---------------------------------------------------------------------------------------------
# The whole flow


def test_city_supervision_unannounced_flow(wu, d, ids):
    city = wu["city.officer"]
    school_id = d.home_school["id"]
    camp = new_campaign(city)
    team = new_team(city, camp["id"], kind="city_supervision", name="第一督查组", leader_name="李明", leader_rank="县级干部",
                    members=[ids["inspector"]], experts=[ids["expert"]], schools=[school_id], rounds=2)
    assert team["level"] == "city" and team["people"][ids["expert"]]["organization"] == "聊城市消防救援支队"
    ins = plan(city, team_id=team["id"], school_id=school_id, template_id=ids["fire"], unannounced=True,
               planned_date="2026-04-10")
    assert ins["source"] == "city_supervision" and ins["unannounced"] and ins["campaign_id"] == camp["id"]
    assert set(ins["inspectors"]) >= {ids["inspector"], ids["expert"], ids["city.officer"]}

    # 四不两直: the school and its county know nothing until check-in.
    for u in ("school.officer", "principal", "county.officer"):
        assert_hidden(wu[u], ins["id"], school_id, camp["id"], team["id"])
    # The planners and the inspectors on the plan see it.
    for u in ("city.officer", "inspector", "expert", "admin"):
        assert wu[u].get(f"/inspections/{ins['id']}").status == 200, u
    assert city.get(f"/campaigns/{camp['id']}/figures").json["inspections"]["planned"] == 1

    # Check-in: bad position, missing and stale If-Match first.
    insp = wu["inspector"]
    r = insp.post(f"/inspections/{ins['id']}/check-in", {"latitude": "36.33"}, headers={"If-Match": '"1"'})
    expect_error(r, 400, "invalid_position")
    expect_error(insp.post(f"/inspections/{ins['id']}/check-in", {}), 428, "version_required")
    expect_error(insp.post(f"/inspections/{ins['id']}/check-in", {}, headers={"If-Match": '"7"'}), 412, "version_mismatch")
    # Recording before check-in is a state conflict.
    r = insp.post(f"/inspections/{ins['id']}/items/FIRE-01", {"result": "pass"})
    expect_error(r, 409, "illegal_inspection_transition")
    ins = act(insp, ins, "check-in", {"latitude": "36.337512", "longitude": "116.247301"})
    assert ins["state"] == "in_progress" and ins["position"] == {"latitude": "36.337512", "longitude": "116.247301"}
    assert ins["checked_in_by"] == ids["inspector"]
    # Now the school sees the visit.
    so = wu["school.officer"]
    assert so.get(f"/inspections/{ins['id']}").status == 200
    assert ins["id"] in visible_ids(so, "/inspections")
    assert ins["id"] in visible_ids(wu["county.officer"], f"/inspections?campaign_id={camp['id']}")

    detail = insp.get(f"/inspections/{ins['id']}").json
    codes = [i["code"] for i in detail["items"]]
    assert len(codes) >= 10 and detail["answered"] == 0 and all(i["record"] is None for i in detail["items"])
    item05 = next(i for i in detail["items"] if i["code"] == "FIRE-05")
    assert item05["photo_required"] is False and item05["risk_level"] == "orange"
    # Bad item inputs.
    expect_error(insp.post(f"/inspections/{ins['id']}/items/FIRE-05", {"result": "fail"}), 400, "fail_note_required")
    expect_error(insp.post(f"/inspections/{ins['id']}/items/FIRE-05", {"result": "maybe"}), 400, "unknown_enum_value")
    expect_error(insp.post(f"/inspections/{ins['id']}/items/FIRE-05", {"result": "pass", "extra": 1}), 400, "unknown_field")
    expect_error(insp.post(f"/inspections/{ins['id']}/items/NOPE-99", {"result": "pass"}), 404, "not_found")
    photo_item = next(i for i in detail["items"] if i["photo_required"])
    r = insp.post(f"/inspections/{ins['id']}/items/{photo_item['code']}", {"result": "fail", "note": "锁闭"})
    expect_error(r, 400, "photo_required")
    # A school officer is not an inspector of this visit.
    expect_error(so.post(f"/inspections/{ins['id']}/items/FIRE-01", {"result": "pass"}), 403, "not_inspector")
    expect_error(wu["auditor"].post(f"/inspections/{ins['id']}/items/FIRE-01", {"result": "pass"}), 403, "read_only")

    # A failed item becomes a hazard in the closed loop: linked, risk level from the item.
    r = insp.post(f"/inspections/{ins['id']}/items/FIRE-05",
                  {"result": "fail", "note": "火灾自动报警系统2025年以来未检测，无检测报告"})
    assert r.status == 201, r
    hz = r.json["hazard"]
    assert hz and hz["risk_level"] == "orange" and hz["state"] == "registered"
    assert r.json["item"]["hazard_id"] == hz["id"] and r.json["item"]["version"] == 1
    h = so.get(f"/hazards/{hz['id']}").json
    assert h["source"] == "city_supervision" and h["category"] == "fire" and h["school_id"] == school_id
    assert (h["campaign_id"], h["inspection_id"], h["item_code"]) == (camp["id"], ins["id"], "FIRE-05")
    assert h["supervising_org_id"] == d.city_id
    assert hz["id"] in {x["id"] for x in items_of(wu["county.officer"], f"/hazards?school={school_id}")}
    # Correcting a recorded item needs its version; the hazard is not registered twice.
    r = insp.post(f"/inspections/{ins['id']}/items/FIRE-05", {"result": "fail", "note": "无检测报告，已责令限期检测"})
    expect_error(r, 428, "version_required")
    r = insp.post(f"/inspections/{ins['id']}/items/FIRE-05", {"result": "fail", "note": "无检测报告，已责令限期检测"},
                  headers={"If-Match": '"1"'})
    assert r.status == 200 and r.json["item"]["version"] == 2 and r.json["item"]["hazard_id"] == hz["id"]

    for code in codes:
        if code == "FIRE-05":
            continue
        r = wu["expert"].post(f"/inspections/{ins['id']}/items/{code}", {"result": "pass"})
        assert r.status == 201, (code, r)
    ins = insp.get(f"/inspections/{ins['id']}").json
    assert ins["answered"] == len(codes)
    expect_error(insp.post(f"/inspections/{ins['id']}/submit", {}, headers={"If-Match": f'"{ins["version"]}"'}),
                 409, "signature_missing")
    ins = act(insp, ins, "feedback", {"feedback": "现场反馈：消防设施检测缺失，限期整改。"})
    expect_error(insp.post(f"/inspections/{ins['id']}/signatures", {"role": "boss", "name": "x"},
                           headers={"If-Match": f'"{ins["version"]}"'}), 400, "unknown_enum_value")
    ins = act(insp, ins, "signatures", {"role": "inspector", "name": "张立新"})
    ins = act(insp, ins, "signatures", {"role": "school", "name": "校长"})
    ins = act(insp, ins, "submit")
    assert ins["state"] == "submitted" and ins["submitted_by"] == ids["inspector"]
    expect_error(insp.post(f"/inspections/{ins['id']}/submit", {}, headers={"If-Match": f'"{ins["version"]}"'}),
                 409, "illegal_inspection_transition")
    full = so.get(f"/inspections/{ins['id']}").json
    assert [s["role"] for s in full["signatures"]] == ["inspector", "school"]
    assert full["feedback"].startswith("现场反馈")
    kinds = [e["kind"] for e in full["history"]]
    assert kinds[0] == "inspection.planned" and kinds[-1] == "inspection.submitted"

    # Amend: only with a reason, the inspection's version and the item's version.
    r = insp.post(f"/inspections/{ins['id']}/amend", {"code": "FIRE-01", "result": "not_applicable", "item_version": 1},
                  headers={"If-Match": f'"{ins["version"]}"'})
    expect_error(r, 400, "missing_field")
    r = insp.post(f"/inspections/{ins['id']}/amend",
                  {"code": "FIRE-01", "result": "pass", "note": "复核无误", "item_version": 1, "reason": "补充说明"})
    expect_error(r, 428, "version_required")
    r = insp.post(f"/inspections/{ins['id']}/amend",
                  {"code": "FIRE-01", "result": "pass", "note": "复核无误", "item_version": 1, "reason": "补充说明"},
                  headers={"If-Match": f'"{ins["version"]}"'})
    assert r.status == 200, r
    amended = insp.get(f"/inspections/{ins['id']}").json
    assert amended["amend_count"] == 1 and amended["history"][-1]["kind"] == "inspection.amended"
    assert amended["history"][-1]["payload"]["reason"] == "补充说明"

    # Figures follow the data.
    fig = city.get(f"/campaigns/{camp['id']}/figures").json
    assert fig["teams"]["city"] == 1 and fig["teams"]["by_kind"] == {"city_supervision": 1} and fig["teams"]["experts"] == 1
    assert fig["schools"]["assigned"] == 1 and fig["schools"]["inspected"] == 1
    assert fig["inspections"] == {"done": 1, "in_progress": 0, "planned": 0}
    assert fig["hazards"]["found"] == 1 and fig["hazards"]["found_by_source"] == {"city_supervision": 1}

    # Re-inspection (复查): the open hazard is carried forward as an item to re-check.
    r = city.post(f"/inspections/{ins['id']}/re-inspections", {"team_id": team["id"], "round": 2})
    assert r.status == 201, r
    re_ins = r.json
    assert re_ins["previous_id"] == ins["id"] and re_ins["school_id"] == school_id and re_ins["round"] == 2
    carried = [i for i in city.get(f"/inspections/{re_ins['id']}").json["items"] if i["carried"]]
    assert [c["hazard_id"] for c in carried] == [hz["id"]] and carried[0]["code"] == "HZ:" + hz["id"]
    r = city.post(f"/inspections/{re_ins['id']}/re-inspections", {})
    expect_error(r, 409, "previous_not_submitted")
    r = city.post(f"/inspections/{ins['id']}/re-inspections", {"team_id": team["id"], "round": 3})
    expect_error(r, 400, "invalid_rounds")


def test_cross_inspection_plan_is_hidden_from_the_inspected_county(wu, d, ids):
    city = wu["city.officer"]
    gx = ids["guanxian_client"]
    camp = new_campaign(city, name="县级交叉互查")
    school_id = d.home_school["id"]  # a 东阿县 school
    # The rules of cross-inspection.
    r = city.post(f"/campaigns/{camp['id']}/teams", {"kind": "cross_inspection", "org_id": d.guanxian_id, "name": "冠县互查组",
                                                     "leader_name": "赵强", "target_org_id": d.guanxian_id})
    expect_error(r, 400, "own_county")
    r = city.post(f"/campaigns/{camp['id']}/teams", {"kind": "cross_inspection", "org_id": d.guanxian_id, "name": "冠县互查组",
                                                     "leader_name": "赵强"})
    expect_error(r, 400, "invalid_target")
    r = city.post(f"/campaigns/{camp['id']}/teams", {"kind": "cross_inspection", "name": "市级互查组", "leader_name": "赵强",
                                                     "target_org_id": d.donge_id})
    expect_error(r, 400, "invalid_team_kind")
    r = city.post(f"/campaigns/{camp['id']}/teams", {"kind": "cross_inspection", "org_id": d.guanxian_id, "name": "冠县互查组",
                                                     "leader_name": "赵强", "target_org_id": d.donge_id,
                                                     "schools": [d.guanxian_school_id]})
    expect_error(r, 400, "invalid_schools")
    team = new_team(gx, camp["id"], kind="cross_inspection", name="冠县互查组", leader_name="赵强", leader_rank="科级干部",
                    target_org_id=d.donge_id, schools=[school_id])
    assert team["level"] == "county" and team["org_id"] == d.guanxian_id
    r = gx.post("/inspections", {"team_id": team["id"], "school_id": d.guanxian_school_id, "template_id": ids["fire"]})
    expect_error(r, 400, "school_not_assigned")
    ins = plan(gx, team_id=team["id"], school_id=school_id, template_id=ids["fire"], unannounced=True)
    assert ins["source"] == "cross_inspection"
    # Neither 东阿县 (the inspected county) nor the school knows; 冠县 and the city do.
    for u in ("county.officer", "inspector", "school.officer", "principal"):
        assert_hidden(wu[u], ins["id"], school_id, camp["id"], team["id"])
    assert gx.get(f"/inspections/{ins['id']}").status == 200
    assert ins["id"] in visible_ids(city, f"/inspections?campaign_id={camp['id']}")
    assert city.get(f"/campaigns/{camp['id']}/figures").json["inspections"]["planned"] == 1
    # An announced visit is visible at once; the hidden one appears at check-in.
    ins = act(gx, ins, "check-in")
    assert ins["position"] is None
    assert wu["county.officer"].get(f"/inspections/{ins['id']}").status == 200
    assert wu["school.officer"].get(f"/inspections/{ins['id']}").status == 200
    # The inspected county still cannot edit or read the other county's team.
    expect_error(wu["county.officer"].get(f"/teams/{team['id']}"), 404, "not_found")


def test_announced_plan_is_visible_to_the_school_at_once(wu, d, ids):
    county = wu["county.officer"]
    camp = new_campaign(county, name="东阿县校园安全普查")
    team = new_team(county, camp["id"], kind="county_census", name="普查一组", leader_name="陈刚", leader_rank="科级干部",
                    members=[ids["inspector"]])
    ins = plan(county, team_id=team["id"], school_id=d.home_school["id"], template_id=ids["fire"])
    assert wu["school.officer"].get(f"/inspections/{ins['id']}").status == 200
    assert ins["source"] == "county_census" and not ins["unannounced"]


# ---------------------------------------------------------------------------------------------
# Campaign and team records


def test_campaign_crud_validation_and_close(wu, d, ids):
    city = wu["city.officer"]
    expect_error(city.post("/campaigns", {"name": "x", "start_date": "2026-05-01", "end_date": "2026-06-01",
                                          "modes": ["thematic"]}), 400, "invalid_name")
    expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01", "end_date": "2026-04-01",
                                          "modes": ["thematic"]}), 400, "invalid_period")
    expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01", "end_date": "2026-06-01",
                                          "modes": ["magic"]}), 400, "unknown_enum_value")
    expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01", "end_date": "2026-06-01",
                                          "modes": []}), 400, "missing_field")
    expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-5-1", "end_date": "2026-06-01",
                                          "modes": ["thematic"]}), 400, "invalid_date")
    expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01", "end_date": "2026-06-01",
                                          "modes": ["thematic"], "checklists": ["ckl_nope"]}), 400, "unknown_checklist")
    expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01", "end_date": "2026-06-01",
                                          "modes": ["thematic"], "colour": "red"}), 400, "unknown_field")
    # A county officer cannot run a campaign for the city (its scope does not contain it): 404.
    expect_error(wu["county.officer"].post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01",
                                                          "end_date": "2026-06-01", "modes": ["thematic"],
                                                          "owner_org_id": d.city_id}), 404, "not_found")
    for u in ("inspector", "school.officer"):
        r = wu[u].post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01", "end_date": "2026-06-01",
                                      "modes": ["thematic"]})
        assert r.status in (400, 403, 404), (u, r)
    expect_error(wu["auditor"].post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01",
                                                   "end_date": "2026-06-01", "modes": ["thematic"]}), 403, "read_only")

    # The scope: the owner's subtree by default, or a county under it; never a school or another branch.
    narrow = new_campaign(city, name="东阿县汛期专项", modes=["thematic"], scope_org_id=d.donge_id)
    assert narrow["owner_org_id"] == d.city_id and narrow["scope_org_id"] == d.donge_id
    assert wu["county.officer"].get(f"/campaigns/{narrow['id']}").status == 200
    expect_error(ids["guanxian_client"].get(f"/campaigns/{narrow['id']}"), 404, "not_found")
    for bad in (d.home_school["id"], d.root_id, "org_nope"):
        expect_error(city.post("/campaigns", {"name": "汛期防溺水专项", "start_date": "2026-05-01",
                                              "end_date": "2026-06-01", "modes": ["thematic"], "scope_org_id": bad}),
                     400, "invalid_scope")
    camp = new_campaign(city, name="汛期防溺水专项", modes=["thematic"], start_date="2026-05-01", end_date="2026-09-30")
    assert camp["id"] in {c["id"] for c in all_items(city, "/campaigns")}
    # Readable down the tree (the county sees the city's campaign), not across it.
    assert wu["county.officer"].get(f"/campaigns/{camp['id']}").status == 200
    own = new_campaign(wu["county.officer"], name="东阿县防溺水")
    expect_error(ids["guanxian_client"].get(f"/campaigns/{own['id']}"), 404, "not_found")
    assert own["id"] not in {c["id"] for c in all_items(ids["guanxian_client"], "/campaigns")}

    expect_error(city.patch(f"/campaigns/{camp['id']}", {"name": "汛期防溺水专项行动"}), 428, "version_required")
    expect_error(city.patch(f"/campaigns/{camp['id']}", {"name": "汛期防溺水专项行动"}, headers={"If-Match": '"5"'}),
                 412, "version_mismatch")
    expect_error(wu["county.officer"].patch(f"/campaigns/{camp['id']}", {"name": "改名"}, headers={"If-Match": '"1"'}),
                 403, "campaign_forbidden")
    expect_error(wu["auditor"].patch(f"/campaigns/{camp['id']}", {"name": "改名"}, headers={"If-Match": '"1"'}),
                 403, "read_only")
    r = city.patch(f"/campaigns/{camp['id']}", {"name": "汛期防溺水专项行动", "modes": ["thematic", "resident"]},
                   headers={"If-Match": '"1"'})
    assert r.status == 200 and r.json["version"] == 2 and r.json["modes"] == ["thematic", "resident"]
    assert r.json["start_date"] == "2026-05-01"
    r = city.post(f"/campaigns/{camp['id']}/close", {}, headers={"If-Match": '"2"'})
    assert r.status == 200 and r.json["state"] == "closed" and r.json["closed_by"]
    expect_error(city.patch(f"/campaigns/{camp['id']}", {"name": "再改"}, headers={"If-Match": '"3"'}), 409, "campaign_closed")
    r = city.post(f"/campaigns/{camp['id']}/teams", {"kind": "thematic", "name": "防溺水组", "leader_name": "王伟"})
    expect_error(r, 409, "campaign_closed")
    expect_error(city.get("/campaigns/cmp_nope"), 404, "not_found")
    expect_error(city.get("/campaigns?colour=red"), 400, "invalid_query")


def test_team_edit_and_scope(wu, d, ids):
    city = wu["city.officer"]
    camp = new_campaign(city, name="市直学校督查")
    team = new_team(city, camp["id"], kind="city_supervision", name="第二督查组", leader_name="刘洋", leader_rank="县级干部")
    r = city.patch(f"/teams/{team['id']}", {"leader_rank": "处级干部", "schools": [d.home_school["id"]]},
                   headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert r.json["version"] == 2 and r.json["leader_rank"] == "处级干部" and r.json["schools"] == [d.home_school["id"]]
    assert r.json["name"] == "第二督查组"
    expect_error(city.patch(f"/teams/{team['id']}", {"rounds": 13}, headers={"If-Match": '"2"'}), 400, "invalid_rounds")
    expect_error(city.patch(f"/teams/{team['id']}", {"experts": [ids["inspector"]]}, headers={"If-Match": '"2"'}),
                 400, "not_an_expert")
    expect_error(city.patch(f"/teams/{team['id']}", {"members": ["usr_nope"]}, headers={"If-Match": '"2"'}),
                 400, "unknown_user")
    expect_error(city.patch(f"/teams/{team['id']}", {"name": "x"}, headers={"If-Match": '"1"'}), 412, "version_mismatch")
    expect_error(wu["auditor"].patch(f"/teams/{team['id']}", {"name": "x"}, headers={"If-Match": '"2"'}), 403, "read_only")
    # The school and county see no city team; the team's assigned schools would give visits away.
    for u in ("county.officer", "school.officer"):
        expect_error(wu[u].get(f"/teams/{team['id']}"), 404, "not_found")
        expect_error(wu[u].patch(f"/teams/{team['id']}", {"name": "x"}, headers={"If-Match": '"2"'}), 404, "not_found")
    assert team["id"] in {t["id"] for t in all_items(city, f"/campaigns/{camp['id']}/teams")}
    expect_error(city.post(f"/campaigns/{camp['id']}/teams", {"name": "无类型组", "leader_name": "王伟"}), 400, "missing_field")
    expect_error(city.post(f"/campaigns/{camp['id']}/teams", {"kind": "county_census", "name": "普查组", "leader_name": "王伟"}),
                 400, "invalid_team_kind")


# ---------------------------------------------------------------------------------------------
# "My inspections" and the team pickers


def test_mine_lists_the_plans_the_caller_inspects(wu, d, ids):
    city = wu["city.officer"]
    camp = new_campaign(city, name="我的检查测试行动")
    team = new_team(city, camp["id"], kind="city_supervision", name="第九督查组", leader_name="李明",
                    leader_rank="县级干部", members=[ids["inspector"]], experts=[ids["expert"]],
                    schools=[d.guanxian_school_id])
    by_team = plan(city, team_id=team["id"], school_id=d.guanxian_school_id, template_id=ids["fire"])
    # Unannounced and planned: hidden from the school's county, still "mine" for the team.
    hidden = plan(city, team_id=team["id"], school_id=d.guanxian_school_id, template_id=ids["fire"], unannounced=True)
    # A bureau's own visit without a team: only its planner inspects.
    own = plan(city, campaign_id=camp["id"], school_id=d.home_school["id"], template_id=ids["fire"])
    q = f"/inspections?campaign_id={camp['id']}"

    def mine(c) -> set[str]:
        return visible_ids(c, q + "&mine=1")

    assert mine(wu["inspector"]) == {by_team["id"], hidden["id"]}
    assert mine(wu["expert"]) == {by_team["id"], hidden["id"]}
    assert mine(city) == {by_team["id"], hidden["id"], own["id"]}
    # In scope is not "mine": the city sees them all, the counties and the school inspect none.
    gx = ids["guanxian_client"]
    assert visible_ids(gx, q) == {by_team["id"]}
    for c in (gx, wu["county.officer"], wu["school.officer"], wu["admin"], wu["auditor"]):
        assert mine(c) == set()
    assert visible_ids(city, q + "&mine=0") == visible_ids(city, q) == {by_team["id"], hidden["id"], own["id"]}
    assert visible_ids(city, q + "&mine=true") == mine(city)
    # Other filters still apply on top.
    assert visible_ids(wu["inspector"], f"/inspections?team_id={team['id']}&mine=1") == {by_team["id"], hidden["id"]}
    assert visible_ids(wu["inspector"], q + f"&mine=1&school_id={d.home_school['id']}") == set()

    # Joining the team afterwards makes its visible plans mine, without new plans.
    gx_id = gx.get("/me").json["user"]["id"]
    r = city.patch(f"/teams/{team['id']}", {"members": [ids["inspector"], gx_id]}, headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert mine(gx) == {by_team["id"]}  # the unannounced plan stays hidden from the inspected county
    r = city.patch(f"/teams/{team['id']}", {"members": [ids["inspector"]]}, headers={"If-Match": '"2"'})
    assert r.status == 200, r
    assert mine(gx) == set()

    for bad in ("2", "yes", ""):
        expect_error(wu["inspector"].get(f"/inspections?mine={bad}"), 400, "invalid_query")


def test_team_pickers_list_assignable_people_in_scope(wu, d, ids):
    admin = wu["admin"]
    # A disabled expert is never offered.
    r = admin.post("/users", {"username": "expert.retired", "display_name": "退休专家", "role": "expert",
                              "scope_org_id": d.city_id, "organization": "聊城市消防救援支队",
                              "password": "retired-pass-1"})
    assert r.status == 201, r
    retired = r.json["id"]
    r = admin.patch(f"/users/{retired}", {"disabled": True}, headers={"If-Match": '"1"'})
    assert r.status == 200, r

    def picks(c, seat: str, q: str = "") -> list[dict]:
        return items_of(c, f"/users?assignable={seat}" + (f"&q={q}" if q else ""))

    city_members = picks(wu["city.officer"], "member")
    assert {u["role"] for u in city_members} <= {"inspector", "bureau_officer", "expert"}
    ids_city = {u["id"] for u in city_members}
    gx_id = ids["guanxian_client"].get("/me").json["user"]["id"]
    assert {ids["inspector"], ids["county.officer"], gx_id} <= ids_city
    assert retired not in ids_city
    # Only what a picker shows: no usernames, no disabled flag.
    assert set(city_members[0]) == {"id", "display_name", "role", "organization", "scope_org_id"}

    # A county picks its own people, never the neighbour county's.
    county_members = {u["id"] for u in picks(wu["county.officer"], "member")}
    assert ids["county.officer"] in county_members and gx_id not in county_members
    # Experts registered at the city serve the counties below; the disabled one is gone.
    experts = picks(wu["county.officer"], "expert")
    assert ids["expert"] in {u["id"] for u in experts} and retired not in {u["id"] for u in experts}
    assert all(u["role"] == "expert" for u in experts)
    assert any(u["organization"] == "聊城市消防救援支队" for u in experts)
    # The name narrows the list.
    me = wu["expert"].get("/me").json["user"]
    narrowed = picks(wu["city.officer"], "expert", me["display_name"])
    assert ids["expert"] in {u["id"] for u in narrowed} and len(narrowed) < len(picks(wu["city.officer"], "expert"))

    for u in ("inspector", "expert", "school.officer", "principal", "auditor"):
        expect_error(wu[u].get("/users?assignable=member"), 403, "forbidden")
    expect_error(wu["city.officer"].get("/users?assignable=boss"), 400, "unknown_enum_value")
    expect_error(wu["city.officer"].get("/users?assignable=member&role=expert"), 400, "invalid_query")
    # Without assignable the user list stays an administrator's.
    expect_error(wu["city.officer"].get("/users"), 403, "forbidden")


# ---------------------------------------------------------------------------------------------
# Checklists


def test_checklist_versions_and_copies(wu, d, ids):
    admin, county = wu["admin"], wu["county.officer"]
    tmpls = all_items(county, "/checklists")
    assert len(tmpls) >= 11
    cats = {t["category"] for t in tmpls}
    assert {"fire", "buildings", "food", "traffic", "lab_chemicals", "security", "dormitory", "drowning", "epidemic",
            "large_events"} <= cats
    fire = county.get(f"/checklists/{ids['fire']}").json
    items = fire["current"]["items"]
    assert all(i["basis"] and i["text"] for i in items) and fire["current"]["number"] == fire["current_version"]
    # Copy to adapt (a county officer, into its own county).
    r = county.post(f"/checklists/{ids['fire']}/copy", {"name": "东阿县消防安全检查表"})
    assert r.status == 201, r
    copy = r.json
    assert copy["owner_org_id"] == d.donge_id and copy["copied_from"] == f"{ids['fire']}:{fire['current_version']}"
    assert copy["current"]["items"] == items
    # The built-in template belongs to the province: a county officer may not edit it.
    r = county.post(f"/checklists/{ids['fire']}/versions", {"items": items}, headers={"If-Match": f'"{fire["version"]}"'})
    expect_error(r, 403, "checklist_forbidden")
    # An inspection keeps the version it started with.
    camp = new_campaign(county, name="东阿县消防检查")
    team = new_team(county, camp["id"], kind="county_census", name="消防组", leader_name="陈刚", members=[ids["inspector"]])
    ins = plan(county, team_id=team["id"], school_id=d.home_school["id"], template_id=copy["id"])
    assert ins["template_version"] == 1
    new_items = items[:-1] + [{"code": "DE-01", "category": "fire", "text": "学校微型消防站器材配备齐全、人员到位",
                               "basis": "《消防安全责任制实施办法》", "risk_level": "yellow", "photo_required": False}]
    bad = [dict(items[0], code="bad code")]
    expect_error(county.post(f"/checklists/{copy['id']}/versions", {"items": bad}, headers={"If-Match": '"1"'}),
                 400, "invalid_item_code")
    dup = [items[0], items[0]]
    expect_error(county.post(f"/checklists/{copy['id']}/versions", {"items": dup}, headers={"If-Match": '"1"'}),
                 400, "duplicate_item_code")
    expect_error(county.post(f"/checklists/{copy['id']}/versions", {"items": [dict(items[0], risk_level="purple")]},
                             headers={"If-Match": '"1"'}), 400, "unknown_enum_value")
    expect_error(county.post(f"/checklists/{copy['id']}/versions", {"items": new_items}), 428, "version_required")
    r = county.post(f"/checklists/{copy['id']}/versions", {"items": new_items, "note": "增加微型消防站"},
                    headers={"If-Match": '"1"'})
    assert r.status == 201, r
    assert r.json["current_version"] == 2 and r.json["current"]["items"][-1]["code"] == "DE-01"
    v1 = county.get(f"/checklists/{copy['id']}/versions/1").json
    assert v1["items"] == items
    expect_error(county.get(f"/checklists/{copy['id']}/versions/3"), 404, "not_found")
    expect_error(county.get(f"/checklists/{copy['id']}/versions/x"), 404, "not_found")
    got = county.get(f"/inspections/{ins['id']}").json
    assert got["template_version"] == 1 and [i["code"] for i in got["items"]] == [i["code"] for i in items]
    expect_error(wu["auditor"].post(f"/checklists/{copy['id']}/copy", {}), 403, "read_only")
    r = admin.post("/checklists", {"name": "大型活动安全检查表（简）", "category": "large_events",
                                   "items": [{"code": "EV-01", "category": "large_events", "text": "活动前制定安全工作方案和应急预案",
                                              "basis": "《大型群众性活动安全管理条例》第十一条", "risk_level": "orange"}]})
    assert r.status == 201 and r.json["current"]["items"][0]["photo_required"] is False
    expect_error(admin.post("/checklists", {"name": "空表", "items": []}), 400, "invalid_items")


# ---------------------------------------------------------------------------------------------
# Self-inspection, recorded findings of others


def test_self_inspection_progress_and_remind(wu, d, ids):
    city, so = wu["city.officer"], wu["school.officer"]
    camp = new_campaign(city, name="消防安全自查自纠", modes=["thematic"])
    expect_error(city.post(f"/campaigns/{camp['id']}/self-inspections", {"template_id": ids["fire_self"],
                                                                         "due_date": "2020-01-01", "org_id": d.donge_id}),
                 400, "invalid_due_date")
    expect_error(city.post(f"/campaigns/{camp['id']}/self-inspections", {"template_id": ids["fire_self"]}),
                 400, "missing_field")
    expect_error(wu["county.officer"].post(f"/campaigns/{camp['id']}/self-inspections",
                                           {"template_id": ids["fire_self"], "due_date": "2027-05-01"}),
                 403, "campaign_forbidden")
    r = city.post(f"/campaigns/{camp['id']}/self-inspections", {"template_id": ids["fire_self"], "due_date": "2027-05-01",
                                                                "org_id": d.donge_id})
    assert r.status == 200, r
    n = r.json["assigned"]
    assert n == d.counties["东阿县"]["school_count"]
    # Assigning again adds nobody.
    r = city.post(f"/campaigns/{camp['id']}/self-inspections", {"template_id": ids["fire_self"], "due_date": "2027-05-01",
                                                                "org_id": d.donge_id})
    assert r.json["assigned"] == 0
    prog = city.get(f"/campaigns/{camp['id']}/self-inspections").json
    assert prog["total"] == {"assigned": n, "submitted": 0, "in_progress": 0, "overdue": 0}
    assert [(c["org_id"], c["name"]) for c in prog["counties"]] == [(d.donge_id, "东阿县")]

    # The school fills in its own self-inspection.
    mine = all_items(so, f"/campaigns/{camp['id']}/self-inspections/schools")
    assert len(mine) == 1 and mine[0]["school_id"] == d.home_school["id"] and mine[0]["self_inspection"]
    ins = act(so, mine[0], "check-in")
    own_items = so.get(f"/inspections/{ins['id']}").json["items"]
    # A self-inspection is the school's own: the county's inspector sees it but does not fill it in.
    r = wu["inspector"].post(f"/inspections/{ins['id']}/items/{own_items[0]['code']}", {"result": "pass"})
    expect_error(r, 403, "not_inspector")
    for item in own_items:
        r = so.post(f"/inspections/{ins['id']}/items/{item['code']}", {"result": "pass"})
        assert r.status == 201, r
    ins = so.get(f"/inspections/{ins['id']}").json
    ins = act(so, ins, "signatures", {"role": "school", "name": "安全员"})
    ins = act(so, ins, "submit")
    prog = city.get(f"/campaigns/{camp['id']}/self-inspections?org_id={d.donge_id}").json
    assert prog["total"]["submitted"] == 1
    submitted = all_items(city, f"/campaigns/{camp['id']}/self-inspections/schools", org_id=d.donge_id, state="submitted")
    assert [i["id"] for i in submitted] == [ins["id"]]
    # Remind the rest (journaled per school).
    expect_error(wu["auditor"].post(f"/campaigns/{camp['id']}/self-inspections/remind", {}), 403, "read_only")
    r = city.post(f"/campaigns/{camp['id']}/self-inspections/remind", {"org_id": d.donge_id})
    assert r.status == 200 and r.json["reminded"] == n - 1
    other = next(i for i in all_items(city, f"/campaigns/{camp['id']}/self-inspections/schools", state="planned"))
    assert city.get(f"/inspections/{other['id']}").json["history"][-1]["kind"] == "inspection.reminded"
    fig = city.get(f"/campaigns/{camp['id']}/figures").json
    assert fig["self_inspection"] == {"assigned": n, "submitted": 1}
    expect_error(city.get(f"/campaigns/{camp['id']}/self-inspections?org_id=org_nope"), 404, "not_found")

    # The self-inspection miss rate of the five knowns: the school found nothing itself…
    def misses(org_id: str) -> dict:
        r = city.get(f"/orgs/{org_id}/self-check?campaign={camp['id']}")
        assert r.status == 200, r
        return {k: r.json[k] for k in ("clean_schools", "missed_schools", "missed_hazards", "miss_rate")}

    assert misses(d.donge_id) == {"clean_schools": 1, "missed_schools": 0, "missed_hazards": 0, "miss_rate": 0}
    # …then a city inspection of the same campaign finds a hazard there: the school missed it.
    team = new_team(city, camp["id"], kind="city_supervision", name="消防专项督查组", leader_name="赵强",
                    leader_rank="县级干部", members=[ids["inspector"]], schools=[d.home_school["id"]])
    visit = plan(city, team_id=team["id"], school_id=d.home_school["id"], template_id=ids["fire"])
    visit = act(wu["inspector"], visit, "check-in")
    r = wu["inspector"].post(f"/inspections/{visit['id']}/items/FIRE-05", {"result": "fail", "note": "火灾报警系统未年检"})
    assert r.status == 201 and r.json["hazard"], r
    m = misses(d.donge_id)
    assert m == {"clean_schools": 1, "missed_schools": 1, "missed_hazards": 1, "miss_rate": 1}, m
    assert misses(d.city_id) == m  # the only clean school of the campaign is in 东阿县
    assert misses(d.home_school["id"]) == m
    # Without the campaign the demo's other self-inspections count as well, and still add up.
    whole = city.get(f"/orgs/{d.donge_id}/self-check").json
    assert whole["clean_schools"] >= 1
    assert sum(c["clean_schools"] for c in whole["children"]) == whole["clean_schools"]


def test_recorded_provincial_findings(wu, d, ids):
    city = wu["city.officer"]
    camp = new_campaign(city, name="迎接省厅专项督导", modes=["provincial"])
    r = city.post("/inspections", {"campaign_id": camp["id"], "school_id": d.home_school["id"], "template_id": ids["fire"],
                                   "source": "province"})
    expect_error(r, 400, "missing_field")
    r = city.post("/inspections", {"campaign_id": camp["id"], "school_id": d.home_school["id"], "template_id": ids["fire"],
                                   "source": "self"})
    expect_error(r, 400, "invalid_source")
    ins = plan(city, campaign_id=camp["id"], school_id=d.home_school["id"], template_id=ids["fire"], source="province",
               external_body="山东省教育厅督导组")
    assert ins["source"] == "province" and ins["external_body"] == "山东省教育厅督导组"
    assert ins["inspecting_org_id"] == d.root_id
    expect_error(city.post("/inspections", {"school_id": "sch_nope", "template_id": ids["fire"]}), 404, "not_found")
    expect_error(city.post("/inspections", {"school_id": d.home_school["id"]}), 400, "missing_field")
    expect_error(city.post("/inspections", {"school_id": d.home_school["id"], "template_id": ids["fire"], "round": "2"}),
                 400, "invalid_type")
    expect_error(city.get("/inspections?state=lost"), 400, "unknown_enum_value")
    expect_error(city.get("/inspections?self_inspection=maybe"), 400, "invalid_query")


# ---------------------------------------------------------------------------------------------
# The demo campaign (issue #5 item 10): the figures of the source


DEMO_CAMPAIGN = "全市教体系统校园安全隐患大排查大整治集中行动"


def test_demo_campaign_reproduces_the_source_figures(wu, d):
    city = wu["city.officer"]
    camp = next(c for c in all_items(city, "/campaigns") if c["name"] == DEMO_CAMPAIGN)
    f = city.get(f"/campaigns/{camp['id']}/figures").json
    assert f["teams"]["total"] == 841, f["teams"]
    assert f["teams"]["by_kind"] == {"city_supervision": 11, "city_direct": 3, "resident": 4, "cross_inspection": 11,
                                     "county_census": 812}
    assert (f["teams"]["city"], f["teams"]["county"], f["teams"]["province"]) == (18, 823, 0)
    assert f["teams"]["experts"] == 6
    by_kind = f["schools"]["assigned_by_kind"]
    assert by_kind["city_supervision"] == 44 and by_kind["city_direct"] == 21 and by_kind["resident"] == 30
    assert by_kind["cross_inspection"] == 132 and by_kind["county_census"] == 3043 - 21
    assert f["schools"]["in_scope"] == 3043 and f["schools"]["assigned"] == 3043
    assert f["self_inspection"]["assigned"] == 3043
    assert 0.7 * 3043 < f["self_inspection"]["submitted"] < 3043
    assert f["schools"]["inspected_by_source"]["province"] == 20
    # The teams have carried out part of their visits (the rest is planned): 3 of 4 schools per city
    # supervision team, 5 of 7 per city-direct team, the resident groups' first round at all 30
    # schools, 8 of 12 per cross-inspection team, the first school of one census team in three.
    inspected = f["schools"]["inspected_by_team_kind"]
    census_visited = inspected.pop("county_census")
    assert inspected == {"city_supervision": 33, "city_direct": 15, "resident": 30, "cross_inspection": 88}
    assert 812 / 3 <= census_visited < 812 / 3 + 11, census_visited  # per county: ceil(teams / 3)
    assert f["schools"]["inspected_by_source"]["city_supervision"] == 33 + 15
    assert f["schools"]["inspected_by_source"]["county_census"] == census_visited
    found_k, closed_k = f["hazards"]["found_by_team_kind"], f["hazards"]["closed_by_team_kind"]
    for kind in ("city_supervision", "city_direct", "resident", "cross_inspection", "county_census"):
        assert 0 < closed_k[kind] < found_k[kind], kind
    assert f["hazards"]["found_by_source"]["cross_inspection"] >= found_k["cross_inspection"]
    assert f["hazards"]["found_by_source"]["province"] == 86 == f["hazards"]["closed_by_source"]["province"]

    teams = all_items(city, f"/campaigns/{camp['id']}/teams")
    assert len(teams) == 841
    # Cross-inspection in rotation: each county inspects another one, 12 schools, ≥ 6 rural or fringe.
    cross = [t for t in teams if t["kind"] == "cross_inspection"]
    assert len({t["org_id"] for t in cross}) == 11 and len({t["target_org_id"] for t in cross}) == 11
    for t in cross:
        assert t["org_id"] != t["target_org_id"] and len(t["schools"]) == 12
        schools = [city.get(f"/schools/{sid}").json for sid in t["schools"]]
        assert all(s["parent_id"] == t["target_org_id"] for s in schools)
        assert sum(s["location_class"] in ("rural", "fringe") for s in schools) >= 6
    # City-direct: the 21 schools under the city itself, private ones included.
    direct = {sid for t in teams if t["kind"] == "city_direct" for sid in t["schools"]}
    direct_schools = [city.get(f"/schools/{sid}").json for sid in direct]
    assert all(s["parent_id"] == d.city_id for s in direct_schools)
    assert any(s["ownership"] == "private" for s in direct_schools)
    # Resident groups: two rounds, fire-brigade and CDC experts.
    resident = [city.get(f"/teams/{t['id']}").json for t in teams if t["kind"] == "resident"]
    assert all(t["rounds"] == 2 and t["experts"] for t in resident)
    orgs = {p["organization"] for t in resident for p in t["people"].values()}
    assert orgs == {"聊城市消防救援支队", "聊城市疾病预防控制中心"}
    # Unannounced plans: the city sees all of them; 东阿县 sees only its own cross-inspection team's
    # (at schools of the county it inspects), never those of the city or of the county inspecting it.
    hidden = [i for i in all_items(city, "/inspections", campaign_id=camp["id"], state="planned") if i["unannounced"]]
    assert len(hidden) == 11 + 44
    county = wu["county.officer"]
    seen = [i for i in all_items(county, "/inspections", campaign_id=camp["id"], state="planned") if i["unannounced"]]
    assert len(seen) == 4 and all(i["inspecting_org_id"] == d.donge_id for i in seen)
    donge_school_ids = {sc["id"] for sc in all_items(county, "/schools", org=d.donge_id)}
    assert not donge_school_ids & {i["school_id"] for i in seen}
    at_donge = [i for i in hidden if i["school_id"] in donge_school_ids]
    assert len(at_donge) == 1 + 4
    for i in at_donge[:3]:
        expect_error(county.get(f"/inspections/{i['id']}"), 404, "not_found")
    county_fig = county.get(f"/campaigns/{camp['id']}/figures").json
    # The city's campaign: the county may not read the owner org (the page must not ask for it).
    assert county.get(f"/campaigns/{camp['id']}").json["owner_in_scope"] is False
    assert city.get(f"/campaigns/{camp['id']}").json["owner_in_scope"] is True
    expect_error(county.get(f"/orgs/{camp['owner_org_id']}"), 404, "not_found")
    assert "city_supervision" not in county_fig["teams"]["by_kind"]
    # 列入督查组的学校 is a share of the county's own schools, each counted once: the 12 schools its
    # cross-inspection team visits lie in another county and are no part of it.
    cs = county_fig["schools"]
    assert cs["in_scope"] == len(donge_school_ids)
    assert cs["assigned_by_kind"]["cross_inspection"] == 12
    assert cs["assigned"] == cs["assigned_by_kind"]["county_census"] <= cs["in_scope"], cs
    # The provincial findings are closed hazards linked to the campaign.
    prov = all_items(city, "/hazards", source="province", state="closed")
    assert sum(h["campaign_id"] == camp["id"] for h in prov) == 86


def test_demo_campaign_work_is_dated_on_its_days(wu, d):
    """The demo dates its campaign work on the days it was done, not at the load: every visit of a
    team (and of the province) was submitted on its planned day, over weeks; every census team
    that has started visited one school, on a day of its own."""
    city = wu["city.officer"]
    camp = next(c for c in all_items(city, "/campaigns") if c["name"] == DEMO_CAMPAIGN)
    teams = {t["id"]: t for t in all_items(city, f"/campaigns/{camp['id']}/teams")}
    done = all_items(city, "/inspections", campaign_id=camp["id"], state="submitted", self_inspection="false")
    days, census = Counter(), Counter()
    for i in done:
        kind = teams[i["team_id"]]["kind"] if i.get("team_id") else i["source"]
        if kind == "cross_inspection":
            continue  # the last three days: today's visits may be dated a little before their hour
        assert china_day(i["submitted_at"]) == i["planned_date"], i
        assert i["planned_date"] > camp["start_date"], i
        days[i["planned_date"]] += 1
        if kind == "county_census":
            census[i["team_id"]] += 1
    assert len(days) > 30, days
    assert census and set(census.values()) == {1}
    f = city.get(f"/campaigns/{camp['id']}/figures").json
    assert len(census) == f["schools"]["inspected_by_team_kind"]["county_census"]
    # The census visits spread over weeks.
    assert len({i["planned_date"] for i in done if census.get(i.get("team_id"))}) > 20


# ---------------------------------------------------------------------------------------------
# OpenAPI: every route these tests touched is documented


def test_openapi_describes_every_campaign_route_used(wu):
    assert_openapi_covers(wu["admin"], ("/api/v1/campaigns", "/api/v1/teams", "/api/v1/checklists", "/api/v1/inspections"), 20)
