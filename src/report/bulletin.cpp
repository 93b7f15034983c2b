#include "report/bulletin.hpp"

#include <fmt/format.h>
#include <opencc/opencc.h>

#include <array>
#include <mutex>
#include <vector>

#include "report/ledger.hpp"
#include "report/pdf/pdf_kit.hpp"

namespace anxiao::report {

namespace {

constexpr std::array<const char*, 7> kZhOrdinals = {"一", "二", "三", "四", "五", "六", "七"};
constexpr std::array<const char*, 7> kEnOrdinals = {"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh"};
constexpr std::array<const char*, 12> kEnMonths = {"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};

std::string ZhDate(Date d) { return pdf::ChineseDate(d.year, d.month, d.day); }
std::string EnDate(Date d) { return fmt::format("{} {} {}", d.day, kEnMonths[d.month - 1], d.year); }

// 3043 → 3,043: English groups thousands; Chinese official texts print plain digits.
std::string EnNum(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}
std::string EnCount(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", EnNum(n), n == 1 ? one : many);
}

// Share closed as a percentage with one decimal, rounded half up; "" when nothing was found.
std::string Percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "";
  std::int64_t tenths = (part * 1000 + whole / 2) / whole;
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

const ModeFindings kNoFindings;
constexpr std::size_t kMaxCategories = 3, kMaxExamples = 2;

std::string EnCategory(domain::HazardCategory c) {
  using C = domain::HazardCategory;
  switch (c) {
    case C::kFire: return "fire safety";
    case C::kBuildings: return "school buildings";
    case C::kFood: return "food safety";
    case C::kTraffic: return "traffic and school buses";
    case C::kLabChemicals: return "laboratory chemicals";
    case C::kSecurity: return "security";
    case C::kDormitory: return "dormitories";
    case C::kDrowning: return "drowning prevention";
    case C::kEpidemic: return "epidemic prevention";
    case C::kLargeEvents: return "large events";
    case C::kOther: return "other matters";
  }
  return "other matters";
}

// （消防安全12处、校舍安全5处），主要是…、…等问题
std::string ZhFindings(const ModeFindings& m, std::int64_t found) {
  std::string out;
  if (m.by_category.size() == 1 && m.by_category[0].second == found) {
    out = fmt::format("，均为{}隐患", CategoryLabel(m.by_category[0].first));
  } else if (!m.by_category.empty()) {
    out = "（";
    for (std::size_t k = 0; k < m.by_category.size() && k < kMaxCategories; ++k)
      out += fmt::format("{}{}{}处", k ? "、" : "", CategoryLabel(m.by_category[k].first), m.by_category[k].second);
    out += "）";
  }
  if (!m.examples.empty()) {
    out += "，主要是";
    for (std::size_t k = 0; k < m.examples.size() && k < kMaxExamples; ++k) out += (k ? "、" : "") + m.examples[k];
    out += "等问题";
  }
  return out;
}
// " (fire safety 12, school buildings 5)" or ", all in fire safety"
std::string EnFindings(const ModeFindings& m, std::int64_t found) {
  if (m.by_category.empty()) return "";
  if (m.by_category.size() == 1 && m.by_category[0].second == found)
    return found == 1 ? fmt::format(" in {}", EnCategory(m.by_category[0].first))
                      : fmt::format(", all in {}", EnCategory(m.by_category[0].first));
  std::string out = " (";
  for (std::size_t k = 0; k < m.by_category.size() && k < kMaxCategories; ++k)
    out += fmt::format("{}{} {}", k ? ", " : "", EnCategory(m.by_category[k].first), EnNum(m.by_category[k].second));
  return out + ")";
}

std::string ZhFoundClosed(std::int64_t found, std::int64_t closed, const char* verb = "发现",
                          const ModeFindings& m = kNoFindings) {
  if (found == 0) return "未发现隐患";
  if (closed == found) return fmt::format("{}隐患{}处{}，已全部整改", verb, found, ZhFindings(m, found));
  return fmt::format("{}隐患{}处{}，已整改{}处", verb, found, ZhFindings(m, found), closed);
}
std::string EnFoundClosed(std::int64_t found, std::int64_t closed, const ModeFindings& m = kNoFindings) {
  if (found == 0) return "finding no hazards";
  if (closed == found)
    return fmt::format("finding {}{}, all of which have been rectified", EnCount(found, "hazard", "hazards"),
                       EnFindings(m, found));
  return fmt::format("finding {}{}, of which {} {} been rectified", EnCount(found, "hazard", "hazards"),
                     EnFindings(m, found), EnNum(closed), closed == 1 ? "has" : "have");
}
// 一 … 十 for rounds (两 for 2, as in 已完成两轮); digits beyond ten.
std::string ZhSmall(std::int64_t n) {
  static constexpr std::array<const char*, 10> kSmall = {"一", "两", "三", "四", "五", "六", "七", "八", "九", "十"};
  return n >= 1 && n <= 10 ? kSmall[static_cast<std::size_t>(n - 1)] : std::to_string(n);
}

Status Check(bool ok, const char* field, const char* what) {
  if (ok) return {};
  return Fail(InvalidInput("invalid_figures", fmt::format("{}: {}", field, what), field));
}
Status CheckPart(std::int64_t part, std::int64_t whole, const char* field) {
  TRY_STATUS(Check(part >= 0 && whole >= 0, field, "figures may not be negative"));
  return Check(part <= whole, field, "a part exceeds its whole");
}

std::string ZhText(const BulletinFigures& f) {
  std::vector<std::string> p;
  const std::int64_t open = f.hazards_found - f.hazards_closed;
  std::string rate = Percent(f.hazards_closed, f.hazards_found);
  p.push_back(fmt::format(
      "截至{}，{}教体系统全面深入开展{}，市、县两级共派出{}个督查组（其中市级{}个、县级{}个），检查各级各类学校{}所，"
      "排查隐患{}处，已整改{}处{}。",
      ZhDate(f.as_of), f.region, f.campaign, f.city_teams + f.county_teams, f.city_teams, f.county_teams,
      f.schools_inspected, f.hazards_found, f.hazards_closed, rate.empty() ? "" : "，整改率" + rate));
  p.push_back(
      "多轮督导，全面覆盖。按照全面覆盖、多轮检查的方式，系统内部上下联动，部门之间紧密配合，"
      "深入开展教体领域安全隐患大排查大整治。");
  std::size_t k = 0;
  auto ord = [&] { return std::string(kZhOrdinals[k++]) + "是"; };
  if (const auto& m = f.city_supervision) {
    p.push_back(fmt::format(
        "{}开展市级督导检查专项行动。组成{}个市级督导组，开展全市学校安全大检查活动，{}，{}。", ord(), m->teams,
        m->schools_planned > m->schools ? fmt::format("计划检查学校{}所，已检查{}所", m->schools_planned, m->schools)
                                        : fmt::format("共检查学校{}所", m->schools),
        ZhFoundClosed(m->hazards_found, m->hazards_closed, "发现", m->findings)));
  }
  if (const auto& m = f.city_direct) {
    const bool all = m->schools_inspected < 0 || m->schools_inspected >= m->schools;
    p.push_back(fmt::format(
        "{}开展市直属学校安全隐患大排查大整治专项活动。抽调{}个督查组，对市直属{}所学校{}{}，{}。", ord(), m->teams,
        m->schools, m->private_schools > 0 ? fmt::format("（含民办学校{}所）", m->private_schools) : "",
        all ? std::string("进行了督导检查") : fmt::format("开展督导检查，已检查{}所", m->schools_inspected),
        ZhFoundClosed(m->hazards_found, m->hazards_closed, "发现", m->findings)));
  }
  if (const auto& m = f.county_census) {
    p.push_back(fmt::format("{}开展县级隐患普查。{}个县（市、区）对所属{}所学校逐校开展安全隐患普查，{}。", ord(),
                            m->counties, m->schools, ZhFoundClosed(m->hazards_found, m->hazards_closed, "排查")));
  }
  if (const auto& m = f.cross_inspection) {
    p.push_back(
        fmt::format("{}开展县级互查专项活动。抽调{}"
                    "个检查组，采用县域之间依次互查的方式，对各县（市、区）所属学校实施为期{}天的精准检查，"
                    "每县随机抽查学校{}所（其中农村、城乡结合部学校不少于{}所），{}学校{}所，{}。",
                    ord(), m->teams, m->days, m->schools_per_county, m->rural_minimum,
                    m->schools < m->teams * m->schools_per_county ? "已检查" : "共抽查", m->schools,
                    ZhFoundClosed(m->hazards_found, m->hazards_closed, "发现", m->findings)));
  }
  if (const auto& m = f.resident) {
    p.push_back(fmt::format(
        "{}实行驻点监管。成立{}个驻点监管工作组，聘请{}名专家，对{}所学校的安全和疫情防控情况进行现场督导检查，"
        "已完成{}驻点监督检查，{}。",
        ord(), m->groups, m->experts, m->schools, m->rounds == 1 ? std::string("第一轮") : ZhSmall(m->rounds) + "轮",
        ZhFoundClosed(m->hazards_found, m->hazards_closed, "发现", m->findings)));
  }
  if (const auto& m = f.self_inspection) {
    std::string done =
        m->schools_done == m->schools_in_scope
            ? fmt::format("各级各类学校{}所全部完成安全隐患自查自纠", m->schools_in_scope)
            : fmt::format("各级各类学校{}所中已有{}所完成安全隐患自查自纠", m->schools_in_scope, m->schools_done);
    p.push_back(fmt::format("{}开展学校自查自纠。{}，{}。", ord(), done,
                            ZhFoundClosed(m->hazards_found, m->hazards_closed, "自查发现")));
  }
  if (const auto& m = f.province) {
    const std::string cats = ZhFindings(m->findings, m->hazards_found);
    std::string result = m->hazards_found == 0 ? "未发现隐患"
                         : m->hazards_closed == m->hazards_found
                             ? fmt::format("排查各类隐患{}处{}，现已全部整改完毕", m->hazards_found, cats)
                             : fmt::format("排查各类隐患{}处{}，已整改{}处", m->hazards_found, cats, m->hazards_closed);
    p.push_back(fmt::format("{}迎接省级专项督导检查。省督导工作组对{}进行了{}督导检查，共检查学校{}所，{}。", ord(),
                            f.region, ZhSmall(m->rounds) + "轮", m->schools, result));
  }
  std::string overdue = f.overdue > 0 ? fmt::format("，其中逾期未整改{}处", f.overdue) : "，无逾期未整改隐患";
  p.push_back(fmt::format(
      "闭环管理，彻底整改。对学校自查自纠、县级普查抽查、省市督导检查发现的隐患严格实行闭环管理，做到隐患数量、风险等级"
      "、"
      "整改措施、整改时限、整改进度“五个心中有数”。目前共排查隐患{}处，已整改{}处，正在整改{}处{}；其中重大隐患{}处，"
      "已整改{}"
      "处。对尚未整改的隐患，逐条明确整改措施、责任人和整改时限，挂账督办，整改一处、销号一处，确保所有隐患彻底整改到位"
      "。",
      f.hazards_found, f.hazards_closed, open, open > 0 ? overdue : "", f.major_found, f.major_closed));
  std::string out;
  for (const auto& s : p) {
    if (!out.empty()) out += "\n\n";
    out += s;
  }
  return out;
}

std::string EnText(const BulletinFigures& f) {
  std::vector<std::string> p;
  const std::int64_t open = f.hazards_found - f.hazards_closed;
  std::string rate = Percent(f.hazards_closed, f.hazards_found);
  p.push_back(fmt::format(
      "As of {}, the education and sports system of {} has been carrying out the {}. The city and county levels "
      "have dispatched {} ({} at city level and {} at county level) and inspected {} of all levels and types. "
      "{} {} been found, of which {} {} been rectified{}.",
      EnDate(f.as_of), f.region_en, f.campaign_en,
      EnCount(f.city_teams + f.county_teams, "inspection team", "inspection teams"), EnNum(f.city_teams),
      EnNum(f.county_teams), EnCount(f.schools_inspected, "school", "schools"),
      EnCount(f.hazards_found, "hazard", "hazards"), f.hazards_found == 1 ? "has" : "have", EnNum(f.hazards_closed),
      f.hazards_closed == 1 ? "has" : "have", rate.empty() ? "" : " (" + rate + ")"));
  p.push_back(
      "Several rounds of inspection, full coverage. The campaign covers every school in several rounds, with the "
      "levels of the system working together and with the other departments concerned.");
  std::size_t k = 0;
  auto ord = [&] { return std::string(kEnOrdinals[k++]); };
  if (const auto& m = f.city_supervision) {
    p.push_back(fmt::format("{}, city-level supervision: {} led by the city {}, {}.", ord(),
                            EnCount(m->teams, "supervision team", "supervision teams"),
                            m->schools_planned > m->schools
                                ? fmt::format("have inspected {} of the {} assigned to them", EnNum(m->schools),
                                              EnCount(m->schools_planned, "school", "schools"))
                                : fmt::format("inspected {}", EnCount(m->schools, "school", "schools")),
                            EnFoundClosed(m->hazards_found, m->hazards_closed, m->findings)));
  }
  if (const auto& m = f.city_direct) {
    const bool all = m->schools_inspected < 0 || m->schools_inspected >= m->schools;
    p.push_back(
        fmt::format("{}, schools directly under the city: {} {}{}, {}.", ord(), EnCount(m->teams, "team", "teams"),
                    all ? "inspected " + EnCount(m->schools, "city-direct school", "city-direct schools")
                        : fmt::format("have inspected {} of the {}", EnNum(m->schools_inspected),
                                      EnCount(m->schools, "city-direct school", "city-direct schools")),
                    m->private_schools > 0 ? fmt::format(" ({} of them private)", EnNum(m->private_schools)) : "",
                    EnFoundClosed(m->hazards_found, m->hazards_closed, m->findings)));
  }
  if (const auto& m = f.county_census) {
    p.push_back(fmt::format("{}, county census: {} surveyed {} one by one, {}.", ord(),
                            EnCount(m->counties, "county-level unit", "county-level units"),
                            EnCount(m->schools, "school", "schools"),
                            EnFoundClosed(m->hazards_found, m->hazards_closed)));
  }
  if (const auto& m = f.cross_inspection) {
    const bool ongoing = m->schools < m->teams * m->schools_per_county;
    p.push_back(fmt::format(
        "{}, cross-inspection between counties: {} {} the counties in rotation over {}, drawing {} at random in "
        "each county (at least {} of them rural or on the urban-rural fringe); {} {}, {}.",
        ord(), EnCount(m->teams, "team", "teams"), ongoing ? "are inspecting" : "inspected",
        EnCount(m->days, "day", "days"), EnCount(m->schools_per_county, "school", "schools"), EnNum(m->rural_minimum),
        ongoing ? "so far they have inspected" : "they inspected", EnCount(m->schools, "school", "schools"),
        EnFoundClosed(m->hazards_found, m->hazards_closed, m->findings)));
  }
  if (const auto& m = f.resident) {
    p.push_back(fmt::format(
        "{}, resident supervision: {} with {} checked safety and epidemic prevention on site at {} and have completed "
        "{} so far, {}.",
        ord(), EnCount(m->groups, "stationed working group", "stationed working groups"),
        EnCount(m->experts, "external expert", "external experts"), EnCount(m->schools, "school", "schools"),
        m->rounds == 1 ? std::string("the first round") : EnCount(m->rounds, "round", "rounds"),
        EnFoundClosed(m->hazards_found, m->hazards_closed, m->findings)));
  }
  if (const auto& m = f.self_inspection) {
    std::string done = m->schools_done == m->schools_in_scope
                           ? fmt::format("all {} have completed their own safety self-inspection",
                                         EnCount(m->schools_in_scope, "school", "schools"))
                           : fmt::format("{} of {} schools have completed their own safety self-inspection",
                                         EnNum(m->schools_done), EnNum(m->schools_in_scope));
    p.push_back(fmt::format("{}, self-inspection by the schools: {}, {}.", ord(), done,
                            EnFoundClosed(m->hazards_found, m->hazards_closed)));
  }
  if (const auto& m = f.province) {
    p.push_back(fmt::format(
        "{}, provincial supervision: the provincial team carried out {} of inspection in {}, visiting {} and {}.",
        ord(), EnCount(m->rounds, "round", "rounds"), f.region_en, EnCount(m->schools, "school", "schools"),
        EnFoundClosed(m->hazards_found, m->hazards_closed, m->findings)));
  }
  std::string overdue = f.overdue > 0 ? fmt::format(" ({} overdue)", EnNum(f.overdue)) : " (none overdue)";
  p.push_back(fmt::format(
      "Closed-loop management, thorough rectification. Every hazard, whoever found it, is managed in a closed loop, so "
      "that at every level the number of hazards, their risk levels, the measures, the deadlines and the progress are "
      "known (the \"five knowns\"). Of the {} found, {} {} been rectified and {} {} still being rectified{}; {} "
      "{} major, of which {} {} been rectified. Each open hazard has its measures, a responsible person and a "
      "deadline, "
      "is tracked on the ledger and is closed only when verified fixed.",
      EnCount(f.hazards_found, "hazard", "hazards"), EnNum(f.hazards_closed), f.hazards_closed == 1 ? "has" : "have",
      EnNum(open), open == 1 ? "is" : "are", open > 0 ? overdue : "", EnNum(f.major_found),
      f.major_found == 1 ? "was" : "were", EnNum(f.major_closed), f.major_closed == 1 ? "has" : "have"));
  std::string out;
  for (const auto& s : p) {
    if (!out.empty()) out += "\n\n";
    out += s;
  }
  return out;
}

}  // namespace

std::optional<BulletinLang> ParseBulletinLang(std::string_view s) {
  if (s == "zh-Hans") return BulletinLang::kZhHans;
  if (s == "zh-Hant") return BulletinLang::kZhHant;
  if (s == "en") return BulletinLang::kEn;
  return std::nullopt;
}

Status ValidateBulletin(const BulletinFigures& f) {
  TRY_STATUS(Check(!f.bureau.empty() && !f.bureau_en.empty(), "bureau", "the bureau's names are required"));
  TRY_STATUS(Check(!f.region.empty() && !f.region_en.empty(), "region", "the region's names are required"));
  TRY_STATUS(Check(!f.campaign.empty() && !f.campaign_en.empty(), "campaign", "the campaign's names are required"));
  TRY_STATUS(Check(f.city_teams >= 0 && f.county_teams >= 0 && f.schools_inspected >= 0, "teams",
                   "figures may not be negative"));
  TRY_STATUS(CheckPart(f.hazards_closed, f.hazards_found, "hazards_closed"));
  TRY_STATUS(CheckPart(f.major_closed, f.major_found, "major_closed"));
  TRY_STATUS(CheckPart(f.major_found, f.hazards_found, "major_found"));
  TRY_STATUS(CheckPart(f.overdue, f.hazards_found - f.hazards_closed, "overdue"));
  auto found_closed = [](std::int64_t found, std::int64_t closed, std::int64_t teams, std::int64_t schools,
                         const char* field) -> Status {
    TRY_STATUS(Check(teams >= 0 && schools >= 0, field, "figures may not be negative"));
    return CheckPart(closed, found, field);
  };
  if (const auto& m = f.city_supervision) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, m->teams, m->schools, "city_supervision"));
  }
  if (const auto& m = f.city_direct) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, m->teams, m->schools, "city_direct"));
    TRY_STATUS(CheckPart(m->private_schools, m->schools, "city_direct"));
  }
  if (const auto& m = f.county_census) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, m->counties, m->schools, "county_census"));
  }
  if (const auto& m = f.cross_inspection) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, m->teams, m->schools, "cross_inspection"));
    TRY_STATUS(Check(m->days >= 0, "cross_inspection", "figures may not be negative"));
    TRY_STATUS(CheckPart(m->rural_minimum, m->schools_per_county, "cross_inspection"));
  }
  if (const auto& m = f.resident) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, m->groups, m->schools, "resident"));
    TRY_STATUS(Check(m->experts >= 0 && m->rounds >= 0, "resident", "figures may not be negative"));
  }
  if (const auto& m = f.self_inspection) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, 0, m->schools_in_scope, "self_inspection"));
    TRY_STATUS(CheckPart(m->schools_done, m->schools_in_scope, "self_inspection"));
  }
  if (const auto& m = f.province) {
    TRY_STATUS(found_closed(m->hazards_found, m->hazards_closed, m->rounds, m->schools, "province"));
  }
  return {};
}

