#include "app/documents.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "app/inspections.hpp"
#include "base/canonical_json.hpp"
#include "base/pinyin.hpp"
#include "base/sha256.hpp"
#include "base/strings.hpp"
#include "domain/campaign.hpp"
#include "domain/checklist.hpp"
#include "domain/enum_names.hpp"
#include "domain/journal.hpp"
#include "report/ledger.hpp"

namespace anxiao::app {

using domain::Actor;
using domain::Role;

namespace {

// The name without its administrative suffix: 聊城市 → 聊城, 东阿县 → 东阿.
std::string Stem(const std::string& name) {
  for (const char* suffix : {"自治县", "自治州", "市", "县", "区", "省"}) {
    const std::string s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
      return name.substr(0, name.size() - s.size());
  }
  return name;
}

// The campaign's name as the bulletin's sentence uses it: "聊城市教体系统全面深入开展{}" already says
// whose campaign it is, so a leading 全市/全县/全省 and 教体系统 are dropped.
std::string CampaignPhrase(std::string name) {
  for (const char* prefix : {"全市", "全县", "全省", "全区", "教体系统", "教育系统"}) {
    const std::string p(prefix);
    if (name.size() > p.size() + 6 && name.compare(0, p.size(), p) == 0) name = name.substr(p.size());
  }
  return name;
}

bool MayIssue(Role r) { return r == Role::kAdmin || r == Role::kBureauOfficer || r == Role::kInspector; }

// What kind of visit found the hazards, as printed on the notice: the hazard-source label the
// ledgers and the web use (the campaign's own words, PRODUCT.md §1), or the department by name.
std::string VisitName(const domain::Inspection& i) {
  std::string s = i.source == domain::HazardSource::kOtherDepartment && !i.external_body.empty()
                      ? i.external_body + "检查"
                      : std::string(report::SourceLabel(i.source));
  if (i.unannounced) s += "（四不两直）";
  return s;
}

// The inspection's notice as the record would print it now, numbered and dated as given.
Result<report::RectificationNotice> DeriveNotice(domain::ReadView& v, const domain::Inspection& i,
                                                 const domain::Org& bureau) {
  report::RectificationNotice n;
  n.bureau = BureauName(bureau);
  TRY_ASSIGN(auto school, v.FindSchool(i.school_id));
  if (!school) return Fail(Corrupt("inspection " + i.id + " names a missing school"));
  n.school = school->name;
  n.school_id = school->id;
  n.inspection = VisitName(i);
  std::vector<std::string> names;
  for (const auto& uid : domain::SplitIds(i.inspectors)) {
    TRY_ASSIGN(auto u, v.FindUser(uid));
    if (u && (u->role == Role::kInspector || u->role == Role::kExpert || u->role == Role::kBureauOfficer))
      names.push_back(u->display_name);
  }
  for (std::size_t k = 0; k < names.size(); ++k) n.inspectors += (k ? "、" : "") + names[k];
  auto checked = ParseIso(i.checked_in_at);
  n.inspected_on = checked ? ChinaDateOf(*checked) : i.planned_date;
  TRY_ASSIGN(auto ver, v.FindChecklistVersion(i.template_id, i.template_version));
  std::map<std::string, const domain::ChecklistItem*> items;
  if (ver)
    for (const auto& it : ver->items) items[it.code] = &it;
  TRY_ASSIGN(auto records, v.InspectionItems(i.id));
  std::set<std::string> seen;
  for (const auto& r : records) {
    if (r.hazard_id.empty() || !seen.insert(r.hazard_id).second) continue;
    TRY_ASSIGN(auto h, v.FindHazard(r.hazard_id));
    if (!h || h->state == domain::HazardState::kVoided) continue;
    report::NoticeHazard nh;
    nh.number = h->number;
    nh.location = h->location;
    nh.description = h->description;
    nh.risk = h->risk_level;
    nh.deadline = h->deadline;
    if (!h->measures.empty()) {
      nh.measures = h->measures;
    } else if (auto it = items.find(r.code); it != items.end()) {
      nh.measures = "对照“" + it->second->text + "”的要求整改到位" +
                    (it->second->basis.empty() ? std::string() : "（依据：" + it->second->basis + "）");
    } else {
      nh.measures = "按期整改到位，整改完成后报复查";
    }
    n.hazards.push_back(std::move(nh));
  }
  return n;
}

// The notice printed from its stored canonical JSON (report::NoticeCanonicalJson).
Result<report::RectificationNotice> NoticeFromContent(const std::string& content) {
  TRY_ASSIGN(auto j, ParseJson(content));
  report::RectificationNotice n;
  auto str = [&](const Json& o, const char* k) -> std::string {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto date = [&](const Json& o, const char* k) -> Date {
    auto d = ParseDate(str(o, k));
    return d ? *d : Date{};
  };
  n.bureau = str(j, "bureau");
  n.number = str(j, "number");
  n.school = str(j, "school");
  n.school_id = str(j, "school_id");
  n.inspection = str(j, "inspection");
  n.inspectors = str(j, "inspectors");
  n.inspected_on = date(j, "inspected_on");
  n.date = date(j, "date");
  auto hs = j.find("hazards");
  if (hs == j.end() || !hs->is_array()) return Fail(Corrupt("stored notice without hazards"));
  for (const auto& h : *hs) {
    report::NoticeHazard nh;
    nh.number = str(h, "number");
    nh.location = str(h, "location");
    nh.description = str(h, "description");
    nh.measures = str(h, "measures");
    nh.deadline = date(h, "deadline");
    auto r = domain::ParseRiskLevel(str(h, "risk"));
    if (!r) return Fail(Corrupt("stored notice with an unknown risk level"));
    nh.risk = *r;
    n.hazards.push_back(std::move(nh));
  }
  return n;
}

}  // namespace

std::string PlaceNameEn(const std::string& name) {
  auto syl = PinyinSyllables(Stem(name));
  std::string out;
  for (std::size_t k = 0; k < syl.size(); ++k) {
    std::string s = syl[k];
    if (s.empty()) continue;
    // Dong'e, Xi'an: an apostrophe before a syllable that starts with a vowel.
    if (!out.empty() && (s[0] == 'a' || s[0] == 'e' || s[0] == 'o')) out += '\'';
    if (out.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    out += s;
  }
  return out.empty() ? name : out;
}

std::string BureauName(const domain::Org& o) {
  return o.kind == domain::OrgKind::kProvince ? o.name + "教育厅" : o.name + "教育和体育局";
}

std::string BureauNameEn(const domain::Org& o) {
  const std::string place = PlaceNameEn(o.name);
  switch (o.kind) {
    case domain::OrgKind::kProvince: return place + " Provincial Department of Education";
    case domain::OrgKind::kCity: return place + " Municipal Bureau of Education and Sports";
    case domain::OrgKind::kCounty:
      return place + (o.name.size() >= 3 && o.name.compare(o.name.size() - 3, 3, "区") == 0 ? " District" : " County") +
             " Bureau of Education and Sports";
    case domain::OrgKind::kSchool: break;
  }
  return place;
}

Result<report::BulletinFigures> Documents::Bulletin(const Actor& a, const std::string& campaign_id) {
  if (a.role == Role::kInspector || a.role == Role::kExpert) {
    return Fail(Forbidden("inspectors and experts see their assigned tasks, not campaign bulletins"));
  }
  const Date today = ChinaDateOf(s_.clock.Now());
  return domain::ReadValue<report::BulletinFigures>(
      s_.store, [&](domain::ReadView& v) -> Result<report::BulletinFigures> {
        TRY_ASSIGN(auto c, v.FindCampaign(campaign_id));
        if (!c || !domain::CampaignVisibleTo(*c, a)) return Fail(NotFound("campaign " + campaign_id));
        // The part of the campaign the caller may see: the campaign's scope, or the caller's narrower one.
        const bool narrower = domain::IsUnder(a.scope_path, c->scope_path);
        const std::string under = narrower ? a.scope_path : c->scope_path;
        const std::string region_id = narrower ? a.scope_org_id : c->scope_org_id;
        TRY_ASSIGN(auto region, v.FindOrg(region_id));
        if (!region) return Fail(Corrupt("campaign " + campaign_id + " covers a missing org"));
        if (region->kind == domain::OrgKind::kSchool) return Fail(Forbidden("bulletins are published by bureaus"));
        const bool owner_side = domain::IsUnder(c->owner_path, a.scope_path);
        TRY_ASSIGN(auto f, v.FigureCampaign(*c, under, today, owner_side));

        report::BulletinFigures b;
        b.bureau = BureauName(*region);
        b.bureau_en = BureauNameEn(*region);
        b.region = region->name;
        b.region_en = PlaceNameEn(region->name);
        b.campaign = CampaignPhrase(c->name);
        // The English description from the campaign's reach: every campaign here is a school safety
        // campaign; its official name stays Chinese (the English title adds it in parentheses).
        TRY_ASSIGN(auto scope_org, v.FindOrg(c->scope_org_id));
        const domain::OrgKind reach = scope_org ? scope_org->kind : domain::OrgKind::kCity;
        b.campaign_en = std::string(reach == domain::OrgKind::kProvince ? "province-wide"
                                    : reach == domain::OrgKind::kCounty ? "county-wide"
                                                                        : "city-wide") +
                        " school safety campaign";
        b.as_of = today;
        b.city_teams = f.teams_city;
        b.county_teams = f.teams_county;
        b.schools_inspected = f.schools_inspected;
        b.hazards_found = f.hazards_found;
        b.hazards_closed = f.hazards_closed;
        b.major_found = f.red_found;
        b.major_closed = f.red_closed;
        b.overdue = f.hazards_overdue;

        // What the teams say, per kind.
        struct KindFacts {
          std::int64_t teams = 0, days = 0;
          std::set<std::string> schools, experts, dispatchers;
          std::int64_t min_rural = -1, max_schools = 0;
        };
        std::map<domain::TeamKind, KindFacts> kinds;
        std::map<std::string, domain::TeamKind> kind_of_team;
        for (int page = 1;; ++page) {
          TRY_ASSIGN(auto teams, v.ListTeams(c->id, under, "", domain::PageRequest{page, 200}));
          for (const auto& t : teams.items) {
            auto& k = kinds[t.kind];
            kind_of_team[t.id] = t.kind;
            ++k.teams;
            k.days = std::max(k.days, DaysFromCivil(t.end_date) - DaysFromCivil(t.start_date) + 1);
            k.dispatchers.insert(t.org_id);
            k.max_schools = std::max(k.max_schools, static_cast<std::int64_t>(t.schools.size()));
            for (const auto& e : t.experts) k.experts.insert(e);
            std::int64_t rural = 0;
            for (const auto& sid : t.schools) {
              k.schools.insert(sid);
              if (t.kind == domain::TeamKind::kCrossInspection) {
                TRY_ASSIGN(auto s, v.FindSchool(sid));
                if (s && (s->location_class == domain::LocationClass::kRural ||
                          s->location_class == domain::LocationClass::kFringe))
                  ++rural;
              }
            }
            if (t.kind == domain::TeamKind::kCrossInspection)
              k.min_rural = k.min_rural < 0 ? rural : std::min(k.min_rural, rural);
          }
          if (teams.items.size() < 200) break;
        }
        auto has_mode = [&](domain::CampaignMode m) {
          return std::find(c->modes.begin(), c->modes.end(), m) != c->modes.end();
        };
        auto get = [](const std::map<std::string, std::int64_t>& m, std::string_view k) {
          auto it = m.find(std::string(k));
          return it == m.end() ? std::int64_t{0} : it->second;
        };
        auto kind_name = [](domain::TeamKind k) { return domain::Name(k); };
        auto found_k = [&](domain::TeamKind k) { return get(f.hazards_found_by_team_kind, kind_name(k)); };
        auto closed_k = [&](domain::TeamKind k) { return get(f.hazards_closed_by_team_kind, kind_name(k)); };
        auto inspected_k = [&](domain::TeamKind k) { return get(f.schools_inspected_by_team_kind, kind_name(k)); };

        using TK = domain::TeamKind;
        // What the teams (and the province) found, for each paragraph's examples: hazards by
        // category, and per checklist item the count and the inspector's own note at the hazard
        // with the lowest number (deterministic).
        struct Found {
          std::map<domain::HazardCategory, std::int64_t> by_category;
          std::map<std::string, std::pair<std::int64_t, domain::Hazard>> by_item;
        };
        std::map<TK, Found> found_by_kind;
        Found found_province;
        std::map<std::string, std::optional<TK>> kind_of_inspection;
        for (auto source : {domain::HazardSource::kCitySupervision, domain::HazardSource::kCrossInspection,
                            domain::HazardSource::kResident, domain::HazardSource::kProvince}) {
          for (int page = 1;; ++page) {
            domain::HazardFilter hf;
            hf.under_path = under;
            hf.campaign_id = c->id;
            hf.source = source;
            hf.today = today;
            hf.page = domain::PageRequest{page, 200};
            TRY_ASSIGN(auto got, v.SearchHazards(hf));
            for (const auto& h : got.items) {
              if (h.state == domain::HazardState::kVoided) continue;
              if (source == domain::HazardSource::kProvince) {
                ++found_province.by_category[h.category];
                continue;
              }
              if (h.inspection_id.empty()) continue;
              auto it = kind_of_inspection.find(h.inspection_id);
              if (it == kind_of_inspection.end()) {
                TRY_ASSIGN(auto ins, v.FindInspection(h.inspection_id));
                std::optional<TK> k;
                if (ins)
                  if (auto t = kind_of_team.find(ins->team_id); t != kind_of_team.end()) k = t->second;
                it = kind_of_inspection.emplace(h.inspection_id, k).first;
              }
              if (!it->second) continue;
              auto& fk = found_by_kind[*it->second];
              ++fk.by_category[h.category];
              auto [slot, fresh] = fk.by_item.try_emplace(h.item_code, 0, h);
              ++slot->second.first;
              if (!fresh && h.number < slot->second.second.number) slot->second.second = h;
            }
            if (got.items.size() < 200) break;
          }
        }
        auto findings_of = [&](const Found& fd) -> Result<report::ModeFindings> {
          report::ModeFindings m;
          for (const auto& [cat, n] : fd.by_category) m.by_category.emplace_back(cat, n);
          std::stable_sort(m.by_category.begin(), m.by_category.end(),
                           [](const auto& x, const auto& y) { return x.second > y.second; });
          std::vector<std::pair<std::int64_t, const domain::Hazard*>> items;
          for (const auto& [code, e] : fd.by_item) items.emplace_back(e.first, &e.second);
          std::stable_sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
          for (std::size_t k = 0; k < items.size() && m.examples.size() < 2; ++k) {
            TRY_ASSIGN(auto records, v.InspectionItems(items[k].second->inspection_id));
            for (const auto& r : records)
              if (r.code == items[k].second->item_code && !TrimAscii(r.note).empty())
                m.examples.push_back(std::string(TrimAscii(r.note)));
          }
          return m;
        };
        // A team mode gets its paragraph once its teams have inspected a school: the bulletin reports
        // what was done, not what is planned.
        auto ran = [&](domain::CampaignMode m, TK k) {
          return has_mode(m) && kinds[k].teams > 0 && inspected_k(k) > 0;
        };
        auto rounds_k = [&](TK k) { return get(f.rounds_by_team_kind, kind_name(k)); };
        if (ran(domain::CampaignMode::kCitySupervision, TK::kCitySupervision)) {
          TRY_ASSIGN(auto m, findings_of(found_by_kind[TK::kCitySupervision]));
          b.city_supervision =
              report::CitySupervisionFigures{kinds[TK::kCitySupervision].teams,
                                             inspected_k(TK::kCitySupervision),
                                             found_k(TK::kCitySupervision),
                                             closed_k(TK::kCitySupervision),
                                             static_cast<std::int64_t>(kinds[TK::kCitySupervision].schools.size()),
                                             std::move(m)};
        }
        if (ran(domain::CampaignMode::kCityDirect, TK::kCityDirect)) {
          const auto& k = kinds[TK::kCityDirect];
          std::int64_t priv = 0;
          for (const auto& sid : k.schools) {
            TRY_ASSIGN(auto s, v.FindSchool(sid));
            if (s && s->ownership == domain::Ownership::kPrivate) ++priv;
          }
          TRY_ASSIGN(auto m, findings_of(found_by_kind[TK::kCityDirect]));
          b.city_direct = report::CityDirectFigures{k.teams,
                                                    static_cast<std::int64_t>(k.schools.size()),
                                                    priv,
                                                    found_k(TK::kCityDirect),
                                                    closed_k(TK::kCityDirect),
                                                    inspected_k(TK::kCityDirect),
                                                    std::move(m)};
        }
        if (ran(domain::CampaignMode::kCountyCensus, TK::kCountyCensus)) {
          b.county_census = report::CountyCensusFigures{
              static_cast<std::int64_t>(kinds[TK::kCountyCensus].dispatchers.size()), inspected_k(TK::kCountyCensus),
              found_k(TK::kCountyCensus), closed_k(TK::kCountyCensus)};
        }
        if (ran(domain::CampaignMode::kCrossInspection, TK::kCrossInspection)) {
          const auto& k = kinds[TK::kCrossInspection];
          TRY_ASSIGN(auto m, findings_of(found_by_kind[TK::kCrossInspection]));
          b.cross_inspection = report::CrossInspectionFigures{k.teams,
                                                              k.days,
                                                              k.max_schools,
                                                              std::max<std::int64_t>(0, k.min_rural),
                                                              inspected_k(TK::kCrossInspection),
                                                              found_k(TK::kCrossInspection),
                                                              closed_k(TK::kCrossInspection),
                                                              std::move(m)};
        }
        if (ran(domain::CampaignMode::kResident, TK::kResident)) {
          const auto& k = kinds[TK::kResident];
          TRY_ASSIGN(auto m, findings_of(found_by_kind[TK::kResident]));
          b.resident = report::ResidentFigures{k.teams,
                                               static_cast<std::int64_t>(k.experts.size()),
                                               inspected_k(TK::kResident),
                                               rounds_k(TK::kResident),
                                               found_k(TK::kResident),
                                               closed_k(TK::kResident),
                                               std::move(m)};
        }
        if (f.self_assigned > 0) {
          b.self_inspection =
              report::SelfInspectionFigures{f.self_submitted, f.self_assigned, get(f.hazards_found_by_source, "self"),
                                            get(f.hazards_closed_by_source, "self")};
        }
        if (get(f.schools_inspected_by_source, "province") > 0) {
          TRY_ASSIGN(auto m, findings_of(found_province));
          b.province = report::ProvinceFigures{
              get(f.rounds_by_source, "province"), get(f.schools_inspected_by_source, "province"),
              get(f.hazards_found_by_source, "province"), get(f.hazards_closed_by_source, "province"), std::move(m)};
        }
        TRY_STATUS(report::ValidateBulletin(b));
        return b;
      });
}

Result<IssuedNotice> Documents::Notice(const Actor& a, const std::string& inspection_id, const std::string& school_id) {
  Inspections inspections(s_);
  TRY_ASSIGN(auto i, inspections.Find(a, inspection_id));  // kNotFound when not visible
  if (!school_id.empty() && school_id != i.school_id) return Fail(NotFound("school " + school_id + " of inspection"));
  if (i.self_inspection || i.source == domain::HazardSource::kSelf)
    return Fail(Conflict("self_inspection", "a self-inspection gets no rectification notice"));
  if (i.state != domain::InspectionState::kSubmitted)
    return Fail(Conflict("inspection_not_submitted", "the notice is issued once the inspection is submitted"));
  const Date today = ChinaDateOf(s_.clock.Now());
  IssuedNotice out;

  auto build = [&](domain::ReadView& v, domain::WriteTx* tx) -> Status {
    TRY_ASSIGN(auto bureau, v.FindOrg(i.inspecting_org_id));
    if (!bureau) return Fail(Corrupt("inspection " + i.id + " names a missing inspecting org"));
    TRY_ASSIGN(auto latest, v.LatestRectificationNotice(i.id));
    TRY_ASSIGN(auto n, DeriveNotice(v, i, *bureau));
    if (n.hazards.empty()) return Fail(Conflict("no_hazards", "the inspection found no hazards to rectify"));
    if (latest) {
      n.number = latest->number;
      n.date = ParseDate(latest->issued_on).value_or(today);
      if ("ntc_" + report::NoticeVerificationCode(n) == latest->id || tx == nullptr) {
        TRY_ASSIGN(out.notice, NoticeFromContent(latest->content));
        out.code = latest->id.substr(4);
        return {};
      }
    } else if (tx == nullptr) {
      return Fail(NotFound("notice of inspection " + i.id));
    }
    // Issue: the bureau's next number this year, dated today.
    TRY_ASSIGN(auto serial, tx->NextRectificationNoticeSerial(bureau->id, today.year));
    n.date = today;
    n.number = Stem(bureau->name).substr(0, 3) + "教安改〔" + std::to_string(today.year) + "〕" +
               std::to_string(serial) + "号";
    const std::string content = report::NoticeCanonicalJson(n);
    const std::string code = report::NoticeVerificationCode(n);
    TRY_STATUS(tx->Append(a.user_id, domain::Event{"notice.issued", "ntc_" + code,
                                                   Json{{"inspection_id", i.id},
                                                        {"school_id", i.school_id},
                                                        {"bureau_org_id", bureau->id},
                                                        {"year", today.year},
                                                        {"serial", serial},
                                                        {"number", n.number},
                                                        {"issued_on", FormatDate(today)},
                                                        {"content", content}}}));
    out.notice = std::move(n);
    out.code = code;
    out.issued_now = true;
    return {};
  };
  if (MayIssue(a.role)) {
    TRY_STATUS(s_.store.Write([&](domain::WriteTx& tx) { return build(tx, &tx); }));
  } else {
    TRY_STATUS(s_.store.Read([&](domain::ReadView& v) { return build(v, nullptr); }));
  }
  return out;
}

Result<NoticeCheck> Documents::CheckNotice(const std::string& code) {
  if (code.size() != 16 || code.find_first_not_of("0123456789abcdef") != std::string::npos)
    return Fail(NotFound("notice " + code));
  return domain::ReadValue<NoticeCheck>(s_.store, [&](domain::ReadView& v) -> Result<NoticeCheck> {
    NoticeCheck c;
    TRY_ASSIGN(auto rec, v.FindRectificationNotice("ntc_" + code));
    if (!rec) return Fail(NotFound("notice " + code));
    c.record = *rec;
    TRY_ASSIGN(c.notice, NoticeFromContent(rec->content));
    c.code_ok = Sha256Hex(rec->content).substr(0, 16) == code;
    TRY_ASSIGN(auto latest, v.LatestRectificationNotice(rec->inspection_id));
    c.latest = !latest || latest->id == rec->id;

    // The journal entries behind the notice: its own, its inspection's and its hazards'.
    bool content_in_journal = false;
    auto check = [&](const std::vector<domain::JournalEntry>& entries) {
      for (const auto& e : entries) {
        ++c.entries_checked;
        if (domain::ComputeHash(e) != e.hash) c.bad_seqs.push_back(e.seq);
      }
    };
    TRY_ASSIGN(auto own, v.JournalFor(rec->id));
    check(own);
    for (const auto& e : own) {
      auto p = ParseJson(e.payload);
      if (e.kind == "notice.issued" && p && p->is_object() && p->value("content", "") == rec->content)
        content_in_journal = true;
    }
    TRY_ASSIGN(auto insp, v.JournalFor(rec->inspection_id));
    check(insp);
    // The inspection's hazards by number (a notice lists hazards of its own inspection).
    std::map<std::string, domain::Hazard> by_number;
    TRY_ASSIGN(auto records, v.InspectionItems(rec->inspection_id));
    for (const auto& r : records) {
      if (r.hazard_id.empty()) continue;
      TRY_ASSIGN(auto h, v.FindHazard(r.hazard_id));
      if (h) by_number.emplace(h->number, std::move(*h));
    }
    for (const auto& nh : c.notice.hazards) {
      NoticeCheckHazard h;
      h.printed = nh;
      if (auto it = by_number.find(nh.number); it != by_number.end()) {
        h.hazard_id = it->second.id;
        h.state = std::string(domain::Name(it->second.state));
        h.closed_at = it->second.closed_at;
        TRY_ASSIGN(auto hist, v.JournalFor(it->second.id));
        check(hist);
      }
      c.hazards.push_back(std::move(h));
    }
    c.journal_ok = content_in_journal && c.bad_seqs.empty();
    return c;
  });
}

}  // namespace anxiao::app
