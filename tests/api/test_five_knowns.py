"""The five knowns (五个心中有数) over HTTP: GET /api/v1/orgs/{id}/five-knowns.

The central property: at every level the children add up to the parent, figure by figure, over
the whole demo (province → city → counties → schools), and each child's league-table row equals
what its own request returns. The node is aggregated independently of its children, so the sum
rule checks the data and the queries, not arithmetic.
"""

from __future__ import annotations

import pytest

from test_api import demo, expect_error  # noqa: F401  (fixtures and helpers shared with test_api)

ADDITIVE = [
    ("counts", "total"), ("counts", "open"), ("counts", "closed"), ("counts", "voided"),
    ("measures", "open_with_plan"), ("measures", "red_open"), ("measures", "red_open_with_interim"),
    ("measures", "red_open_five_in_place"),
    ("deadlines", "overdue"), ("deadlines", "due_soon"), ("deadlines", "extended"),
    ("progress", "closed_with_days"), ("progress", "rejections"),
]


def add_maps(into: dict, m: dict) -> None:
    for k, v in m.items():
        into[k] = into.get(k, 0) + v


def assert_children_sum(fk: dict) -> None:
    parent = fk["figures"]
    kids = [c["figures"] for c in fk["children"]]
    assert kids, fk["name"]
    for group, key in ADDITIVE:
        assert sum(k[group][key] for k in kids) == parent[group][key], (fk["name"], group, key)
    for group, key in [("counts", "by_category"), ("counts", "by_source"), ("risk", "all"), ("risk", "open")]:
        total: dict = {}
        for k in kids:
            add_maps(total, k[group][key])
        assert {k: v for k, v in total.items() if v} == {k: v for k, v in parent[group][key].items() if v}, (
            fk["name"], group, key)
    # The parts add up inside a node too.
    c = parent["counts"]
    assert c["open"] + c["closed"] == c["total"]
    assert sum(parent["risk"]["all"].values()) == c["total"]
    assert sum(parent["risk"]["open"].values()) == c["open"]
    assert sum(c["by_category"].values()) == c["total"] == sum(c["by_source"].values())


def get_fk(client, org_id: str, query: str = "") -> dict:
    r = client.get(f"/orgs/{org_id}/five-knowns{query}")
    assert r.status == 200, (r.status, r.body[:300])
    return r.json


def test_children_sum_to_parent_at_every_level(users, demo):
    admin = users["admin"]
    root = get_fk(admin, demo.root_id)
    assert root["kind"] == "province"
    assert root["figures"]["counts"]["total"] > 0, "the demo has hazards"
    assert_children_sum(root)
    city = get_fk(admin, demo.city_id)
    assert_children_sum(city)
    assert {c["org_id"] for c in city["children"]} == {c["id"] for c in demo.city_children}
    # Every county (and the city-direct schools under the city) through its own request.
    by_id = {c["org_id"]: c for c in city["children"]}
    for child in demo.city_children:
        if child["kind"] != "county":
            continue
        county = get_fk(admin, child["id"])
        assert county["figures"] == by_id[child["id"]]["figures"], child["name"]
        if county["figures"]["counts"]["total"] > 0:
            assert_children_sum(county)
    # The province's row of the city equals the city's own figures.
    assert {c["org_id"]: c["figures"] for c in root["children"]}[demo.city_id] == city["figures"]


def test_figures_are_consistent_with_the_hazard_list(users, demo):
    c = users["county.officer"]
    fk = get_fk(c, demo.donge_id)
    f = fk["figures"]
    r = c.get(f"/hazards?org={demo.donge_id}&page_size=1")
    assert r.status == 200, r
    listed = r.json["total"]
    assert listed == f["counts"]["total"] + f["counts"]["voided"]
    r = c.get(f"/hazards?org={demo.donge_id}&overdue=true&page_size=1")
    if r.status == 200:
        assert r.json["total"] == f["deadlines"]["overdue"]
    if f["counts"]["open"]:
        share = f["measures"]["plan_share"]
        assert 0 <= share <= 1
    if f["counts"]["closed"]:
        assert f["progress"]["median_days_to_close"] is not None
        assert f["progress"]["median_days_to_close"] >= 0


