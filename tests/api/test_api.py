"""Black-box tests of the REST API (docs/api.md) against the real binary, on SQLite and PostgreSQL.

One server per engine serves a clone of the demo city for the whole session (fixture ``server``);
the eight demo users log in once (fixture ``users``). Tests that would disturb the shared server
(the login throttle counts failures per client address too) get a ``fresh_server``. The shared
server must stay clear of the per-address limit: only two tests there fail a login on purpose.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import socket
import time
import urllib.parse

import pytest

from anxiao_harness import DEMO_USERS, TOUCHED, Client, Users

HEX64 = re.compile(r"^[0-9a-f]{64}$")


# ---------------------------------------------------------------------------------------------
# Helpers


def expect_error(r, status: int, code: str):
    """Asserts an error response: status, JSON body {"code","message"} with the given code."""
    assert r.status == status, f"expected {status} {code}, got {r.status} {r.body[:300]!r}"
    assert isinstance(r.json, dict), r.body[:300]
    assert r.json.get("code") == code, f"expected code {code}, got {r.json}"
    assert isinstance(r.json.get("message"), str) and r.json["message"], r.json
    return r.json


def all_items(c: Client, path: str, **query) -> list[dict]:
    """Every item of a list endpoint, paging with page_size=200."""
    items: list[dict] = []
    for page in itertools.count(1):
        qs = "&".join(f"{k}={v}" for k, v in {**query, "page": page, "page_size": 200}.items())
        r = c.get(f"{path}?{qs}")
        assert r.status == 200, r
        items += r.json["items"]
        if len(items) >= r.json["total"] or not r.json["items"]:
            assert len(items) == r.json["total"]
            return items


_codes = (f"3999{n:06d}" for n in itertools.count(random.randrange(0, 500000)))


def new_code() -> str:
    return next(_codes)


def school_body(parent_id: str, **over) -> dict:
    b = {
        "code": new_code(),
        "name": "测试乡第一小学",
        "parent_id": parent_id,
        "type": "primary",
        "ownership": "public",
        "location_class": "rural",
        "boarding": False,
        "student_count": 321,
        "address": "山东省聊城市高唐县测试乡1号",
        "principal_name": "张三",
        "principal_phone": "0635-1234567",
    }
    b.update(over)
    return b


class Demo:
    """Ids of the demo orgs and schools the tests refer to, looked up through the API."""

    def __init__(self, users: Users):
        admin = users["admin"]
        me = admin.get("/me").json
        self.root_id = me["scope"]["id"]
        self.root_name = me["scope"]["name"]
        kids = admin.get(f"/orgs/{self.root_id}/children").json["items"]
        city = [k for k in kids if k["name"] == "聊城市"]
        assert len(city) == 1, kids
        self.city_id = city[0]["id"]
        self.city_children = admin.get(f"/orgs/{self.city_id}/children").json["items"]
        self.counties = {k["name"]: k for k in self.city_children if k["kind"] == "county"}
        self.donge_id = self.counties["东阿县"]["id"]
        self.guanxian_id = self.counties["冠县"]["id"]
        self.gaotang_id = self.counties["高唐县"]["id"]
        so = users["school.officer"].get("/schools").json
        assert so["total"] == 1, so
        self.home_school = so["items"][0]
        r = admin.get(f"/schools?org={self.guanxian_id}&page_size=1")
        self.guanxian_school_id = r.json["items"][0]["id"]


_demos: dict[int, Demo] = {}


@pytest.fixture
def demo(server, users) -> Demo:
    if server.port not in _demos:
        _demos[server.port] = Demo(users)
    return _demos[server.port]


# ---------------------------------------------------------------------------------------------
# System


def test_health(server, engine, anon):
    r = anon.get("/health")
    assert r.status == 200
    assert r.json["status"] == "ok"
    assert r.json["store"] == engine
    assert isinstance(r.json["version"], str) and r.json["version"]
    head = r.json["journal_head"]
    assert isinstance(head["seq"], int) and head["seq"] >= 3064  # 13 orgs + 3,043 schools + 8 users
    assert HEX64.match(head["hash"])


def test_health_head_matches_cli_journal_head(server, anon):
    seq, h = server.store.head()
    head = anon.get("/health").json["journal_head"]
    assert (head["seq"], head["hash"]) == (seq, h)


def test_unknown_route_is_json_404(anon):
    r = anon.get("/api/v1/no-such-endpoint")
    expect_error(r, 404, "route_not_found")


# ---------------------------------------------------------------------------------------------
# Session


EXPECTED_LOGINS = {
    # username: (role, scope name)
    "admin": ("admin", "山东省"),
    "city.officer": ("bureau_officer", "聊城市"),
    "county.officer": ("bureau_officer", "东阿县"),
    "inspector": ("inspector", "东阿县"),
    "expert": ("expert", "聊城市"),
    "school.officer": ("school_officer", "东阿县实验小学"),
    "principal": ("principal", "东阿县实验小学"),
    "auditor": ("auditor", "聊城市"),
}


@pytest.mark.parametrize("username", DEMO_USERS)
def test_demo_user_logs_in_and_me_shows_role_and_scope(users, username):
    c = users[username]
    assert c.user["username"] == username
    role, scope_name = EXPECTED_LOGINS[username]
    r = c.get("/me")
    assert r.status == 200, r
    assert r.json["user"]["username"] == username
    assert r.json["user"]["role"] == role
    assert r.json["user"]["disabled"] is False
    assert r.json["scope"]["name"] == scope_name
    assert r.json["scope"]["id"] == r.json["user"]["scope_org_id"]
    assert r.json["csrf_token"] == c.csrf


def test_expert_has_home_organization(users):
    assert "消防" in users["expert"].get("/me").json["user"]["organization"]


def test_login_sets_httponly_samesite_strict_cookie(server):
    c = server.client()
    r = c.login("city.officer")
    assert r.status == 200
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("anxiao_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert set(r.json) >= {"csrf_token", "user"}
    assert set(r.json["user"]) >= {"id", "username", "display_name", "role", "scope_org_id"}


def test_wrong_password_is_401_bad_credentials(server):
    # One of the two failed logins on the shared server (see the module docstring).
    c = server.client()
    before = c.head()
    r = c.post("/session", {"username": "county.officer", "password": "not-the-password"})
    expect_error(r, 401, "bad_credentials")
    assert "Set-Cookie" not in r.headers or "anxiao_session=;" in r.headers["Set-Cookie"]
    assert c.head() == before


def test_login_body_is_validated_without_counting_a_failure(anon):
    expect_error(anon.post("/session", {"username": "admin"}), 400, "missing_field")
    expect_error(anon.post("/session", {"username": "admin", "password": 5}), 400, "invalid_type")
    expect_error(anon.post("/session", {"username": "admin", "password": "x", "remember": True}), 400, "unknown_field")
    expect_error(anon.post("/session", raw=b'{"username": "admin", '), 400, "malformed_json")


def test_logout_ends_the_session(server):
    c = server.client()
    assert c.login("county.officer").status == 200
    assert c.get("/me").status == 200
    r = c.delete("/session")
    assert r.status == 204
    expect_error(c.get("/me"), 401, "unauthenticated")
    # The old cookie is dead on the server, not just forgotten by the browser.
    expect_error(c.get("/schools"), 401, "unauthenticated")


def test_no_session_is_401(anon):
    expect_error(anon.get("/me"), 401, "unauthenticated")
    expect_error(anon.get("/schools"), 401, "unauthenticated")
    expect_error(anon.post("/schools", {}), 401, "unauthenticated")


def test_forged_session_cookie_is_401(server):
    c = server.client()
    c.cookie = "a" * 32
    expect_error(c.get("/me"), 401, "unauthenticated")


# ---------------------------------------------------------------------------------------------
# CSRF and API tokens


def test_cookie_write_without_csrf_token_is_403_csrf_missing(users, demo):
    admin = users["admin"]
    before = admin.head()
    r = admin.post("/schools", school_body(demo.gaotang_id), csrf=False)
    expect_error(r, 403, "csrf_missing")
    assert admin.head() == before


def test_cookie_write_with_wrong_csrf_token_is_403_csrf_invalid(users, demo):
    admin = users["admin"]
    before = admin.head()
    r = admin.post("/schools", school_body(demo.gaotang_id), csrf=False, headers={"X-CSRF-Token": "x" * 32})
    expect_error(r, 403, "csrf_invalid")
    # Another user's token is not valid either.
    r = admin.post("/schools", school_body(demo.gaotang_id), csrf=False,
                   headers={"X-CSRF-Token": users["city.officer"].csrf})
    expect_error(r, 403, "csrf_invalid")
    assert admin.head() == before


def test_logout_needs_csrf_too(server):
    c = server.client()
    assert c.login("inspector").status == 200
    expect_error(c.delete("/session", csrf=False), 403, "csrf_missing")
    assert c.get("/me").status == 200


def test_bearer_token_from_cli_works_without_csrf(server, demo):
    # The CLI writes to the same store while the server runs.
    p = server.store.cli("token", "create", "admin", "--label", "api-test")
    assert p.returncode == 0, p.stderr
    token = p.stdout.strip().splitlines()[-1].strip()
    assert len(token) >= 16 and " " not in token
    c = server.client(bearer=token)
    r = c.get("/me")
    assert r.status == 200, r
    assert r.json["user"]["username"] == "admin"
    r = c.post("/schools", school_body(demo.gaotang_id, name="令牌创建小学"))
    assert r.status == 201, r
    assert r.json["name"] == "令牌创建小学"


def test_bad_bearer_token_is_401(server):
    c = server.client(bearer="axt_" + "0" * 32)
    expect_error(c.get("/me"), 401, "unauthenticated")


def test_bearer_token_of_auditor_is_still_read_only(server, demo):
    p = server.store.cli("token", "create", "auditor")
    assert p.returncode == 0, p.stderr
    c = server.client(bearer=p.stdout.strip().splitlines()[-1].strip())
    assert c.get("/schools?page_size=1").status == 200
    expect_error(c.post("/schools", school_body(demo.gaotang_id)), 403, "read_only")


# ---------------------------------------------------------------------------------------------
# Scope


def test_county_officer_gets_404_for_school_of_another_county(users, demo):
    c = users["county.officer"]
    r = c.get(f"/schools/{demo.guanxian_school_id}")
    expect_error(r, 404, "not_found")
    missing = c.get("/schools/sch_doesnotexist00000")
    expect_error(missing, 404, "not_found")
    assert r.body == missing.body  # nothing tells "exists elsewhere" from "does not exist"
    assert {k.lower() for k in r.headers.keys()} == {k.lower() for k in missing.headers.keys()}


def test_county_officer_gets_404_for_org_of_another_county_and_for_the_city(users, demo):
    c = users["county.officer"]
    missing = c.get("/orgs/org_doesnotexist00000")
    expect_error(missing, 404, "not_found")
    for org_id in (demo.guanxian_id, demo.city_id, demo.root_id):
        r = c.get(f"/orgs/{org_id}")
        expect_error(r, 404, "not_found")
        assert r.body == missing.body
        expect_error(c.get(f"/orgs/{org_id}/children"), 404, "not_found")
    # Filtering by an org outside the scope does not reveal it either.
    r = c.get(f"/schools?org={demo.guanxian_id}")
    expect_error(r, 404, "not_found")
    assert r.body == c.get("/schools?org=org_doesnotexist00000").body


def test_county_officer_cannot_patch_school_of_another_county(users, demo):
    # Out-of-scope writes are 404 as well (bureau officers cannot edit the register at all).
    c = users["county.officer"]
    before = c.head()
    r = c.patch(f"/schools/{demo.guanxian_school_id}", {"name": "X"}, headers={"If-Match": '"1"'})
    assert r.status in (403, 404), r
    if r.status == 404:
        assert r.body == c.patch("/schools/sch_doesnotexist00000", {"name": "X"}, headers={"If-Match": '"1"'}).body
    assert c.head() == before


def test_county_officer_sees_exactly_its_county(users, demo):
    c = users["county.officer"]
    org = c.get(f"/orgs/{demo.donge_id}")
    assert org.status == 200
    assert org.json["name"] == "东阿县"
    assert 100 <= org.json["school_count"] <= 400
    schools = all_items(c, "/schools")
    assert len(schools) == org.json["school_count"]
    assert all(s["parent_id"] == demo.donge_id and s["parent_name"] == "东阿县" for s in schools)
    assert len({s["id"] for s in schools}) == len(schools)
    # The path (breadcrumbs) shows nothing above the scope.
    assert [p["name"] for p in org.json["path"]] == ["东阿县"]


def test_city_officer_sees_the_whole_city(users, demo):
    c = users["city.officer"]
    city = c.get(f"/orgs/{demo.city_id}")
    assert city.status == 200
    total = c.get("/schools?page_size=1").json["total"]
    assert city.json["school_count"] == total
    kids = c.get(f"/orgs/{demo.city_id}/children").json["items"]
    counties = [k for k in kids if k["kind"] == "county"]
    direct = [k for k in kids if k["kind"] == "school"]
    assert len(counties) == 11
    assert {"东昌府区", "茌平区", "临清市", "阳谷县", "莘县", "东阿县", "冠县", "高唐县"} <= {k["name"] for k in counties}
    assert len(direct) >= 21
    # The children add up to the parent.
    assert sum(k["school_count"] for k in counties) + len(direct) == city.json["school_count"]
    expect_error(c.get(f"/orgs/{demo.root_id}"), 404, "not_found")


def test_school_officer_and_principal_see_exactly_their_school(users, demo):
    for name in ("school.officer", "principal"):
        c = users[name]
        r = c.get("/schools")
        assert r.status == 200
        assert r.json["total"] == 1
        assert [s["name"] for s in r.json["items"]] == ["东阿县实验小学"]
        assert r.json["items"][0]["parent_id"] == demo.donge_id
        assert c.get(f"/schools/{demo.home_school['id']}").status == 200
        expect_error(c.get(f"/schools/{demo.guanxian_school_id}"), 404, "not_found")
        expect_error(c.get(f"/orgs/{demo.donge_id}"), 404, "not_found")
        assert c.get("/schools?q=东阿").json["total"] == 1


def test_expert_sees_no_schools(users, demo):
    c = users["expert"]
    r = c.get("/schools")
    assert r.status == 200
    assert r.json["total"] == 0 and r.json["items"] == []
    expect_error(c.get(f"/schools/{demo.home_school['id']}"), 404, "not_found")
    expect_error(c.get(f"/orgs/{demo.donge_id}"), 404, "not_found")


def test_non_admins_cannot_manage_users(users):
    for name in ("city.officer", "county.officer", "school.officer"):
        c = users[name]
        r = c.get("/users")
        assert r.status in (403, 404), (name, r)
        r = c.post("/users", {"username": "sneaky.user", "display_name": "x", "role": "admin",
                              "scope_org_id": "org_x", "password": "password123"})
        assert r.status in (403, 404), (name, r)


# ---------------------------------------------------------------------------------------------
# Auditor: read-only


def test_auditor_reads_everything_in_scope(users, demo):
    c = users["auditor"]
    assert c.get("/schools?page_size=5").status == 200
    assert c.get(f"/schools/{demo.guanxian_school_id}").status == 200
    assert c.get(f"/orgs/{demo.city_id}").status == 200
    assert c.get(f"/orgs/{demo.city_id}/children").status == 200
    r = c.get("/integrity")
    assert r.status == 200
    assert HEX64.match(r.json["head"]["hash"])


def test_auditor_gets_403_read_only_on_writes(users, demo):
    c = users["auditor"]
    before = c.head()
    expect_error(c.post("/schools", school_body(demo.gaotang_id)), 403, "read_only")
    expect_error(c.patch(f"/schools/{demo.guanxian_school_id}", {"name": "X"}, headers={"If-Match": '"1"'}), 403,
                 "read_only")
    expect_error(c.post("/users", {"username": "aud.made", "display_name": "x", "role": "admin",
                                   "scope_org_id": demo.root_id, "password": "password123"}), 403, "read_only")
    assert c.head() == before


def test_auditor_may_verify_integrity(users):
    # docs/api.md: auditors verify integrity; verification is the one write-like call they may make.
    c = users["auditor"]
    head = c.head()
    r = c.post("/integrity/verify")
    assert r.status == 200, r
    assert r.json["ok"] is True, r.json["problems"]
    assert r.json["entries"] == head["seq"] and r.json["head"] == head
    assert c.head() == head  # a verify checkpoint is not a journal entry


def test_admin_and_bureau_officer_verify_integrity(users):
    for name in ("admin", "city.officer"):
        c = users[name]
        head = c.head()
        r = c.post("/integrity/verify")
        assert r.status == 200, r
        assert r.json["ok"] is True, r.json["problems"]
        assert r.json["problems"] == []
        assert r.json["entries"] == head["seq"]
        assert r.json["head"] == head
        cps = c.get("/integrity").json["checkpoints"]
        assert cps[0]["seq"] == head["seq"] and cps[0]["hash"] == head["hash"]


def test_inspector_cannot_verify_integrity(users):
    c = users["inspector"]
    expect_error(c.post("/integrity/verify"), 403, "forbidden")
    expect_error(c.get("/integrity"), 403, "forbidden")


# ---------------------------------------------------------------------------------------------
# Search


def names(items):
    return [s["name"] for s in items]


def test_search_by_chinese_name_substring(users):
    c = users["city.officer"]
    items = all_items(c, "/schools", q="东阿")
    assert "东阿县实验小学" in names(items)
    assert all("东阿" in s["name"] for s in items)


@pytest.mark.parametrize("q", ["donge", "de", "DongE", "dongexian", "dexsyxx"])
def test_search_pinyin_and_initials_of_donge(users, q):
    # 东阿 is read dōng'ē: full pinyin "donge", initials "de".
    items = all_items(users["city.officer"], "/schools", q=q)
    assert "东阿县实验小学" in names(items), q


@pytest.mark.parametrize("q", ["da", "dongaxian", "daxsyxx"])
def test_search_does_not_read_donge_as_donga(users, q):
    # With the wrong reading (dōng'ā) 东阿县实验小学 would match "da…" initials or "donga…" pinyin.
    items = all_items(users["city.officer"], "/schools", q=q)
    assert "东阿县实验小学" not in names(items), q
    # Every 东阿 school that "da" does find contains a da-syllable of its own after the place name.
    if q == "da":
        donge_all = all_items(users["city.officer"], "/schools", q="dongexian")
        hits = [n for n in names(items) if n.startswith("东阿")]
        assert len(hits) < len(donge_all) / 2, hits


def test_search_by_school_code(users, demo):
    c = users["city.officer"]
    code = demo.home_school["code"]
    r = c.get(f"/schools?q={code}")
    assert r.status == 200
    assert r.json["total"] == 1
    assert r.json["items"][0]["id"] == demo.home_school["id"]
    prefix = code[:7]
    items = all_items(c, "/schools", q=prefix)
    assert demo.home_school["id"] in {s["id"] for s in items}
    assert all(s["code"].startswith(prefix) or prefix in s["name"] for s in items)


def test_search_stays_in_scope(users):
    # A county officer searching a name of another county finds nothing.
    c = users["county.officer"]
    assert c.get("/schools?q=冠县").json["total"] == 0
    assert c.get("/schools?q=guanxian").json["total"] == 0


def test_search_with_like_metacharacters_is_literal(users):
    c = users["city.officer"]
    for q in ("%", "_", "%%", "\\"):
        r = c.get(f"/schools?q={urllib.parse.quote(q, safe='')}")
        assert r.status == 200
        assert r.json["total"] == 0, (q, r.json["total"])


# ---------------------------------------------------------------------------------------------
# Filters and pagination

SCHOOL_TYPES = ["kindergarten", "primary", "junior_middle", "senior_high", "nine_year", "complete_middle",
                "vocational", "special_education", "higher_education", "off_campus_training"]


@pytest.mark.parametrize("param,values", [
    ("type", SCHOOL_TYPES),
    ("ownership", ["public", "private"]),
    ("location_class", ["urban", "town", "fringe", "rural"]),
    ("boarding", ["true", "false"]),
])
def test_filters_partition_the_register(users, param, values):
    c = users["city.officer"]
    total = c.get("/schools?page_size=1").json["total"]
    parts = 0
    for v in values:
        r = c.get(f"/schools?{param}={v}&page_size=200")
        assert r.status == 200, r
        expected = v == "true" if param == "boarding" else v
        assert all(s[param] == expected for s in r.json["items"]), (param, v)
        parts += r.json["total"]
    assert parts == total


def test_demo_mix_is_realistic(users, demo):
    c = users["city.officer"]
    assert c.get("/schools?ownership=private").json["total"] > 0
    assert c.get("/schools?boarding=true").json["total"] > 0
    for name, county in demo.counties.items():
        rural = c.get(f"/schools?org={county['id']}&location_class=rural&page_size=1").json["total"]
        fringe = c.get(f"/schools?org={county['id']}&location_class=fringe&page_size=1").json["total"]
        assert rural + fringe >= 8, name


def test_combined_filters_and_org(users, demo):
    c = users["city.officer"]
    items = all_items(c, "/schools", org=demo.donge_id, type="primary", location_class="rural")
    assert items
    assert all(s["parent_id"] == demo.donge_id and s["type"] == "primary" and s["location_class"] == "rural"
               for s in items)


def test_pagination_is_stable_and_disjoint(users):
    c = users["city.officer"]
    size = 37
    first = c.get(f"/schools?type=primary&page=1&page_size={size}").json
    total = first["total"]
    assert total > 2 * size
    assert (first["page"], first["page_size"]) == (1, size)
    pages = [first["items"]]
    for p in (2, 3):
        r = c.get(f"/schools?type=primary&page={p}&page_size={size}").json
        assert r["total"] == total and r["page"] == p
        pages.append(r["items"])
    ids = [s["id"] for page in pages for s in page]
    assert all(len(page) == size for page in pages)
    assert len(set(ids)) == len(ids) == 3 * size
    codes = [s["code"] for page in pages for s in page]
    assert codes == sorted(codes)
    last = (total + size - 1) // size
    r = c.get(f"/schools?type=primary&page={last}&page_size={size}").json
    assert len(r["items"]) == total - (last - 1) * size
    assert c.get(f"/schools?type=primary&page={last + 1}&page_size={size}").json["items"] == []


def test_default_page_size(users):
    r = users["city.officer"].get("/schools").json
    assert r["page"] == 1 and r["page_size"] == 20 and len(r["items"]) == 20


# ---------------------------------------------------------------------------------------------
# Bad input changes nothing


@pytest.mark.parametrize("query,code", [
    ("page_size=1000", "invalid_query"),
    ("page_size=0", "invalid_query"),
    ("page=0", "invalid_query"),
    ("page=-1", "invalid_query"),
    ("page=abc", "invalid_query"),
    ("boarding=maybe", "invalid_query"),
    ("colour=red", "invalid_query"),
    ("type=castle", "unknown_enum_value"),
    ("ownership=state", "unknown_enum_value"),
    ("location_class=moon", "unknown_enum_value"),
])
def test_bad_list_query_is_400(users, query, code):
    r = users["city.officer"].get(f"/schools?{query}")
    expect_error(r, 400, code)
    assert r.json.get("field"), r.json


BAD_BODIES = [
    # (id, raw body or dict, code, field)
    ("truncated_json", b'{"name": "x", ', "malformed_json", None),
    ("not_json", b"name=x", "malformed_json", None),
    ("json_array", b"[1, 2]", "malformed_json", None),
    ("invalid_utf8", b'{"name": "\xff\xfe"}', "malformed_json", None),
    ("name_is_number", {"name": 5}, "invalid_type", "name"),
    ("student_count_is_string", {"student_count": "300"}, "invalid_type", "student_count"),
    ("student_count_is_float", {"student_count": 3.5}, "invalid_type", "student_count"),
    ("boarding_is_string", {"boarding": "yes"}, "invalid_type", "boarding"),
    ("type_unknown", {"type": "castle"}, "unknown_enum_value", "type"),
    ("ownership_unknown", {"ownership": "state"}, "unknown_enum_value", "ownership"),
    ("location_class_unknown", {"location_class": "moon"}, "unknown_enum_value", "location_class"),
    ("unknown_field", {"colour": "red"}, "unknown_field", "colour"),
    ("bad_code", {"code": "12345"}, "invalid_school_code", None),
]


@pytest.mark.parametrize("case", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_school_create_is_400_and_changes_nothing(users, demo, case):
    _, body, code, field = case
    admin = users["admin"]
    before = admin.head()
    total = admin.get("/schools?page_size=1").json["total"]
    if isinstance(body, bytes):
        r = admin.post("/schools", raw=body)
    else:
        r = admin.post("/schools", school_body(demo.gaotang_id, **body))
    err = expect_error(r, 400, code)
    if field:
        assert err.get("field") == field, err
    assert admin.head() == before
    assert admin.get("/schools?page_size=1").json["total"] == total


@pytest.mark.parametrize("case", BAD_BODIES[:12], ids=[b[0] for b in BAD_BODIES[:12]])
def test_bad_school_patch_is_400_and_changes_nothing(users, demo, case):
    _, body, code, field = case
    admin = users["admin"]
    sid = demo.home_school["id"]
    cur = admin.get(f"/schools/{sid}")
    before = admin.head()
    etag = cur.headers["ETag"]
    if isinstance(body, bytes):
        r = admin.patch(f"/schools/{sid}", raw=body, headers={"If-Match": etag})
    else:
        r = admin.patch(f"/schools/{sid}", body, headers={"If-Match": etag})
    expect_error(r, 400, code)
    assert admin.head() == before
    after = admin.get(f"/schools/{sid}")
    assert after.json == cur.json


def test_missing_required_fields_on_create(users, demo):
    admin = users["admin"]
    before = admin.head()
    body = school_body(demo.gaotang_id)
    for f in ("code", "name", "parent_id", "type"):
        b = dict(body)
        del b[f]
        err = expect_error(admin.post("/schools", b), 400, "missing_field")
        assert err["field"] == f
    assert admin.head() == before


def test_wrong_content_type_is_rejected(users, demo):
    admin = users["admin"]
    before = admin.head()
    r = admin.post("/schools", school_body(demo.gaotang_id), headers={"Content-Type": "text/plain"})
    assert r.status in (400, 415), r
    assert admin.head() == before


def test_unknown_parent_is_rejected(users):
    admin = users["admin"]
    before = admin.head()
    r = admin.post("/schools", school_body("org_doesnotexist00000"))
    assert r.status in (400, 404), r
    assert admin.head() == before


def _raw_post(port: int, path: str, body: bytes, timeout: float = 20) -> tuple[int | None, bytes]:
    """POSTs ``body`` over a raw socket, tolerating a server that stops reading; returns (status, body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        try:
            s.sendall(head)
            for i in range(0, len(body), 65536):
                s.sendall(body[i:i + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    finally:
        s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    if not m:
        return None, data
    return int(m.group(1)), data.split(b"\r\n\r\n", 1)[-1]


def _big_body(size: int) -> bytes:
    prefix, suffix = b'{"name": "', b'"}'
    return prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix


def test_body_just_over_1mib_is_413(server, anon):
    before = anon.head()
    status, body = _raw_post(server.port, "/api/v1/schools", _big_body((1 << 20) + 200))
    assert status == 413, (status, body[:200])
    assert json.loads(body)["code"] == "payload_too_large"
    assert anon.head() == before


def test_huge_body_2mib_is_413(server, anon):
    before = anon.head()
    status, body = _raw_post(server.port, "/api/v1/schools", _big_body(2 << 20))
    assert anon.head() == before
    assert status == 413, (status, body[:200])
    assert json.loads(body)["code"] == "payload_too_large"


def test_wrong_method_is_405(users):
    r = users["admin"].delete("/schools")
    assert r.status == 405, r
    assert r.json["code"] == "method_not_allowed"


# ---------------------------------------------------------------------------------------------
# Admin writes: schools


def test_admin_creates_and_edits_a_school_with_versions(users, demo):
    admin = users["admin"]
    before = admin.head()
    body = school_body(demo.gaotang_id, name="高唐县测试乡第一小学")
    r = admin.post("/schools", body)
    assert r.status == 201, r
    s = r.json
    assert r.headers["Location"] == f"/api/v1/schools/{s['id']}"
    assert r.headers["ETag"] == '"1"'
    assert s["version"] == 1
    assert s["parent_id"] == demo.gaotang_id and s["parent_name"] == "高唐县"
    for k in ("code", "name", "type", "ownership", "location_class", "boarding", "student_count", "address"):
        assert s[k] == body[k], k
    after_create = admin.head()
    assert after_create["seq"] == before["seq"] + 1

    got = admin.get(r.headers["Location"])
    assert got.status == 200 and got.json == s and got.headers["ETag"] == '"1"'
    # The county officer of 高唐县 is not in this test; 东阿县's does not see it.
    expect_error(users["county.officer"].get(f"/schools/{s['id']}"), 404, "not_found")
    assert users["city.officer"].get(f"/schools/{s['id']}").status == 200

    r = admin.patch(f"/schools/{s['id']}", {"name": "高唐县测试乡中心小学", "student_count": 400},
                    headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert r.json["version"] == 2 and r.headers["ETag"] == '"2"'
    assert r.json["name"] == "高唐县测试乡中心小学" and r.json["student_count"] == 400
    assert r.json["code"] == s["code"]
    head2 = admin.head()
    assert head2["seq"] == after_create["seq"] + 1

    # Stale version: 412, nothing changes.
    r = admin.patch(f"/schools/{s['id']}", {"name": "覆盖"}, headers={"If-Match": '"1"'})
    expect_error(r, 412, "version_mismatch")
    # Missing If-Match: 428.
    r = admin.patch(f"/schools/{s['id']}", {"name": "覆盖"})
    expect_error(r, 428, "version_required")
    # Garbage If-Match.
    r = admin.patch(f"/schools/{s['id']}", {"name": "覆盖"}, headers={"If-Match": "banana"})
    assert r.status in (400, 412), r
    assert admin.head() == head2
    assert admin.get(f"/schools/{s['id']}").json["name"] == "高唐县测试乡中心小学"

    # Weak ETag form is accepted.
    r = admin.patch(f"/schools/{s['id']}", {"boarding": True}, headers={"If-Match": 'W/"2"'})
    assert r.status == 200 and r.json["version"] == 3

    # The new school is searchable at once.
    assert s["id"] in {x["id"] for x in all_items(admin, "/schools", q="高唐县测试乡中心")}


def test_duplicate_school_code_is_409(users, demo):
    admin = users["admin"]
    before = admin.head()
    r = admin.post("/schools", school_body(demo.gaotang_id, code=demo.home_school["code"]))
    err = expect_error(r, 409, "duplicate_school_code")
    assert err.get("field") == "code"
    assert admin.head() == before


def test_patch_of_missing_school_is_404(users):
    expect_error(users["admin"].patch("/schools/sch_doesnotexist00000", {"name": "x"}, headers={"If-Match": '"1"'}),
                 404, "not_found")


def test_school_is_created_under_a_county_or_city_only(users, demo):
    admin = users["admin"]
    before = admin.head()
    r = admin.post("/schools", school_body(demo.home_school["id"]))  # a school under a school
    assert r.status == 400, r
    assert admin.head() == before


# ---------------------------------------------------------------------------------------------
# Admin writes: users


def test_admin_creates_a_user_who_can_log_in_then_disables_them(server, users, demo):
    # One of the two failed logins on the shared server (see the module docstring).
    admin = users["admin"]
    uname = f"new.inspector.{random.randrange(10**6)}"
    r = admin.post("/users", {"username": uname, "display_name": "新检查员", "role": "inspector",
                              "scope_org_id": demo.donge_id, "password": "correct-horse-1",
                              "organization": "东阿县教体局"})
    assert r.status == 201, r
    u = r.json
    assert u["username"] == uname and u["role"] == "inspector" and u["disabled"] is False
    assert r.headers["Location"] == f"/api/v1/users/{u['id']}"
    assert "password" not in json.dumps(u)

    c = server.client()
    assert c.login(uname, "correct-horse-1").status == 200
    me = c.get("/me").json
    assert me["user"]["id"] == u["id"] and me["scope"]["name"] == "东阿县"

    expect_error(admin.post("/users", {"username": uname, "display_name": "重复", "role": "inspector",
                                       "scope_org_id": demo.donge_id, "password": "correct-horse-1"}),
                 409, "duplicate_username")

    etag = admin.get(f"/users/{u['id']}").headers["ETag"]
    r = admin.patch(f"/users/{u['id']}", {"disabled": True}, headers={"If-Match": etag})
    assert r.status == 200, r
    assert r.json["disabled"] is True

    # The open session dies (the server caches authenticated callers for up to 1 s, see
    # Auth::kCallerCacheMs), and signing in again fails like a wrong password.
    deadline = time.monotonic() + 3
    while (r := c.get("/me")).status == 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    expect_error(r, 401, "unauthenticated")
    expect_error(server.client().post("/session", {"username": uname, "password": "correct-horse-1"}), 401,
                 "bad_credentials")


@pytest.mark.parametrize("over,code", [
    ({"username": "X"}, "invalid_username"),
    ({"username": "has space"}, "invalid_username"),
    ({"password": "short"}, "weak_password"),
    ({"role": "superuser"}, "unknown_enum_value"),
    ({"scope_org_id": "org_doesnotexist00000"}, "unknown_scope_org"),
    ({"disabled": False}, "unknown_field"),
])
def test_bad_user_create_is_400(users, demo, over, code):
    admin = users["admin"]
    before = admin.head()
    body = {"username": "valid.name", "display_name": "测试", "role": "inspector",
            "scope_org_id": demo.donge_id, "password": "long-enough-1"}
    body.update(over)
    expect_error(admin.post("/users", body), 400, code)
    assert admin.head() == before


def test_admin_cannot_disable_itself(users):
    admin = users["admin"]
    me = admin.get(f"/users/{admin.user['id']}")
    before = admin.head()
    r = admin.patch(f"/users/{admin.user['id']}", {"disabled": True}, headers={"If-Match": me.headers["ETag"]})
    expect_error(r, 409, "own_account")
    assert admin.head() == before


def test_user_list_for_admin(users):
    r = users["admin"].get("/users?role=bureau_officer")
    assert r.status == 200
    assert {"city.officer", "county.officer"} <= {u["username"] for u in r.json["items"]}
    assert all(u["role"] == "bureau_officer" for u in r.json["items"])
    expect_error(users["admin"].get("/users?role=king"), 400, "unknown_enum_value")


# ---------------------------------------------------------------------------------------------
# Languages


@pytest.mark.parametrize("lang,expected", [
    (None, "请先登录"),
    ("zh-CN", "请先登录"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "请先登录"),
    ("zh-TW", "請先登入"),
    ("zh-HK,zh;q=0.9", "請先登入"),
    ("en", "sign in"),
    ("en-US,en;q=0.9", "sign in"),
])
def test_error_messages_follow_accept_language(server, lang, expected):
    r = server.client(lang=lang).get("/me")
    err = expect_error(r, 401, "unauthenticated")
    if lang and lang.startswith("en"):
        assert expected in err["message"].lower() and err["message"].isascii(), err
    else:
        assert err["message"] == expected, err


def test_validation_messages_are_localised(users, demo, server):
    admin = users["admin"]
    msgs = {}
    for lang in ("zh-CN", "zh-TW", "en"):
        c = Client(server.port, lang=lang)
        c.cookie, c.csrf = admin.cookie, admin.csrf
        err = expect_error(c.post("/schools", raw=b"{oops"), 400, "malformed_json")
        msgs[lang] = err["message"]
    assert "JSON" in msgs["zh-CN"] and "请求" in msgs["zh-CN"]
    assert "請求" in msgs["zh-TW"]
    assert msgs["en"].isascii() and "json" in msgs["en"].lower()
    assert len(set(msgs.values())) == 3


# ---------------------------------------------------------------------------------------------
# Login throttle (own server: the throttle also counts per client address)


def test_repeated_failed_logins_are_throttled(fresh_server, demo_base):
    admin = fresh_server.client()
    assert admin.login("admin").status == 200
    r = admin.post("/users", {"username": "throttle.target", "display_name": "限流", "role": "inspector",
                              "scope_org_id": admin.user["scope_org_id"], "password": "right-password-1"})
    assert r.status == 201, r
    c = fresh_server.client(lang="en")
    before = c.head()
    for i in range(5):
        r = c.post("/session", {"username": "throttle.target", "password": f"wrong-{i}"})
        expect_error(r, 401, "bad_credentials")
    r = c.post("/session", {"username": "throttle.target", "password": "wrong-5"})
    err = expect_error(r, 429, "throttled")
    assert isinstance(err.get("retry_after_seconds"), int) and 0 < err["retry_after_seconds"] <= 15 * 60
    assert r.headers.get("Retry-After") == str(err["retry_after_seconds"])
    # While locked, even the right password is refused.
    r = c.post("/session", {"username": "throttle.target", "password": "right-password-1"})
    expect_error(r, 429, "throttled")
    assert c.head() == before
    # Sessions opened before the lock keep working.
    assert admin.get("/me").status == 200


# ---------------------------------------------------------------------------------------------
# OpenAPI (last: it checks every route the tests above touched)


ROUTES_USED = [
    ("GET", "/api/v1/health"), ("GET", "/api/v1/openapi.json"), ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"), ("GET", "/api/v1/me"), ("GET", "/api/v1/orgs/{id}"),
    ("GET", "/api/v1/orgs/{id}/children"), ("GET", "/api/v1/schools"), ("POST", "/api/v1/schools"),
    ("GET", "/api/v1/schools/{id}"), ("PATCH", "/api/v1/schools/{id}"), ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"), ("GET", "/api/v1/users/{id}"), ("PATCH", "/api/v1/users/{id}"),
    ("GET", "/api/v1/integrity"), ("POST", "/api/v1/integrity/verify"),
]


def _template_re(t: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(t)) + "$")


def test_openapi_document_describes_every_route_used(anon):
    r = anon.get("/openapi.json")
    assert r.status == 200
    assert r.headers["Content-Type"].startswith("application/json")
    doc = json.loads(r.body)
    assert re.match(r"^3\.1\.\d+$", doc["openapi"]), doc["openapi"]
    assert doc["info"]["title"] and doc["info"]["version"]
    paths = doc["paths"]
    templates = [(_template_re(t), t) for t in paths]
    # Deliberately wrong calls (unknown endpoint, unsupported method) are not routes.
    touched = {(m, p) for m, p in TOUCHED
               if p.startswith("/api/v1/") and p != "/api/v1/no-such-endpoint" and (m, p) != ("DELETE", "/api/v1/schools")}
    for method, path in sorted(touched | set(ROUTES_USED)):
        matches = [t for rx, t in templates if rx.match(path)]
        # A literal path beats a template (/schools/{id} vs /schools).
        assert matches, f"{method} {path} is not in the OpenAPI document"
        assert any(method.lower() in paths[t] for t in matches), f"{method} {path}: method missing in {matches}"
    # Every operation documents its responses; every $ref resolves.
    schemas = doc["components"]["schemas"]
    for t, ops in paths.items():
        for m, op in ops.items():
            assert op.get("responses"), (m, t)
    for ref in re.findall(r'"\$ref":\s*"#/components/schemas/([^"]+)"', r.body.decode()):
        assert ref in schemas, ref
