"""Documents over HTTP: the campaign bulletin (通报) as text and PDF in three languages, the
rectification notice (整改通知书) PDF of an inspection, and the public check of the notice's
verification code (docs/api.md "Documents").

The PDFs are read back with pdftotext; the bulletin's figures must equal the campaign's figures
API. Issuing a notice writes the journal, so these tests run on a private clone of the demo.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from test_api import all_items, expect_error

DEMO_CAMPAIGN = "全市教体系统校园安全隐患大排查大整治集中行动"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


@pytest.fixture(scope="module")
def campaign(wu) -> dict:
    return next(c for c in all_items(wu["city.officer"], "/campaigns") if c["name"] == DEMO_CAMPAIGN)


def pdf_text(body: bytes, tmp_path, name="doc.pdf") -> str:
    assert body[:5] == b"%PDF-", body[:40]
    p = tmp_path / name
    p.write_bytes(body)
    out = subprocess.run(["pdftotext", "-layout", str(p), "-"], check=True, capture_output=True).stdout.decode()
    return re.sub(r"[ \t]+", " ", out)


def flat(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines where the PDF does."""
    return re.sub(r"\s+", "", text)


# ---- bulletin ------------------------------------------------------------------------------------

def test_bulletin_text_has_the_campaign_figures_in_three_languages(wu, campaign):
    city = wu["city.officer"]
    f = city.get(f"/campaigns/{campaign['id']}/figures").json
    r = city.get(f"/campaigns/{campaign['id']}/bulletin?lang=zh-Hans&format=txt")
    assert r.status == 200, r.body[:300]
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    t = r.body.decode()
    teams_city, teams_county = f["teams"]["city"], f["teams"]["county"]
    assert t.startswith("关于聊城市校园安全隐患大排查大整治集中行动进展情况的通报\n\n"), t[:120]
    assert (f"市、县两级共派出{teams_city + teams_county}个督查组（其中市级{teams_city}个、县级{teams_county}个），"
            f"检查各级各类学校{f['schools']['inspected']}所，排查隐患{f['hazards']['found']}处，"
            f"已整改{f['hazards']['closed']}处") in t, t[:400]
    # A paragraph per mode whose teams have inspected schools (the county census too: one team in
    # three has started),
    # numbered 一是, 二是, …; then the self-inspection and the provincial visits. The demo's teams of
    # the four team modes have carried out part of their visits: each must have its paragraph, with
    # its schools, its hazards found and fixed, and examples of what was found.
    inspected = f["schools"]["inspected_by_team_kind"]
    assigned = f["schools"]["assigned_by_kind"]
    found_k, closed_k = f["hazards"]["found_by_team_kind"], f["hazards"]["closed_by_team_kind"]
    paragraphs = [p for p in t.split("\n\n") if re.match(r"^[一二三四五六七八九]是", p)]
    marks = {"city_supervision": "个市级督导组", "city_direct": "市直属", "cross_inspection": "县域之间依次互查",
             "resident": "驻点监管工作组"}
    for kind, mark in marks.items():
        assert 0 < inspected.get(kind, 0), (kind, inspected)
        assert 0 < closed_k.get(kind, 0) < found_k.get(kind, 0), (kind, found_k, closed_k)
        p = next((p for p in paragraphs if mark in p), None)
        assert p is not None, f"no paragraph for {kind}:\n{t}"
        assert f"{inspected[kind]}所" in p, p
        assert f"发现隐患{found_k[kind]}处" in p and f"已整改{closed_k[kind]}处" in p, p
        assert "主要是" in p and "等问题" in p, p  # the inspectors' own findings as examples
    # Part of the visits is still planned, and the paragraphs say how far they have come.
    assert inspected["city_supervision"] < assigned["city_supervision"]
    assert f"计划检查学校{assigned['city_supervision']}所，已检查{inspected['city_supervision']}所" in t
    assert f"对市直属{assigned['city_direct']}所学校" in t and f"已检查{inspected['city_direct']}所" in t
    assert f"已检查学校{inspected['cross_inspection']}所" in t and "为期3天的精准检查" in t
    assert f"对{inspected['resident']}所学校的安全和疫情防控情况" in t and "已完成第一轮驻点监督检查" in t
    assert "开展县级隐患普查" in t  # one census team in three has visited a school
    assert f"自查发现隐患{f['hazards']['found_by_source']['self']}处" in t
    assert f"已整改{f['hazards']['closed_by_source']['self']}处" in t
    assert f"各级各类学校{f['self_inspection']['assigned']}所" in t
    assert "省督导工作组对聊城市进行了两轮督导检查，共检查学校20所，排查各类隐患86处（" in t
    assert "现已全部整改完毕" in t
    assert [p[:2] for p in paragraphs] == ["一是", "二是", "三是", "四是", "五是", "六是", "七是"], paragraphs
    assert f"其中重大隐患{f['hazards']['major_found']}处，已整改{f['hazards']['major_closed']}处" in t
    assert "“五个心中有数”" in t

    hant = city.get(f"/campaigns/{campaign['id']}/bulletin?lang=zh-Hant").body.decode()
    assert hant.startswith("關於聊城市校園安全隱患大排查大整治集中行動進展情況的通報"), hant[:80]
    assert "全面" in hant and "督查組" in hant and "隱患" in hant and "「五個心中有數」" in hant
    assert "“" not in hant and "麵" not in hant
    for mark in ("個市級督導組", "市直屬", "縣域之間依次互查", "駐點監管工作組", "學校自查自糾", "省級專項督導"):
        assert mark in hant, mark
    en = city.get(f"/campaigns/{campaign['id']}/bulletin?lang=en").body.decode()
    title, body = en.split("\n\n", 1)
    assert title == "Progress of the city-wide school safety campaign in Liaocheng (校园安全隐患大排查大整治集中行动)", title
    assert body.isascii(), body[:300]
    assert f"{teams_city + teams_county:,} inspection teams" in en, en[:600]
    en_paras = [p for p in body.split("\n\n") if re.match(r"^(First|Second|Third|Fourth|Fifth|Sixth|Seventh),", p)]
    assert [p.split(":")[0] for p in en_paras] == [
        "First, city-level supervision", "Second, schools directly under the city", "Third, county census",
        "Fourth, cross-inspection between counties", "Fifth, resident supervision",
        "Sixth, self-inspection by the schools", "Seventh, provincial supervision"], en_paras
    assert (f"have inspected {inspected['city_supervision']} of the {assigned['city_supervision']} schools "
            f"assigned to them, finding {found_k['city_supervision']} hazards") in en_paras[0], en_paras[0]