def test_as_of_moves_deadlines_and_excludes_later_findings(users, demo):
    admin = users["admin"]
    now = get_fk(admin, demo.city_id)
    early = get_fk(admin, demo.city_id, "?as_of=2000-01-01")
    assert early["as_of"] == "2000-01-01"
    assert early["figures"]["counts"]["total"] == 0  # nothing had been found in 2000
    assert early["figures"]["deadlines"]["overdue"] == 0
    late = get_fk(admin, demo.city_id, "?as_of=2100-01-01")
    # Far in the future every hazard still with the school is overdue.
    assert late["figures"]["counts"]["total"] == now["figures"]["counts"]["total"]
    assert late["figures"]["deadlines"]["overdue"] >= now["figures"]["deadlines"]["overdue"]
    assert late["figures"]["deadlines"]["due_soon"] == 0
    assert_children_sum(late)


def test_bad_query_is_rejected(users, demo):
    admin = users["admin"]
    expect_error(admin.get(f"/orgs/{demo.city_id}/five-knowns?as_of=2026-02-30"), 400, "invalid_date")
    expect_error(admin.get(f"/orgs/{demo.city_id}/five-knowns?as_of=yesterday"), 400, "invalid_date")
    expect_error(admin.get(f"/orgs/{demo.city_id}/five-knowns?colour=red"), 400, "invalid_query")
    expect_error(admin.get(f"/orgs/{demo.city_id}/five-knowns?campaign=cmp_nosuch"), 404, "not_found")


def test_campaign_figures_add_up_and_match_the_campaign_api(users, demo):
    city = users["city.officer"]
    camp = next(c for c in city.get("/campaigns?page_size=200").json["items"]
                if c["name"] == "全市教体系统校园安全隐患大排查大整治集中行动")
    fk = get_fk(city, demo.city_id, f"?campaign={camp['id']}")
    assert fk["campaign_id"] == camp["id"]
    assert_children_sum(fk)
    f = city.get(f"/campaigns/{camp['id']}/figures").json
    assert fk["figures"]["counts"]["total"] == f["hazards"]["found"]
    assert fk["figures"]["counts"]["closed"] == f["hazards"]["closed"]
    assert fk["figures"]["deadlines"]["overdue"] == f["hazards"]["overdue"]
    assert fk["campaign"]["teams"] == {k: f["teams"][k] for k in ("total", "province", "city", "county")}
    assert fk["campaign"]["schools_inspected"] == f["schools"]["inspected"]
    assert fk["campaign"]["schools_in_scope"] == f["schools"]["in_scope"]
    # Fewer than all hazards: the demo has its own hazards outside the campaign.
    assert fk["figures"]["counts"]["total"] < get_fk(city, demo.city_id)["figures"]["counts"]["total"]
    # The trend covers the campaign's period up to as_of (at most 120 days), one entry per day;
    # its findings are the campaign's hazards found in that window.
    days = [d["date"] for d in fk["trend"]]
    assert days == sorted(days) and len(days) == len(set(days)) and 1 <= len(days) <= 120
    assert days[-1] == min(fk["as_of"], camp["end_date"])
    assert sum(d["found"] for d in fk["trend"]) <= fk["figures"]["counts"]["total"]
    # The campaign's hazards on the list equal the figure.
    r = city.get(f"/hazards?org={demo.city_id}&campaign={camp['id']}&page_size=1")
    assert r.json["total"] == fk["figures"]["counts"]["total"] + fk["figures"]["counts"]["voided"]