Result<std::string> ToTraditional(const std::string& simplified) {
  static std::mutex mu;
  static opencc_t converter = opencc_open("s2tw.json");
  if (converter == reinterpret_cast<opencc_t>(-1)) {
    return Fail(Internal(fmt::format("opencc_open(s2tw.json): {}", opencc_error())));
  }
  std::lock_guard lock(mu);
  char* out = opencc_convert_utf8(converter, simplified.data(), simplified.size());
  if (out == nullptr) return Fail(Internal(fmt::format("opencc_convert_utf8: {}", opencc_error())));
  std::string result(out);
  opencc_convert_utf8_free(out);
  for (const auto& [from, to] : std::array<std::pair<std::string_view, std::string_view>, 4>{
           {{"“", "「"}, {"”", "」"}, {"‘", "『"}, {"’", "』"}}}) {
    for (std::size_t at = result.find(from); at != std::string::npos; at = result.find(from, at + to.size()))
      result.replace(at, from.size(), to);
  }
  return result;
}

Result<std::string> BulletinTitle(const BulletinFigures& f, BulletinLang lang) {
  TRY_STATUS(ValidateBulletin(f));
  switch (lang) {
    case BulletinLang::kEn: return fmt::format("Progress of the {} in {} ({})", f.campaign_en, f.region_en, f.campaign);
    case BulletinLang::kZhHans: return fmt::format("关于{}{}进展情况的通报", f.region, f.campaign);
    case BulletinLang::kZhHant: return ToTraditional(fmt::format("关于{}{}进展情况的通报", f.region, f.campaign));
  }
  return Fail(Internal("unknown bulletin language"));
}

