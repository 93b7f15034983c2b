#pragma once
// The campaign bulletin (通报): the progress report a bureau publishes during a campaign, written
// like the source article (PRODUCT.md §1, seed/liaocheng-2021-school-safety-campaign.txt):
// "截至目前，市、县两级共派出N个督查组，检查各级各类学校N所，排查隐患N处，已整改N处……" followed by a
// paragraph per inspection mode ("一是……二是……") and one on closed-loop management. Generated from
// figures, never typed: the caller (the campaign use case) computes BulletinFigures from the data.
//
// Languages: simplified Chinese is written here; traditional Chinese is the simplified text
// converted by OpenCC with its s2tw configuration (Taiwan standard characters, no vocabulary
// substitution: s2twp would rewrite 视频监控 as 影片監控 and 现场查看 as 現場檢視, which changes the
// meaning of an official text); English is written separately, not translated by machine.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/hazard.hpp"

namespace anxiao::report {

enum class BulletinLang { kZhHans, kZhHant, kEn };
std::optional<BulletinLang> ParseBulletinLang(std::string_view s);  // zh-Hans | zh-Hant | en

// What a mode's inspections found, for the paragraph's examples: the hazards by category (largest
// first; the paragraph names the first three) and a few of the inspectors' findings as they wrote
// them (Chinese; the English text gives the categories only). Empty: no examples.
struct ModeFindings {
  std::vector<std::pair<domain::HazardCategory, std::int64_t>> by_category;
  std::vector<std::string> examples;
};

// Figures per mode. A mode the campaign does not use is std::nullopt and gets no paragraph.
// `schools` are the schools inspected; `schools_planned`, where given (> schools), the schools
// assigned to the mode's teams, printed as "N of M".
struct CitySupervisionFigures {  // 市级督导
  std::int64_t teams = 0, schools = 0, hazards_found = 0, hazards_closed = 0;
  std::int64_t schools_planned = 0;
  ModeFindings findings;
};
struct CityDirectFigures {  // 市直属学校: `schools` are the assigned city-direct schools
  std::int64_t teams = 0, schools = 0, private_schools = 0, hazards_found = 0, hazards_closed = 0;
  std::int64_t schools_inspected = -1;  // -1: all of them
  ModeFindings findings;
};
struct CountyCensusFigures {  // 县级普查
  std::int64_t counties = 0, schools = 0, hazards_found = 0, hazards_closed = 0;
};
struct CrossInspectionFigures {  // 县级互查
  std::int64_t teams = 0, days = 0, schools_per_county = 0, rural_minimum = 0, schools = 0, hazards_found = 0,
               hazards_closed = 0;
  ModeFindings findings;
};
struct ResidentFigures {  // 驻点监管
  std::int64_t groups = 0, experts = 0, schools = 0, rounds = 0, hazards_found = 0, hazards_closed = 0;
  ModeFindings findings;
};
struct SelfInspectionFigures {  // 学校自查自纠
  std::int64_t schools_done = 0, schools_in_scope = 0, hazards_found = 0, hazards_closed = 0;
};
struct ProvinceFigures {  // 省级督导
  std::int64_t rounds = 0, schools = 0, hazards_found = 0, hazards_closed = 0;
  ModeFindings findings;
};

struct BulletinFigures {
  // Names as printed; the English ones are written by the caller (place names in pinyin).
  std::string bureau, bureau_en;  // 聊城市教育和体育局 / Liaocheng Municipal Bureau of Education and Sports
  std::string region, region_en;  // 聊城市 / Liaocheng
  // The campaign's official (Chinese) name as the sentence uses it, and an English description
  // (city-wide school safety campaign): the English title adds the official name in parentheses,
  // the English body stays English.
  std::string campaign, campaign_en;
  Date as_of;
  // The headline: teams dispatched by the city and the county levels, schools inspected, hazards.
  std::int64_t city_teams = 0, county_teams = 0, schools_inspected = 0, hazards_found = 0, hazards_closed = 0;
  // Closed-loop figures: by risk level, overdue.
  std::int64_t major_found = 0, major_closed = 0, overdue = 0;

  std::optional<CitySupervisionFigures> city_supervision;
  std::optional<CityDirectFigures> city_direct;
  std::optional<CountyCensusFigures> county_census;
  std::optional<CrossInspectionFigures> cross_inspection;
  std::optional<ResidentFigures> resident;
  std::optional<SelfInspectionFigures> self_inspection;
  std::optional<ProvinceFigures> province;
};

// kInvalidInput "invalid_figures" naming the field when a figure is negative or a part exceeds its
// whole (closed > found, private > schools, done > in scope, …), or a name is missing.
Status ValidateBulletin(const BulletinFigures& f);

// The title line, e.g. 关于全市校园安全隐患大排查大整治集中行动进展情况的通报.
Result<std::string> BulletinTitle(const BulletinFigures& f, BulletinLang lang);
// The body: paragraphs separated by a blank line, no title.
Result<std::string> BulletinText(const BulletinFigures& f, BulletinLang lang);

// Simplified → traditional (Taiwan standard) with OpenCC s2tw, and the quotation marks Taiwan
// uses (“” → 「」, ‘’ → 『』: s2tw converts characters, not punctuation). The converter is loaded once and
// shared; calls are serialised by a mutex. kInternal if OpenCC's data is missing.
Result<std::string> ToTraditional(const std::string& simplified);

// The bulletin as an A4 PDF in the red-header style: the bureau's red header, the title, the body,
// the issuing bureau and the date. kInvalidInput as ValidateBulletin; kInternal if Cairo fails.
Result<std::string> RenderBulletinPdf(const BulletinFigures& f, BulletinLang lang);

}  // namespace anxiao::report
