#include "app/demo_campaign.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <queue>
#include <set>
#include <string_view>
#include <vector>

#include "app/campaigns.hpp"
#include "app/demo_clock.hpp"
#include "app/demo_evidence.hpp"
#include "app/draws.hpp"
#include "app/hazards.hpp"
#include "app/inspections.hpp"
#include "app/users.hpp"
#include "base/random.hpp"
#include "base/sha256.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::TeamKind;

// SplitMix64: the demo's own deterministic stream (not the draw's, which is specified separately).
using Rng = SplitMix64;

constexpr std::array<std::string_view, 16> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                                        "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
constexpr std::array<std::string_view, 16> kGiven = {"建华", "志强", "秀英", "国庆", "海燕", "立新", "文杰", "春梅",
                                                     "振东", "红霞", "明亮", "俊峰", "晓东", "丽娟", "德胜", "玉兰"};
constexpr std::array<std::string_view, 10> kNumerals = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// At most `n` characters of UTF-8 text, cut between characters and marked with "…" when cut
// (photo captions, quoted in plan texts: a bare cut read like a broken sentence).
std::string Prefix(const std::string& s, std::size_t n) {
  std::size_t i = 0, chars = 0;
  while (i < s.size() && chars < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

std::string PersonName(Rng& r) {
  return std::string(kSurnames[static_cast<std::size_t>(r.Below(16))]) +
         std::string(kGiven[static_cast<std::size_t>(r.Below(16))]);
}
// 第一 … 第十九 (team numbers within one dispatching org stay below 100).
std::string Ordinal(int n) {
  std::string s;
  if (n >= 20) s += std::string(kNumerals[static_cast<std::size_t>(n / 10 - 1)]);
  if (n >= 10) s += "十";
  if (n % 10 != 0 || n < 10) s += std::string(kNumerals[static_cast<std::size_t>((n % 10 == 0 ? 10 : n % 10) - 1)]);
  return "第" + s;
}

struct SchoolRef {
  std::string id, code, name, path, county_key, safety_officer;
  domain::SchoolType type;
  domain::Ownership ownership;
  domain::LocationClass location;
  bool boarding;
};

// Notes an inspector writes for a failed item, by category.
std::string FailNote(domain::HazardCategory c, Rng& r) {
  static const std::map<domain::HazardCategory, std::array<std::string_view, 2>> kNotes = {
      {domain::HazardCategory::kFire,
       {"现场检查发现不符合要求，已拍照留存并当场反馈学校", "设施维护保养记录缺失，未按规定检测"}},
      {domain::HazardCategory::kBuildings, {"现场发现安全隐患，已设置临时警示", "未提供有效鉴定或检测资料"}},
      {domain::HazardCategory::kFood, {"食堂管理台账不全，现场要求立即整改", "索证索票资料不完整"}},
      {domain::HazardCategory::kDormitory, {"宿舍管理存在漏洞，夜间值守记录不全", "宿舍设施不符合要求"}},
  };
  auto it = kNotes.find(c);
  if (it == kNotes.end()) return "现场检查不符合要求，已当场反馈学校限期整改";
  return std::string(it->second[static_cast<std::size_t>(r.Below(2))]);
}

// What a team's inspector writes for a failed item: a concrete finding per checklist item (the
// hazard's description is the item's text and this note). Items without a note here always pass
// in the demo, so every finding of a team reads like a real one.
const std::map<std::string, std::array<std::string_view, 2>>& TeamFindings() {
  static const std::map<std::string, std::array<std::string_view, 2>> kFindings = {
      {"FIRE-01", {"教学楼一楼东侧疏散通道堆放课桌椅", "餐厅二楼安全出口被杂物封堵"}},
      {"FIRE-02", {"综合楼二楼灭火器压力指针在红区", "实验楼部分灭火器已过有效期"}},
      {"FIRE-03", {"实验楼三楼消火栓箱被课桌遮挡", "消火栓箱内水带缺失"}},
      {"FIRE-04", {"宿舍楼楼梯间应急照明断电后不亮", "教学楼安全出口指示标志损坏"}},
      {"FIRE-05", {"消防设施未按规定进行年度检测", "火灾自动报警系统故障未修复"}},
      {"FIRE-06", {"消防控制室夜间单人值班", "消防控制室值班人员未持证上岗"}},
      {"FIRE-07", {"图书室电气线路老化破损", "配电箱前堆放纸箱等可燃物"}},
      {"FIRE-08", {"教师周转宿舍楼道内电动自行车充电", "楼梯间停放电动自行车"}},
      {"FIRE-09", {"本学期未组织应急疏散演练", "灭火和应急疏散预案未更新"}},
      {"FIRE-10", {"每日防火巡查记录缺失", "防火巡查发现问题未及时处置"}},
      {"FIRE-12", {"消防车通道被教职工车辆占用", "消防车通道设置固定隔离桩"}},
      {"FIRE-13", {"食堂燃气管道未安装可燃气体报警装置", "厨房烟道长期未清洗"}},
      {"FIRE-14", {"部分教职工不会使用灭火器", "未明确消防安全管理人"}},
      {"BLD-03", {"教学楼北立面外墙瓷砖空鼓", "办公楼檐口抹灰剥落"}},
      {"BLD-05", {"三楼教室临空窗台低于0.9米且无防护", "走廊低窗台未加装护栏"}},
      {"BLD-06", {"教学楼西楼梯扶手松动", "楼梯井未设防攀滑措施"}},
      {"BLD-07", {"三年级二班教室吊扇固定螺栓松动", "多功能教室投影仪吊架松动"}},
      {"BLD-08", {"操场篮球架底座锈蚀松动", "单双杠固定螺栓锈蚀"}},
      {"BLD-09", {"实验楼顶层屋面渗漏", "宿舍楼墙体渗水处电线受潮"}},
      {"BLD-10", {"防雷装置检测已过有效期", "未提供防雷检测报告"}},
      {"BLD-12", {"开学前校舍安全检查无记录", "校舍安全检查制度未落实"}},
      {"BLD-13", {"教学楼门厅地面无防滑措施", "雨雪天未设置防滑提示"}},
      {"EPI-02", {"晨午检记录不完整", "因病缺勤追踪登记缺失"}},
      {"EPI-04", {"宿舍通风消毒记录缺失", "食堂公共区域未按要求消毒"}},
      {"EPI-05", {"隔离观察室设置不规范", "隔离观察室防护物资不足"}},
      {"EPI-06", {"教学楼洗手设施数量不足", "洗手处未配备洗手液"}},
      {"EPI-07", {"二次供水水质检测报告过期", "饮水机未定期清洗消毒"}},
      {"EPI-08", {"传染病防控应急预案未演练", "传染病防控应急预案内容不全"}},
      {"EPI-10", {"病愈返校学生未查验复课证明", "复课证明登记不全"}},
  };
  return kFindings;
}

// How a team's visit ends up: how many findings, and how far their rectification has come.
enum class Fixed { kOpen, kPlanned, kRectifying, kAwaitingReview, kClosed };

Fixed PickFixed(Rng& r) {
  const int p = r.Below(100);
  if (p < 10) return Fixed::kOpen;
  if (p < 20) return Fixed::kPlanned;
  if (p < 35) return Fixed::kRectifying;
  if (p < 45) return Fixed::kAwaitingReview;
  return Fixed::kClosed;
}

// The campaign's activity in time order. A step runs with the demo clock (if any) set to its time:
// the journal's times never go back, so the steps run in time order, ties in the order they were
// added, and a step may add later ones. No step is later than `limit` (moved to it if it was).
class Timeline {
 public:
  using Step = std::function<Status(Timestamp)>;
  Timeline(DemoClock* clock, Timestamp limit) : clock_(clock), limit_(limit) {}
  Timestamp Limit() const { return limit_; }
  void At(Timestamp t, Step step) { q_.push(Item{std::max(now_, std::min(t, limit_)), seq_++, std::move(step)}); }
  Status Run() {
    while (!q_.empty()) {
      Item it = q_.top();
      q_.pop();
      now_ = it.at;
      if (clock_ != nullptr) clock_->Set(it.at);
      TRY_STATUS(it.step(it.at));
    }
    return {};
  }

 private:
  struct Item {
    Timestamp at;
    std::int64_t seq;
    Step step;
    bool operator>(const Item& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  DemoClock* clock_;
  Timestamp limit_, now_{};
  std::int64_t seq_ = 0;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> q_;
};

}  // namespace

Result<DemoCampaignSummary> LoadDemoCampaign(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                             const std::map<std::string, std::string>& ids,
                                             const std::string& password_hash, DemoClock* clock, std::uint64_t seed) {
  DemoCampaignSummary sum;
  Rng rng(seed ^ 0x63616d706169676eULL);  // "campaign"
  Campaigns campaigns(s);
  Inspections inspections(s);
  Hazards hazards(s);
  Users users(s);
  DemoPhotos photos(s, tx);
  const auto sys = Actor::System();
  const Timestamp real_now = clock != nullptr ? clock->Real() : s.clock.Now();
  const Date today = ChinaDateOf(real_now);
  auto day = [&](int offset) { return CivilFromDays(DaysFromCivil(today) + offset); };
  // Minute `minute` (China Standard Time) of the day `offset` days from today.
  auto at = [&](int offset, int minute) {
    return Timestamp{EndOfChinaDay(day(offset - 1)).ms + static_cast<std::int64_t>(minute) * 60000};
  };
  auto date_of = [](Timestamp t) { return FormatDate(ChinaDateOf(t)); };
  // Nothing is dated later than ten minutes before the load.
  Timeline tl(clock, Timestamp{real_now.ms - 10 * 60000});
  // The city bureau launches the campaign on its first day, 80 days ago, and dispatches its teams.
  constexpr int kStart = -80;
  if (clock != nullptr) clock->Set(at(kStart, 9 * 60));

  auto actor_of = [&](const std::string& username) -> Result<Actor> {
    TRY_ASSIGN(auto u, tx.FindUserByUsername(username));
    if (!u) return Fail(Internal("demo user missing: " + username));
    return ActorFor(tx, *u);
  };
  TRY_ASSIGN(const Actor city_officer, actor_of("city.officer"));
  // The bureau officer and the inspector of a county-level unit (demo_hazards.hpp: 东阿县 has the
  // demo's own, the others officer.<code> and inspector.<code>).
  std::map<std::string, std::string> code_of;  // county key → code
  for (const auto& o : city.orgs) code_of[o.key] = o.code;
  auto county_officer = [&](const std::string& key) -> Result<Actor> {
    const std::string& code = code_of.at(key);
    return actor_of(code == "371524" ? "county.officer" : "officer." + code);
  };
  auto county_inspector = [&](const std::string& key) -> Result<Actor> {
    const std::string& code = code_of.at(key);
    return actor_of(code == "371524" ? "inspector" : "inspector." + code);
  };
  // The province's supervision group reviews the rectification of its own findings.
  Actor province;
  {
    NewUser nu{"sheng.dudao",           PersonName(rng), kDemoPassword, ids.at("province"), "山东省人民政府教育督导室",
               domain::Role::kInspector};
    TRY_ASSIGN(auto u, users.CreateIn(tx, sys, nu, password_hash));
    TRY_ASSIGN(province, ActorFor(tx, u));
    ++sum.users;
  }
  TRY_ASSIGN(const Actor expert, actor_of("expert"));

  // Checklist templates of the built-in catalog, by name.
  std::map<std::string, std::string> tmpl;
  std::vector<std::string> all_templates;
  TRY_ASSIGN(auto tp, tx.ListChecklistTemplates(domain::PageRequest{1, 200}));
  for (const auto& t : tp.items) {
    tmpl[t.name] = t.id;
    all_templates.push_back(t.id);
  }
  for (const char* name : {"消防安全检查表", "消防安全自查表", "疫情防控检查表", "校舍及设施安全检查表",
                           "食品安全检查表", "学生宿舍安全检查表"})
    if (!tmpl.count(name)) return Fail(Internal(std::string("catalog template missing: ") + name));

  // Schools by county-level unit (county keys in demo order; "city" for the city-direct ones).
  std::map<std::string, std::vector<SchoolRef>> by_unit;
  std::vector<std::string> county_keys;
  for (const auto& o : city.orgs)
    if (o.kind == domain::OrgKind::kCounty) county_keys.push_back(o.key);
  for (const auto& ds : city.schools) {
    const auto& sc = ds.school;
    const std::string id = ids.at("school:" + sc.code);
    TRY_ASSIGN(auto stored, tx.FindSchool(id));
    if (!stored) return Fail(Internal("demo school missing: " + sc.code));
    by_unit[ds.parent_key].push_back(SchoolRef{id, sc.code, sc.name, stored->path, ds.parent_key,
                                               sc.safety_officer_name, sc.type, sc.ownership, sc.location_class,
                                               sc.boarding});
  }
  std::map<std::string, const SchoolRef*> school_ref;  // school id → school (its unit: county_key)
  for (const auto& [unit, list] : by_unit)
    for (const auto& sc : list) school_ref[sc.id] = &sc;

  // The campaign, run by the city bureau over the whole city.
  domain::CampaignDraft draft;
  draft.name = "全市教体系统校园安全隐患大排查大整治集中行动";
  draft.start_date = day(kStart);
  draft.end_date = day(40);
  draft.modes = {domain::CampaignMode::kCitySupervision, domain::CampaignMode::kCityDirect,
                 domain::CampaignMode::kCountyCensus,    domain::CampaignMode::kCrossInspection,
                 domain::CampaignMode::kResident,        domain::CampaignMode::kThematic,
                 domain::CampaignMode::kProvincial,      domain::CampaignMode::kUnannounced};
  draft.checklists = all_templates;
  TRY_ASSIGN(auto camp, campaigns.CreateIn(tx, city_officer, ids.at("city"), draft));
  sum.campaign_id = camp.id;

  auto team = [&](const std::string& org_key, TeamKind kind, const std::string& name, const std::string& rank,
                  std::vector<std::string> schools, std::vector<std::string> experts, const std::string& target,
                  std::int64_t rounds, std::optional<Date> from = std::nullopt,
                  std::optional<Date> to = std::nullopt) -> Result<domain::Team> {
    NewTeam t;
    t.campaign_id = camp.id;
    t.org_id = ids.at(org_key);
    t.kind = kind;
    t.name = name;
    t.leader_name = PersonName(rng);
    t.leader_rank = rank;
    t.schools = std::move(schools);
    t.experts = std::move(experts);
    t.target_org_id = target;
    t.rounds = rounds;
    t.start_date = from;
    t.end_date = to;
    TRY_ASSIGN(auto created, campaigns.CreateTeamIn(tx, city_officer, t));
    ++sum.teams;
    return created;
  };
  auto plan = [&](const domain::Team& t, const std::string& school_id, const std::string& template_id, bool unannounced,
                  int round, int offset) -> Result<domain::Inspection> {
    NewInspection in;
    in.team_id = t.id;
    in.school_id = school_id;
    in.template_id = template_id;
    in.unannounced = unannounced;
    in.round = round;
    in.planned_date = day(offset);
    TRY_ASSIGN(auto planned, inspections.PlanIn(tx, city_officer, in));
    ++sum.inspections;
    return planned;
  };

  // The rectification of a finding as far as `fixed` says, spread over the days after it was found
  // (two weeks at most, never later than the timeline's limit): the school side plans, starts and
  // submits with an after-photo; the reviewer closes. A stream of its own (as the visits' below),
  // so the rest of the demo is the same with or without the visits.
  Rng vrng(seed ^ 0x7669736974730000ULL);  // "visits"
  std::int64_t photo_n = 0;
  struct Texts {
    std::string measures, funds, submitted, closed;  // empty measures/funds: from the hazard
  };
  auto rectify = [&](const domain::Hazard& found, const Actor& rectifier, const Actor& reviewer, Fixed fixed,
                     Timestamp found_at, Texts texts) {
    static constexpr std::array<int, 4> kShare = {6, 14, 65, 85};  // plan, start, submit, review: % of the span
    const std::int64_t span = std::min<std::int64_t>(14LL * 86400000, tl.Limit().ms - found_at.ms);
    const std::string person = PersonName(vrng);
    for (int k = 0; k < static_cast<int>(fixed); ++k) {
      const Timestamp when{found_at.ms + span * kShare[static_cast<std::size_t>(k)] / 100};
      tl.At(when, [&, id = found.id, k, person, rectifier, reviewer, texts](Timestamp t) -> Status {
        TRY_ASSIGN(auto cur, tx.FindHazard(id));
        if (!cur) return Fail(Internal("demo hazard missing: " + id));
        const domain::Hazard& h = *cur;
        if (k == 0) {
          domain::HazardPlan p;
          p.measures = texts.measures.empty()
                           ? "针对“" + Prefix(h.description, 30) + "”制定整改方案，落实整改责任和完成时限"
                           : texts.measures;
          p.responsible_person = person;
          p.deadline = h.deadline;
          p.funds = !texts.funds.empty()                      ? texts.funds
                    : h.risk_level == domain::RiskLevel::kRed ? "县级安全专项资金列支"
                                                              : "学校公用经费列支";
          p.contingency_plan = "整改期间落实专人值守和应急处置预案";
          p.interim_measures = "设置警示标识，限制相关区域使用";
          TRY_STATUS(hazards.PlanIn(tx, rectifier, h.id, h.version, p));
          return {};
        }
        if (k == 1) {
          TRY_STATUS(hazards.StartIn(tx, rectifier, h.id, h.version));
          return {};
        }
        if (k == 2) {
          TRY_ASSIGN(auto after,
                     photos.Take(rectifier, seed ^ (0x7669736974ULL + static_cast<std::uint64_t>(++photo_n) * 128),
                                 Prefix(h.description, 24) + " · 整改后", date_of(t)));
          TRY_STATUS(hazards.SubmitIn(tx, rectifier, h.id, h.version, texts.submitted, {after}));
          return {};
        }
        TRY_STATUS(hazards.ReviewIn(tx, reviewer, h.id, h.version, ReviewDecision::kClose, texts.closed));
        return {};
      });
    }
  };

  // A team's visit, carried out on its day through the inspection use cases like a phone in the
  // field: check in, every item answered (a failed item becomes a hazard with the team's source),
  // the inspector's feedback, both signatures, submit. Its hazards then go round the closed loop
  // as far as their pick says: the school side (the county's bureau officer, or the city's for
  // city-direct schools) rectifies; the city's expert reviews, or `reviewer` when given.
  struct Visit {
    domain::Inspection inspection;
    Actor by;
    int max_findings;
    std::optional<Actor> reviewer;
    std::string who;  // the team's name in its feedback; default 督查组 (驻点工作组 for an expert)
  };
  auto carry_out = [&](const Visit& v, Timestamp t) -> Status {
    const domain::Inspection& planned = v.inspection;
    const SchoolRef& sc = *school_ref.at(planned.school_id);
    TRY_ASSIGN(auto ins, inspections.CheckInIn(tx, v.by, planned.id, planned.version, "", ""));
    TRY_ASSIGN(auto ver, tx.FindChecklistVersion(ins.template_id, ins.template_version));
    if (!ver) return Fail(Internal("checklist version missing"));
    // The items that may fail (those with a concrete finding), and how many do: none at about a
    // third of the schools.
    std::vector<std::size_t> may_fail;
    for (std::size_t n = 0; n < ver->items.size(); ++n)
      if (TeamFindings().count(ver->items[n].code)) may_fail.push_back(n);
    std::set<std::size_t> failing;
    const int fails = std::min(static_cast<int>(may_fail.size()), vrng.Below(v.max_findings + 2) - 1);
    while (static_cast<int>(failing.size()) < fails)
      failing.insert(may_fail[static_cast<std::size_t>(vrng.Below(static_cast<int>(may_fail.size())))]);
    std::vector<ItemInput> answers;
    for (std::size_t n = 0; n < ver->items.size(); ++n) {
      const auto& item = ver->items[n];
      ItemInput a;
      a.code = item.code;
      a.result = failing.count(n) ? domain::ItemResult::kFail : domain::ItemResult::kPass;
      if (a.result == domain::ItemResult::kFail) {
        a.note = std::string(TeamFindings().at(item.code)[static_cast<std::size_t>(vrng.Below(2))]);
        if (item.photo_required) {
          TRY_ASSIGN(auto sha, photos.Take(v.by, seed ^ (0x7669736974ULL + static_cast<std::uint64_t>(++photo_n) * 128),
                                           a.note, date_of(t)));
          a.photos = {sha};
        }
      }
      answers.push_back(std::move(a));
    }
    TRY_ASSIGN(auto rec, inspections.RecordManyIn(tx, v.by, ins.id, answers));
    const std::string who = !v.who.empty() ? v.who : v.by.role == domain::Role::kExpert ? "驻点工作组" : "督查组";
    TRY_ASSIGN(ins, inspections.FeedbackIn(tx, v.by, ins.id, rec.inspection.version,
                                           rec.hazards.empty()
                                               ? who + "现场反馈：未发现明显安全隐患，请学校继续落实日常安全管理。"
                                               : who + "现场反馈：发现问题" + std::to_string(rec.hazards.size()) +
                                                     "处，已责令学校立即整改，建立隐患台账和整改台账，挂账销号。"));
    TRY_ASSIGN(auto signer, tx.FindUser(v.by.user_id));
    if (!signer) return Fail(Internal("demo inspector missing: " + v.by.user_id));
    TRY_ASSIGN(ins,
               inspections.SignIn(tx, v.by, ins.id, ins.version, domain::SignerRole::kInspector, signer->display_name));
    TRY_ASSIGN(ins, inspections.SignIn(tx, v.by, ins.id, ins.version, domain::SignerRole::kSchool,
                                       sc.safety_officer.empty() ? sc.name : sc.safety_officer));
    TRY_STATUS(inspections.SubmitIn(tx, v.by, ins.id, ins.version));
    ++sum.visits;
    Actor rectifier = city_officer;
    if (sc.county_key != "city") {
      TRY_ASSIGN(rectifier, county_officer(sc.county_key));
    }
    const Actor reviewer = v.reviewer ? *v.reviewer : v.by.role == domain::Role::kExpert ? v.by : expert;
    for (const auto& h : rec.hazards) {
      ++sum.hazards;
      rectify(h, rectifier, reviewer, PickFixed(vrng), t,
              Texts{"", "", "已按" + who + "反馈意见整改完毕，请复查", "经复查，整改到位，同意销号"});
    }
    return {};
  };
  // The visit of a planned inspection on `day_offset` at `minute` (China Standard Time).
  auto visit = [&](const domain::Inspection& ins, const Actor& by, int max_findings, int day_offset, int minute,
                   std::optional<Actor> reviewer = std::nullopt, std::string who = "") {
    tl.At(at(day_offset, minute),
          [&, v = Visit{ins, by, max_findings, std::move(reviewer), std::move(who)}](Timestamp t) -> Status {
            return carry_out(v, t);
          });
  };

  // 11 city supervision teams (市级督导): 4 schools in each county, visited unannounced (四不两直).
  std::vector<std::string> taken;  // schools with a city-level team, kept out of the resident groups
  for (std::size_t k = 0; k < county_keys.size(); ++k) {
    auto pool = by_unit[county_keys[k]];
    std::vector<std::string> schools;
    for (int n = 0; n < 4; ++n) {
      const auto pick = static_cast<std::size_t>(rng.Below(static_cast<int>(pool.size())));
      schools.push_back(pool[pick].id);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    TRY_ASSIGN(auto t, team("city", TeamKind::kCitySupervision, "市级" + Ordinal(static_cast<int>(k) + 1) + "督查组",
                            "县级干部", schools, {}, "", 1));
    // Three schools visited in the past weeks (四不两直), the fourth still to come.
    for (std::size_t n = 0; n < schools.size(); ++n) {
      const bool done = n < 3;
      const int offset = done ? -40 + 9 * static_cast<int>(n) + static_cast<int>(k) : 3 + static_cast<int>(k) % 4;
      TRY_ASSIGN(auto ins, plan(t, schools[n], tmpl["消防安全检查表"], true, 1, offset));
      if (done) visit(ins, city_officer, 3, offset, 8 * 60 + 30);
      taken.push_back(schools[n]);
    }
  }
  // 3 city-direct teams (市直学校): the 21 city-direct schools, public and private, 7 each.
  {
    const auto& direct = by_unit["city"];
    for (int k = 0; k < 3; ++k) {
      std::vector<std::string> schools;
      for (std::size_t n = static_cast<std::size_t>(k); n < direct.size(); n += 3) schools.push_back(direct[n].id);
      TRY_ASSIGN(auto t, team("city", TeamKind::kCityDirect, "市直学校" + Ordinal(k + 1) + "督查组", "县级干部",
                              schools, {}, "", 1));
      // Five schools done, the last two next week.
      for (std::size_t n = 0; n < schools.size(); ++n) {
        const bool done = n < 5;
        const int offset = done ? -30 + 5 * static_cast<int>(n) + k : 2 + static_cast<int>(n);
        TRY_ASSIGN(auto ins, plan(t, schools[n], tmpl["校舍及设施安全检查表"], false, 1, offset));
        if (done) visit(ins, city_officer, 3, offset, 9 * 60 + 30 * k);
      }
    }
  }
  // 4 resident groups (驻点监管) with 6 external experts of the fire brigade and the CDC, at
  // boarding schools and large schools, two rounds each (fire safety; epidemic prevention).
  {
    std::vector<std::string> experts{expert.user_id};
    std::vector<Actor> expert_actors{expert};
    const std::array<std::pair<const char*, const char*>, 5> more = {{{"expert.fire2", "聊城市消防救援支队"},
                                                                      {"expert.fire3", "聊城市消防救援支队"},
                                                                      {"expert.cdc1", "聊城市疾病预防控制中心"},
                                                                      {"expert.cdc2", "聊城市疾病预防控制中心"},
                                                                      {"expert.cdc3", "聊城市疾病预防控制中心"}}};
    for (const auto& [username, org] : more) {
      NewUser nu{username, PersonName(rng), kDemoPassword, ids.at("city"), org, domain::Role::kExpert};
      TRY_ASSIGN(auto u, users.CreateIn(tx, sys, nu, password_hash));
      experts.push_back(u.id);
      TRY_ASSIGN(auto ea, ActorFor(tx, u));
      expert_actors.push_back(ea);
      ++sum.users;
    }
    std::vector<const SchoolRef*> candidates;
    for (const auto& key : county_keys)
      for (const auto& sc : by_unit[key])
        if ((sc.boarding || sc.type == domain::SchoolType::kSeniorHigh) &&
            std::find(taken.begin(), taken.end(), sc.id) == taken.end())
          candidates.push_back(&sc);
    const std::array<std::vector<std::size_t>, 4> crew = {{{0, 1}, {2, 3}, {4}, {5}}};
    const std::array<int, 4> sizes = {8, 8, 7, 7};
    std::size_t next = 0;
    for (int g = 0; g < 4; ++g) {
      std::vector<std::string> schools, ex;
      for (auto e : crew[static_cast<std::size_t>(g)]) ex.push_back(experts[e]);
      // Spread over the counties: every sixth candidate.
      for (int n = 0; n < sizes[static_cast<std::size_t>(g)]; ++n, next += 6)
        schools.push_back(candidates[next % candidates.size()]->id);
      TRY_ASSIGN(auto t,
                 team("city", TeamKind::kResident, "驻点监管" + Ordinal(g + 1) + "组", "科级干部", schools, ex, "", 2));
      // The first round (fire safety) is done, by the group's first expert; the second (epidemic
      // prevention) is planned.
      const Actor& lead = expert_actors[crew[static_cast<std::size_t>(g)][0]];
      for (int round = 1; round <= 2; ++round)
        for (std::size_t n = 0; n < schools.size(); ++n) {
          const int offset = round == 1 ? -20 + static_cast<int>(n) : 10 + static_cast<int>(n);
          TRY_ASSIGN(auto ins, plan(t, schools[n], round == 1 ? tmpl["消防安全检查表"] : tmpl["疫情防控检查表"], false,
                                    round, offset));
          if (round == 1) visit(ins, lead, 2, offset, 14 * 60 + 30 * g);
        }
    }
  }
  // 11 county cross-inspection teams (县级互查) in rotation: a real journaled draw made through the
  // draw use case (app/draws.hpp): the city publishes its inspector register (three county
  // inspectors, 督学, per county), commits to a draw of 12 schools per county, at least 6 rural or
  // urban-rural fringe, and executes it with the demo's public value. The seed is fixed (derived
  // from a constant) so that the demo is the same on every machine; live draws take theirs from
  // libsodium. The draw is made four days before the cross-inspection's three days.
  tl.At(at(-4, 10 * 60), [&](Timestamp when) -> Status {
    Draws draws(s);
    Json inspectors = Json::array();
    Json counties = Json::array();
    int cert = 0;
    for (const auto& key : county_keys) {
      const std::string county_id = ids.at(key);
      counties.push_back(county_id);
      for (int n = 1; n <= 3; ++n) {
        const std::string number = std::to_string(++cert);
        inspectors.push_back(Json{{"id", "dx-" + key.substr(key.find(':') + 1) + "-" + std::to_string(n)},
                                  {"name", PersonName(rng)},
                                  {"home_unit", county_id},
                                  {"county", county_id},
                                  {"field", "education"},
                                  {"certificate", "鲁督学证" + std::string(4 - number.size(), '0') + number},
                                  {"available", true}});
      }
    }
    TRY_STATUS(draws.PublishInspectorsIn(tx, city_officer, ids.at("city"), inspectors));
    DrawRequest req;
    req.org_id = ids.at("city");
    req.name = "县级交叉互查：随机抽取受检学校和检查人员";
    req.definition = Json{
        {"as_of", date_of(when)},
        {"counties", counties},
        {"rotation", true},
        {"sample",
         {{"size", 12}, {"min_rules", Json::array({Json{{"count", 6}, {"location_classes", {"fringe", "rural"}}}})}}},
        {"team", {{"size", 2}}}};
    const auto digest = Sha256Of("anxiao-demo-cross-inspection-seed");
    const std::string seed_bytes(reinterpret_cast<const char*>(digest.data()), digest.size());
    TRY_ASSIGN(auto committed, draws.CommitIn(tx, city_officer, req, seed_bytes));
    if (!committed.draw)
      return Fail(Internal("demo cross-inspection draw infeasible: " + committed.problems[0].message));
    TRY_ASSIGN(auto drawn, draws.ExecuteIn(tx, city_officer, committed.draw->id, std::string(kDemoDrawPublicValue)));
    if (drawn.state != domain::DrawState::kExecuted)
      return Fail(Internal("demo cross-inspection draw found no teams: " + drawn.problems));
    sum.draw_id = drawn.id;
    TRY_ASSIGN(auto result, ParseJson(drawn.result));
    std::map<std::string, std::string> key_of;  // county id → demo key
    for (const auto& key : county_keys) key_of[ids.at(key)] = key;
    std::map<std::string, std::string> name_of;
    for (const auto& o : city.orgs) name_of[o.key] = o.name;
    for (const auto& dt : result["teams"]) {
      std::vector<std::string> schools;
      for (const auto& ds : dt["schools"]) schools.push_back(ds["id"].get<std::string>());
      const std::string county = dt["county"].get<std::string>();
      const std::string by_key = key_of.at(dt["inspected_by"].get<std::string>());
      // Three days in the inspected county, yesterday to tomorrow: four schools a day, eight done.
      TRY_ASSIGN(auto t, team(by_key, TeamKind::kCrossInspection,
                              name_of[by_key] + "互查组（查" + name_of[key_of.at(county)] + "）", "科级干部", schools,
                              {}, county, 1, day(-1), day(1)));
      TRY_ASSIGN(const Actor by, county_officer(by_key));
      for (std::size_t n = 0; n < schools.size(); ++n) {
        const int offset = -1 + static_cast<int>(n) / 4;
        TRY_ASSIGN(auto ins, plan(t, schools[n], tmpl["消防安全检查表"], true, 1, offset));
        if (n < 8) visit(ins, by, 2, offset, 8 * 60 + 30 + 100 * static_cast<int>(n % 4));
      }
    }
    return {};
  });
  // County census teams (县级普查) make up the 841: every county school is assigned to one, the
  // teams shared out by the counties' school counts (largest remainder). They set out after the
  // self-inspection began: one team in three has visited its first school so far.
  {
    constexpr std::int64_t kTotalTeams = 841;
    // (The draw adds one cross-inspection team per county later.)
    const std::int64_t census = kTotalTeams - sum.teams - static_cast<std::int64_t>(county_keys.size());
    std::int64_t county_schools = 0;
    for (const auto& key : county_keys) county_schools += static_cast<std::int64_t>(by_unit[key].size());
    std::vector<std::int64_t> quota(county_keys.size());
    std::vector<std::pair<std::int64_t, std::size_t>> rest;
    std::int64_t given = 0;
    for (std::size_t k = 0; k < county_keys.size(); ++k) {
      const auto n = static_cast<std::int64_t>(by_unit[county_keys[k]].size()) * census;
      quota[k] = n / county_schools;
      given += quota[k];
      rest.emplace_back(-(n % county_schools), k);
    }
    std::sort(rest.begin(), rest.end());
    for (std::size_t r = 0; given < census; ++r, ++given) ++quota[rest[r].second];
    // The census visits: the county's bureau officer checks in, its inspector reviews the
    // rectification. A stream of their own.
    Rng crng(seed ^ 0x63656e737573ULL);  // "census"
    for (std::size_t k = 0; k < county_keys.size(); ++k) {
      const auto& pool = by_unit[county_keys[k]];
      TRY_ASSIGN(const Actor by, county_officer(county_keys[k]));
      TRY_ASSIGN(const Actor reviewer, county_inspector(county_keys[k]));
      for (std::int64_t n = 0; n < quota[k]; ++n) {
        std::vector<std::string> schools;
        const auto from = static_cast<std::size_t>(n * static_cast<std::int64_t>(pool.size()) / quota[k]);
        const auto to = static_cast<std::size_t>((n + 1) * static_cast<std::int64_t>(pool.size()) / quota[k]);
        for (std::size_t i = from; i < to; ++i) schools.push_back(pool[i].id);
        TRY_ASSIGN(auto t, team(county_keys[k], TeamKind::kCountyCensus, "普查" + std::to_string(n + 1) + "组",
                                "科级干部", schools, {}, "", 1));
        // One team in three has visited its first school, one to ten weeks ago (at most one finding
        // per visit: a census visit is a quick pass, and the demo's photos are its slowest part).
        if (n % 3 != 0) continue;
        const int offset = -70 + crng.Below(64);
        TRY_ASSIGN(auto ins,
                   plan(t, schools[0], tmpl[n % 2 == 0 ? "消防安全检查表" : "校舍及设施安全检查表"], false, 1, offset));
        visit(ins, by, 1, offset, 8 * 60 + crng.Below(8 * 60), reviewer, "普查组");
      }
    }
  }

  // The fire-safety self-inspection at every school, assigned with the campaign and done by each
  // school's safety officer from the campaign's fifth day to four days ago: most submitted,
  // some in progress (begun in the last week), the rest not started yet.
  TRY_ASSIGN(sum.self_assigned,
             campaigns.AssignSelfInspectionIn(tx, city_officer, camp.id, tmpl["消防安全自查表"], "", day(14)));
  // (The steps below read the checklist and the demo school's officer when they run.)
  TRY_ASSIGN(const auto self_ver, tx.FindChecklistVersion(tmpl["消防安全自查表"], 1));
  if (!self_ver) return Fail(Internal("self-inspection checklist version missing"));
  TRY_ASSIGN(const Actor demo_officer, actor_of("school.officer"));
  {
    std::vector<std::string> no_photo;
    for (const auto& it : self_ver->items)
      if (!it.photo_required) no_photo.push_back(it.code);
    std::vector<domain::Inspection> assigned;
    for (int page = 1;; ++page) {
      domain::InspectionFilter f;
      f.viewer_scope = "/";
      f.campaign_id = camp.id;
      f.self_inspection = true;
      f.page = {page, 200};
      TRY_ASSIGN(auto got, tx.SearchInspections(f));
      for (auto& i : got.items) assigned.push_back(std::move(i));
      if (got.items.size() < 200) break;
    }
    for (const auto& i : assigned) {
      // The demo school (school.officer) has done its own, so its report has figures to show.
      const int roll = i.school_id == demo_officer.scope_org_id ? rng.Below(1) : rng.Below(100);
      if (roll >= 92) continue;  // 8 %: not started
      const bool in_progress = roll >= 84;
      const bool finding = rng.Percent(6);  // a few schools find a problem of their own
      const std::string failed =
          finding ? no_photo[static_cast<std::size_t>(rng.Below(static_cast<int>(no_photo.size())))] : "";
      const int offset = in_progress ? -7 + rng.Below(7) : kStart + 4 + rng.Below(-kStart - 7);
      const int minute = 8 * 60 + rng.Below(9 * 60);
      if (!in_progress) ++sum.self_submitted;
      tl.At(at(offset, minute), [&, i, in_progress, failed](Timestamp when) -> Status {
        const SchoolRef& sc = *school_ref.at(i.school_id);
        Actor officer = demo_officer;
        if (demo_officer.scope_org_id != sc.id) {
          // The school's safety officer signs in with an account of their own.
          NewUser nu{"aq" + sc.code, sc.safety_officer, kDemoPassword, sc.id, sc.name, domain::Role::kSchoolOfficer};
          TRY_ASSIGN(auto u, users.CreateIn(tx, sys, nu, password_hash));
          officer = Actor{u.id, domain::Role::kSchoolOfficer, sc.path, sc.id};
          ++sum.users;
        }
        TRY_ASSIGN(auto cur, inspections.CheckInIn(tx, officer, i.id, i.version, "", ""));
        std::vector<ItemInput> answers;
        const std::size_t upto = in_progress ? self_ver->items.size() / 2 : self_ver->items.size();  // half done
        for (std::size_t n = 0; n < upto; ++n) {
          ItemInput in;
          in.code = self_ver->items[n].code;
          in.result = in.code == failed ? domain::ItemResult::kFail : domain::ItemResult::kPass;
          if (in.code == failed) in.note = "自查发现：相关制度落实不到位，已列入学校隐患台账";
          answers.push_back(std::move(in));
        }
        TRY_ASSIGN(auto rec, inspections.RecordManyIn(tx, officer, i.id, answers));
        sum.hazards += static_cast<std::int64_t>(rec.hazards.size());
        if (!rec.hazards.empty()) {
          // The school rectifies its own findings; its county's inspector reviews them.
          Actor county_side = expert;  // a city-direct school's own findings: the city reviews
          if (sc.county_key != "city") {
            TRY_ASSIGN(county_side, county_inspector(sc.county_key));
          }
          for (const auto& h : rec.hazards)
            rectify(h, officer, county_side, PickFixed(vrng), when,
                    Texts{"", "", "已按学校隐患台账整改完毕，请县教体局复查", "经复查，整改到位，同意销号"});
        }
        if (in_progress) return {};
        TRY_ASSIGN(cur, inspections.SignIn(tx, officer, i.id, rec.inspection.version, domain::SignerRole::kSchool,
                                           sc.safety_officer.empty() ? sc.name + "安全员" : sc.safety_officer));
        TRY_STATUS(inspections.SubmitIn(tx, officer, i.id, cur.version));
        return {};
      });
    }
  }

  // The provincial inspection (省级督导): 20 schools (city-direct ones among them) in two rounds,
  // fifty and twenty-five days ago, 86 hazards, every one rectified and closed within two weeks.
  // (The schools visited, read by the steps below when they run.)
  std::vector<const SchoolRef*> visited;
  {
    const auto& direct = by_unit["city"];
    for (std::size_t n = 0; n < 4; ++n) visited.push_back(&direct[n * 5]);
    for (std::size_t k = 0; visited.size() < 20; ++k) {
      const auto& pool = by_unit[county_keys[k % county_keys.size()]];
      visited.push_back(&pool[(k * 7 + 3) % pool.size()]);
    }
    const std::array<const char*, 3> templates = {"消防安全检查表", "校舍及设施安全检查表", "食品安全检查表"};
    int left = 86;
    for (std::size_t v = 0; v < visited.size(); ++v) {
      const SchoolRef& sc = *visited[v];
      const std::string template_id = tmpl[templates[v % templates.size()]];
      NewInspection in;
      in.campaign_id = camp.id;
      in.school_id = sc.id;
      in.template_id = template_id;
      in.source = domain::HazardSource::kProvince;
      in.external_body = "山东省教育厅大排查大整治督导工作组";
      in.round = v < 10 ? 1 : 2;
      const int offset = v < 10 ? -50 : -25;
      in.planned_date = day(offset);
      TRY_ASSIGN(auto planned, inspections.PlanIn(tx, city_officer, in));
      ++sum.inspections;
      // 86 findings over 20 schools: 5 at the first six, 4 at the others.
      const int fails = std::min(left, v < 6 ? 5 : 4);
      left -= fails;
      sum.hazards += fails;
      tl.At(at(offset, 8 * 60 + 45 * static_cast<int>(v % 10)),
            [&, planned, v, fails, template_id](Timestamp when) -> Status {
              const SchoolRef& sc = *visited[v];
              TRY_ASSIGN(auto ins, inspections.CheckInIn(tx, city_officer, planned.id, planned.version, "", ""));
              TRY_ASSIGN(auto ver, tx.FindChecklistVersion(template_id, ins.template_version));
              if (!ver) return Fail(Internal("checklist version missing"));
              // Every third item from a school-dependent start fails (12 or more items: no item twice).
              std::set<std::size_t> failing;
              for (int j = 0; j < fails; ++j) failing.insert((v + static_cast<std::size_t>(j) * 3) % ver->items.size());
              std::vector<ItemInput> answers;
              for (std::size_t n = 0; n < ver->items.size(); ++n) {
                const auto& item = ver->items[n];
                ItemInput a;
                a.code = item.code;
                const bool fail = failing.count(n) > 0;
                a.result = fail ? domain::ItemResult::kFail : domain::ItemResult::kPass;
                if (fail) {
                  a.note = FailNote(item.category, rng);
                  if (item.photo_required) {
                    TRY_ASSIGN(auto sha, photos.Take(city_officer, seed ^ (0x70726f76ULL + v * 64 + n),
                                                     Prefix(item.text, 24), date_of(when)));
                    a.photos = {sha};
                  }
                }
                answers.push_back(std::move(a));
              }
              TRY_ASSIGN(auto rec, inspections.RecordManyIn(tx, city_officer, ins.id, answers));
              if (static_cast<int>(rec.hazards.size()) != fails)
                return Fail(Internal("provincial demo inspection found " + std::to_string(rec.hazards.size()) +
                                     " hazards, not " + std::to_string(fails)));
              TRY_ASSIGN(ins, inspections.FeedbackIn(tx, city_officer, ins.id, rec.inspection.version,
                                                     "督导组现场反馈：发现问题" + std::to_string(fails) +
                                                         "处，要求立即建立隐患台账和整改台账，限期整改到位。"));
              TRY_ASSIGN(ins, inspections.SignIn(tx, city_officer, ins.id, ins.version, domain::SignerRole::kInspector,
                                                 PersonName(rng)));
              TRY_ASSIGN(ins, inspections.SignIn(tx, city_officer, ins.id, ins.version, domain::SignerRole::kSchool,
                                                 sc.safety_officer.empty() ? sc.name : sc.safety_officer));
              TRY_STATUS(inspections.SubmitIn(tx, city_officer, ins.id, ins.version));
              // 已全部整改完毕: the city bureau rectifies with the school, the province's group reviews.
              for (const auto& h : rec.hazards)
                rectify(h, city_officer, province, Fixed::kClosed, when,
                        Texts{"按省督导组反馈意见制定整改方案，明确整改措施和完成时限",
                              "学校公用经费及市级安全专项资金列支", "已按省督导组意见整改完毕",
                              "经复查，整改到位，同意销号"});
              return {};
            });
    }
    if (left != 0) return Fail(Internal("provincial demo findings do not add up to 86"));
  }

  // Everything dispatched and planned: the activity, day by day.
  TRY_STATUS(tl.Run());
  TRY_STATUS(photos.Finish());
  return sum;
}

}  // namespace anxiao::app
