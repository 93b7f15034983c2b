"""Admin settings (default deadline days), notices (挂牌督办 of red hazards) and the school counts of
org reads, against the real binary on SQLite and PostgreSQL (docs/api.md "Settings", "Notices")."""

from __future__ import annotations

import datetime

import pytest

from test_api import expect_error


def register(c, school_id: str, risk: str, found: str | None = None) -> dict:
    body = {"school_id": school_id, "source": "self", "category": "fire", "risk_level": risk,
            "description": "消防通道被车辆占用", "location": "校园北门"}
    if found:
        body["found_at"] = found
    r = c.post("/hazards", body)
    assert r.status == 201, r.body
    return r.json


def test_default_deadlines_are_readable_and_only_admins_change_them(fresh_users):
    r = fresh_users["school.officer"].get("/settings/hazard-deadlines")
    assert r.status == 200 and r.json == {"red": 30, "orange": 15, "yellow": 7, "blue": 3}
    new = {"red": 20, "orange": 10, "yellow": 5, "blue": 2}
    expect_error(fresh_users["county.officer"].request("PUT", "/settings/hazard-deadlines", new), 403, "forbidden")
    expect_error(fresh_users["auditor"].request("PUT", "/settings/hazard-deadlines", new), 403, "read_only")
    r = fresh_users["admin"].request("PUT", "/settings/hazard-deadlines", new)
    assert r.status == 200 and r.json == new
    assert fresh_users["inspector"].get("/settings/hazard-deadlines").json == new


@pytest.mark.parametrize("body,code", [
    ({"red": 0, "orange": 10, "yellow": 5, "blue": 2}, "invalid_setting"),
    ({"red": 400, "orange": 10, "yellow": 5, "blue": 2}, "invalid_setting"),
    ({"red": "30", "orange": 10, "yellow": 5, "blue": 2}, "invalid_setting"),
    ({"red": 30, "orange": 10, "yellow": 5}, "missing_field"),
    ({"red": 30, "orange": 10, "yellow": 5, "blue": 2, "green": 1}, "unknown_field"),
    ([30, 15, 7, 3], "invalid_setting"),
])
def test_bad_deadline_settings_are_rejected_and_change_nothing(fresh_server, fresh_users, body, code):
    admin = fresh_users["admin"]
    head = admin.get("/health").json["journal_head"]["seq"]
    expect_error(admin.request("PUT", "/settings/hazard-deadlines", body), 400, code)
    assert admin.get("/settings/hazard-deadlines").json == {"red": 30, "orange": 15, "yellow": 7, "blue": 3}
    assert admin.get("/health").json["journal_head"]["seq"] == head


def test_changed_deadlines_apply_to_hazards_registered_afterwards(fresh_users):
    school = fresh_users["school.officer"]
    school_id = school.get("/me").json["user"]["scope_org_id"]
    found = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    before = register(school, school_id, "blue", found)
    assert before["deadline"] == (datetime.date.fromisoformat(found) + datetime.timedelta(days=3)).isoformat()
    r = fresh_users["admin"].request("PUT", "/settings/hazard-deadlines", {"red": 30, "orange": 15, "yellow": 7, "blue": 5})
    assert r.status == 200
    after = register(school, school_id, "blue", found)
    assert after["deadline"] == (datetime.date.fromisoformat(found) + datetime.timedelta(days=5)).isoformat()
    # The earlier hazard keeps its deadline.
    assert school.get(f"/hazards/{before['id']}").json["deadline"] == before["deadline"]


def test_red_hazard_notices_reach_the_city_and_stay_in_scope(fresh_users):
    city, county, school = fresh_users["city.officer"], fresh_users["county.officer"], fresh_users["school.officer"]
    start = city.get("/notices?page_size=5")
    assert start.status == 200
    base_total = start.json["total"]
    # Notices go to the city: a county or school user sees none of them.
    assert county.get("/notices").json["total"] == 0
    assert school.get("/notices").json["total"] == 0
    school_id = school.get("/me").json["user"]["scope_org_id"]
    h = register(school, school_id, "red")
    r = city.get("/notices?page_size=5")
    assert r.json["total"] == base_total + 1
    newest = r.json["items"][0]
    assert newest["kind"] == "red_hazard_supervision"
    assert newest["hazard"]["id"] == h["id"] and newest["hazard"]["number"] == h["number"]
    assert newest["to_org"]["name"] == "聊城市"
    assert fresh_users["admin"].get("/notices").json["total"] == base_total + 1
    # A non-red hazard sends no notice.
    register(school, school_id, "yellow")
    assert city.get("/notices").json["total"] == base_total + 1
    expect_error(city.get("/notices?page=0"), 400, "invalid_query")
    expect_error(city.get("/notices?sort=at"), 400, "invalid_query")


def test_org_school_counts_add_up_and_follow_new_schools(fresh_users):
    admin = fresh_users["admin"]
    root = admin.get("/me").json["scope"]
    assert root["school_count"] == 3043
    kids = admin.get(f"/orgs/{root['id']}/children").json["items"]
    assert sum(k["school_count"] for k in kids) == 3043
    city = kids[0]
    counties = admin.get(f"/orgs/{city['id']}/children").json["items"]
    assert sum(k["school_count"] for k in counties) == city["school_count"]
    county = next(k for k in counties if k["kind"] != "school" and k["name"] == "东阿县")
    r = admin.post("/schools", {"parent_id": county["id"], "code": "3715249876", "name": "东阿县计数测试小学",
                                "type": "primary", "ownership": "public", "location_class": "rural",
                                "boarding": False, "student_count": 120})
    assert r.status == 201, r.body
    assert admin.get(f"/orgs/{county['id']}").json["school_count"] == county["school_count"] + 1
    assert admin.get(f"/orgs/{root['id']}").json["school_count"] == 3044