def test_bulletin_of_a_county_officer_covers_its_county(wu, d, campaign):
    county = wu["county.officer"]
    f = county.get(f"/campaigns/{campaign['id']}/figures").json
    t = county.get(f"/campaigns/{campaign['id']}/bulletin").body.decode()
    assert t.startswith("关于东阿县校园安全隐患大排查大整治集中行动进展情况的通报"), t[:80]
    assert f"排查隐患{f['hazards']['found']}处" in t
    assert f["hazards"]["found"] < wu["city.officer"].get(f"/campaigns/{campaign['id']}/figures").json["hazards"]["found"]


@needs_pdftotext
def test_bulletin_pdf_reads_back(wu, campaign, tmp_path):
    city = wu["city.officer"]
    f = city.get(f"/campaigns/{campaign['id']}/figures").json
    for lang, title, bureau in (("zh-Hans", "关于聊城市校园安全隐患大排查大整治集中行动进展情况的通报", "聊城市教育和体育局"),
                                ("zh-Hant", "關於聊城市校園安全隱患大排查大整治集中行動進展情況的通報", "聊城市教育和體育局"),
                                ("en", "Progress of the city-wide school safety campaign in Liaocheng (校园安全隐患大排查大整治集中行动)",
                                 "Liaocheng Municipal Bureau of Education and Sports")):
        r = city.get(f"/campaigns/{campaign['id']}/bulletin?lang={lang}&format=pdf")
        assert r.status == 200, r.body[:300]
        assert r.headers["Content-Type"] == "application/pdf"
        text = pdf_text(r.body, tmp_path, f"bulletin-{lang}.pdf")
        assert flat(title) in flat(text), (lang, text[:300])
        assert flat(bureau) in flat(text), lang
        assert str(f["hazards"]["found"]) in flat(text).replace(",", ""), lang
        # Every mode's paragraph made it onto the pages.
        marks = {"zh-Hans": ["一是开展市级督导检查", "二是开展市直属学校", "三是开展县级隐患普查", "四是开展县级互查",
                             "五是实行驻点监管", "六是开展学校自查自纠", "七是迎接省级专项督导检查"],
                 "zh-Hant": ["一是開展市級督導檢查", "二是開展市直屬學校", "三是開展縣級隱患普查", "四是開展縣級互查",
                             "五是實行駐點監管", "六是開展學校自查自糾", "七是迎接省級專項督導檢查"],
                 "en": ["First,city-levelsupervision", "Second,schoolsdirectlyunderthecity", "Third,countycensus",
                        "Fourth,cross-inspectionbetweencounties", "Fifth,residentsupervision",
                        "Sixth,self-inspectionbytheschools", "Seventh,provincialsupervision"]}[lang]
        for m in marks:
            assert flat(m) in flat(text), (lang, m)


def test_bulletin_bad_input_and_scope(wu, d, campaign):
    city = wu["city.officer"]
    expect_error(city.get(f"/campaigns/{campaign['id']}/bulletin?lang=fr"), 400, "invalid_lang")
    expect_error(city.get(f"/campaigns/{campaign['id']}/bulletin?format=docx"), 400, "invalid_format")
    expect_error(city.get(f"/campaigns/{campaign['id']}/bulletin?colour=red"), 400, "invalid_query")
    expect_error(city.get("/campaigns/cmp_nosuch/bulletin"), 404, "not_found")
    # A campaign of 冠县 does not exist for 东阿县.
    gx = wu["admin"].post("/campaigns", {"name": "冠县校园消防专项检查", "start_date": "2026-03-01",
                                         "end_date": "2026-12-31", "modes": ["county_census"],
                                         "owner_org_id": d.guanxian_id})
    assert gx.status == 201, gx.body[:300]
    expect_error(wu["county.officer"].get(f"/campaigns/{gx.json['id']}/bulletin"), 404, "not_found")
    assert wu["admin"].get(f"/campaigns/{gx.json['id']}/bulletin").status == 200
    # Inspectors see their tasks, not bulletins.
    expect_error(wu["inspector"].get(f"/campaigns/{campaign['id']}/bulletin"), 403, "forbidden")
    assert wu.srv.client().get(f"/campaigns/{campaign['id']}/bulletin").status == 401