Result<std::string> BulletinText(const BulletinFigures& f, BulletinLang lang) {
  TRY_STATUS(ValidateBulletin(f));
  switch (lang) {
    case BulletinLang::kEn: return EnText(f);
    case BulletinLang::kZhHans: return ZhText(f);
    case BulletinLang::kZhHant: return ToTraditional(ZhText(f));
  }
  return Fail(Internal("unknown bulletin language"));
}

Result<std::string> RenderBulletinPdf(const BulletinFigures& f, BulletinLang lang) {
  TRY_ASSIGN(std::string title, BulletinTitle(f, lang));
  TRY_ASSIGN(std::string body, BulletinText(f, lang));
  const bool en = lang == BulletinLang::kEn;
  const pdf::Script script = lang == BulletinLang::kZhHant ? pdf::Script::kTraditional : pdf::Script::kSimplified;
  std::string bureau = f.bureau;
  std::string date = ZhDate(f.as_of);
  if (en) {
    bureau = f.bureau_en;
    date = EnDate(f.as_of);
  } else if (lang == BulletinLang::kZhHant) {
    TRY_ASSIGN(bureau, ToTraditional(f.bureau));
  }
  auto created = pdf::Document::Create(title);
  if (!created) return Fail(created.error());
  pdf::Document& d = **created;
  int page = 1;
  auto folio = [&] { d.Folio(page, "", script); };

  double y = d.RedHeader(bureau, "", script);
  pdf::Text t =
      d.Layout(title, pdf::SerifFont(script, true, en ? 16 : 18), pdf::kTextWidth, pdf::Align::kCenter, 0, 1.2);
  d.Draw(t, pdf::kLeft, y);
  y += t.Height() + 6 * pdf::kMm;

  const std::string font = pdf::SerifFont(script, false, en ? 12 : 13);
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    // Chinese paragraphs open with a two-character indent; English ones are set flush with space between.
    std::string para = (en ? "" : "　　") + body.substr(start, end - start);
    pdf::Text pt = d.Layout(para, font, pdf::kTextWidth, pdf::Align::kLeft, 0, en ? 1.35 : 1.45);
    if (y + pt.Height() > pdf::kBottom) {
      folio();
      d.NextPage();
      ++page;
      y = pdf::kTop;
    }
    d.Draw(pt, pdf::kLeft, y);
    y += pt.Height() + (en ? 2.5 : 1.5) * pdf::kMm;
    start = end + 2;
  }
  // The English bureau's name is long: a wider block keeps the signature to two lines.
  const double sig_width = (en ? 130 : 75) * pdf::kMm;
  pdf::Text sig = d.Layout(bureau + "\n" + date, font, sig_width, pdf::Align::kCenter, 0, en ? 1.3 : 1.5);
  if (y + 10 * pdf::kMm + sig.Height() > pdf::kBottom) {
    folio();
    d.NextPage();
    ++page;
    y = pdf::kTop;
  }
  d.Draw(sig, pdf::kLeft + pdf::kTextWidth - sig_width, y + 10 * pdf::kMm);
  folio();
  return d.Finish();
}

}  // namespace anxiao::report