def test_trend_is_thirty_days_of_found_and_closed(users, demo):
    admin = users["admin"]
    fk = get_fk(admin, demo.city_id)
    assert fk["campaign"] is None and fk["campaign_id"] is None
    assert len(fk["trend"]) == 30 and fk["trend"][-1]["date"] == fk["as_of"]
    # The root's trend is the sum of its children's, day by day (one city in the demo).
    root = get_fk(admin, demo.root_id)
    assert [d["found"] for d in root["trend"]] == [d["found"] for d in fk["trend"]]
    assert [d["closed"] for d in root["trend"]] == [d["closed"] for d in fk["trend"]]
    assert sum(d["found"] for d in fk["trend"]) > 0


def test_out_of_scope_is_404_like_missing(users, demo):
    c = users["county.officer"]
    missing = c.get("/orgs/org_doesnotexist00000/five-knowns")
    expect_error(missing, 404, "not_found")
    for org_id in (demo.guanxian_id, demo.city_id, demo.root_id):
        r = c.get(f"/orgs/{org_id}/five-knowns")
        expect_error(r, 404, "not_found")
        assert r.body == missing.body


def test_school_roles_see_only_their_school(users, demo):
    so = users["school.officer"]
    school_id = demo.home_school["id"]
    fk = get_fk(so, school_id)
    assert fk["kind"] == "school" and fk["children"] == []
    expect_error(so.get(f"/orgs/{demo.home_school['parent_id']}/five-knowns"), 404, "not_found")
    # The county sees the same figures for that school.
    admin_view = get_fk(users["admin"], school_id)
    assert admin_view["figures"] == fk["figures"]


@pytest.mark.parametrize("username", ["inspector", "expert"])
def test_inspectors_and_experts_get_no_org_wide_figures(users, demo, username):
    expect_error(users[username].get(f"/orgs/{demo.city_id}/five-knowns"), 403, "forbidden")


def test_requires_login(anon, demo):
    r = anon.get(f"/orgs/{demo.city_id}/five-knowns")
    assert r.status == 401


SELF_CHECK = ("clean_schools", "missed_schools", "missed_hazards")


def test_self_check_children_sum_to_parent_and_scope(users, demo):
    """GET /orgs/{id}/self-check: the self-inspection miss rate adds up like the five knowns."""
    admin = users["admin"]
    city = admin.get(f"/orgs/{demo.city_id}/self-check")
    assert city.status == 200, city
    sc = city.json
    assert sc["kind"] == "city" and sc["children"]
    for key in SELF_CHECK:
        assert sum(c[key] for c in sc["children"]) == sc[key], key
    # The demo's self-inspections found nothing at some schools where outside inspections did.
    assert sc["clean_schools"] > 0
    assert 0 <= sc["missed_schools"] <= sc["clean_schools"] and sc["missed_hazards"] >= sc["missed_schools"]
    assert sc["miss_rate"] == pytest.approx(sc["missed_schools"] / sc["clean_schools"], abs=1e-4)
    by_id = {c["org_id"]: c for c in sc["children"]}
    county = admin.get(f"/orgs/{demo.donge_id}/self-check").json
    assert {k: county[k] for k in SELF_CHECK} == {k: by_id[demo.donge_id][k] for k in SELF_CHECK}
    for key in SELF_CHECK:
        assert sum(c[key] for c in county["children"]) == county[key], key
    # Nothing was submitted in 2000.
    early = admin.get(f"/orgs/{demo.city_id}/self-check?as_of=2000-01-01").json
    assert early["clean_schools"] == 0 and early["miss_rate"] is None
    # Same scope rules and errors as the five knowns.
    expect_error(users["county.officer"].get(f"/orgs/{demo.city_id}/self-check"), 404, "not_found")
    expect_error(users["inspector"].get(f"/orgs/{demo.donge_id}/self-check"), 403, "forbidden")
    expect_error(admin.get(f"/orgs/{demo.city_id}/self-check?as_of=x"), 400, "invalid_date")
    expect_error(admin.get(f"/orgs/{demo.city_id}/self-check?colour=red"), 400, "invalid_query")