# ---- rectification notice ----------------------------------------------------------------------------

def inspection_with_hazards(c) -> dict:
    """A submitted inspection (not a self-inspection) in c's scope that found hazards."""
    for h in all_items(c, "/hazards"):
        if h.get("inspection_id") and h["source"] != "self" and h["state"] != "voided":
            i = c.get(f"/inspections/{h['inspection_id']}").json
            if i["state"] == "submitted":
                return i
    raise AssertionError("no submitted inspection with hazards in scope")


@needs_pdftotext
def test_notice_pdf_lists_the_hazards_and_its_code_verifies(wu, d, tmp_path):
    county = wu["county.officer"]
    insp = inspection_with_hazards(county)
    r = county.get(f"/inspections/{insp['id']}/notice.pdf?school={insp['school_id']}")
    assert r.status == 200, r.body[:300]
    assert r.headers["Content-Type"] == "application/pdf"
    code = r.headers["X-Verification-Code"]
    assert re.fullmatch(r"[0-9a-f]{16}", code), code
    text = flat(pdf_text(r.body, tmp_path))
    school = county.get(f"/schools/{insp['school_id']}").json
    hazards = [h for h in county.get(f"/hazards?school={insp['school_id']}&page_size=200").json["items"]
               if h.get("inspection_id") == insp["id"] and h["state"] != "voided"]
    assert "整改通知书" in text
    assert flat(school["name"]) in text
    for h in hazards:
        assert h["number"] in text, h["number"]
    assert re.search(r"教安改〔\d{4}〕\d+号", text), text[:400]
    grouped = "-".join(code[i:i + 4] for i in range(0, 16, 4))
    assert grouped in text

    # The same record gives the same notice (nothing new is issued).
    again = county.get(f"/inspections/{insp['id']}/notice.pdf")
    assert again.status == 200 and again.headers["X-Verification-Code"] == code

    # The public page's API: no sign-in, what the notice covers and its integrity check.
    v = wu.srv.client().get(f"/verify/notices/{code}")
    assert v.status == 200, v.body[:300]
    j = v.json
    assert j["code"] == code and j["school"] == school["name"] and j["valid"] is True, j
    assert j["checks"]["code"] is True and j["checks"]["journal"] is True and j["checks"]["entries_checked"] >= 2
    assert sorted(h["number"] for h in j["hazards"]) == sorted(h["number"] for h in hazards)
    assert {h["number"]: h["state"] for h in j["hazards"]} == {h["number"]: h["state"] for h in hazards}
    assert j["latest"] is True
    # The projection of notice.issued is rebuilt by verify like every other table.
    ver = wu["admin"].post("/integrity/verify")
    assert ver.status == 200 and ver.json["ok"] is True, ver.body[:500]


def test_notice_errors_and_scope(wu, d):
    county = wu["county.officer"]
    insp = inspection_with_hazards(county)
    # Another school than the inspection's, an unknown inspection, an unknown query parameter.
    expect_error(county.get(f"/inspections/{insp['id']}/notice.pdf?school={d.guanxian_school_id}"), 404, "not_found")
    expect_error(county.get("/inspections/ins_nosuch/notice.pdf"), 404, "not_found")
    expect_error(county.get(f"/inspections/{insp['id']}/notice.pdf?lang=en"), 400, "invalid_query")
    # Out of scope: 冠县's officer does not see 东阿县's inspection at all.
    admin = wu["admin"]
    r = admin.post("/users", {"username": "gx.docs", "display_name": "冠县安全股", "role": "bureau_officer",
                              "scope_org_id": d.guanxian_id, "password": "guanxian-pass-1"})
    assert r.status == 201, r.body[:300]
    gx = wu.srv.client()
    assert gx.login("gx.docs", "guanxian-pass-1").status == 200
    expect_error(gx.get(f"/inspections/{insp['id']}/notice.pdf"), 404, "not_found")
    # A self-inspection gets no notice.
    selfi = all_items(county, "/inspections", state="submitted", self_inspection="true")
    if selfi:
        expect_error(county.get(f"/inspections/{selfi[0]['id']}/notice.pdf"), 409, "self_inspection")
    # Unknown and malformed codes.
    expect_error(wu.srv.client().get("/verify/notices/0123456789abcdef"), 404, "not_found")
    expect_error(wu.srv.client().get("/verify/notices/not-a-code"), 404, "not_found")
