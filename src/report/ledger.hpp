#pragma once
// The hazard ledger (隐患台账) and the rectification ledger (整改台账) that county and city bureaus
// keep and hand up (PRODUCT.md §6): one row per hazard in the columns bureaus use, with Chinese
// labels. Pure: rows are built from hazards plus two name look-ups; the writers (CSV here,
// xlsx in xlsx/ledger_xlsx.hpp) turn rows into bytes.

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/hazard.hpp"

namespace anxiao::report {

enum class LedgerKind {
  kHazards,         // every hazard found (voided ones too, marked 已作废 with the reason)
  kRectifications,  // hazards with a plan: planned and beyond, not voided
};

inline constexpr std::size_t kLedgerColumns = 16;
// 序号, 学校, 隐患描述, 类别, 风险等级, 发现方式, 发现时间, 整改措施, 责任人, 整改时限, 进度,
// 完成时间, 复查人, 复查时间, 销号时间, 备注.
const std::array<std::string_view, kLedgerColumns>& LedgerHeader();

struct LedgerRow {
  domain::RiskLevel risk = domain::RiskLevel::kYellow;  // for the colour of the 风险等级 cell
  std::array<std::string, kLedgerColumns> cells;        // in LedgerHeader order; cells[0] is 序号
};

// Chinese labels. Sources use the campaign's own words (PRODUCT.md §1: 县级普查, 县级互查, 驻点监管,
// 省级督导 …), the same as the web's locale files and the rectification notice.
std::string_view CategoryLabel(domain::HazardCategory c);  // 消防安全, 校舍安全, …
std::string_view SourceLabel(domain::HazardSource s);      // 学校自查, 县级普查, …
std::string_view StateLabel(domain::HazardState s);  // 已登记, 已制定方案, 整改中, 待复查, 已销号, 已作废
std::string_view LedgerTitle(LedgerKind k);          // 隐患台账 | 整改台账

// Does `h` belong in the ledger of kind `k`?
bool InLedger(LedgerKind k, const domain::Hazard& h);

struct NameLookups {
  std::function<std::string(const std::string& school_id)> school;  // school name; empty → the id
  std::function<std::string(const std::string& user_id)> user;      // display name; empty → the id
};

// The rows of the ledger of kind `k`, numbered 1… in the order of `hazards` (those not in the
// ledger are skipped). `now` marks overdue hazards (备注 已逾期). Times are shown as China dates.
std::vector<LedgerRow> BuildLedger(LedgerKind k, const std::vector<domain::Hazard>& hazards, const NameLookups& names,
                                   Timestamp now);

// CSV (RFC 4180, CRLF line ends) in UTF-8 with a byte-order mark so that Excel reads the Chinese
// correctly: the header line, then one line per row.
std::string LedgerCsv(const std::vector<LedgerRow>& rows);
// One CSV field: quoted when it contains a comma, quote, CR or LF (quotes doubled); a leading
// = + - @ (a spreadsheet formula) is defused with an apostrophe.
std::string CsvField(std::string_view s);

}  // namespace anxiao::report
