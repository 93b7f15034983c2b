#include "report/ledger.hpp"

#include <optional>

namespace anxiao::report {

using domain::Hazard;
using domain::HazardCategory;
using domain::HazardSource;
using domain::HazardState;

const std::array<std::string_view, kLedgerColumns>& LedgerHeader() {
  static const std::array<std::string_view, kLedgerColumns> k = {
      "序号",   "学校",     "隐患描述", "类别",     "风险等级", "发现方式", "发现时间", "整改措施",
      "责任人", "整改时限", "进度",     "完成时间", "复查人",   "复查时间", "销号时间", "备注"};
  return k;
}

std::string_view CategoryLabel(HazardCategory c) {
  switch (c) {
    case HazardCategory::kFire: return "消防安全";
    case HazardCategory::kBuildings: return "校舍安全";
    case HazardCategory::kFood: return "食品安全";
    case HazardCategory::kTraffic: return "交通安全";
    case HazardCategory::kLabChemicals: return "实验室及危化品";
    case HazardCategory::kSecurity: return "治安安保";
    case HazardCategory::kDormitory: return "宿舍安全";
    case HazardCategory::kDrowning: return "防溺水";
    case HazardCategory::kEpidemic: return "传染病防控";
    case HazardCategory::kLargeEvents: return "大型活动";
    case HazardCategory::kOther: return "其他";
  }
  return "其他";
}

std::string_view SourceLabel(HazardSource s) {
  switch (s) {
    case HazardSource::kSelf: return "学校自查";
    case HazardSource::kCountyCensus: return "县级普查";
    case HazardSource::kCountySpotCheck: return "县级抽查";
    case HazardSource::kCitySupervision: return "市级督导";
    case HazardSource::kCrossInspection: return "县级互查";
    case HazardSource::kResident: return "驻点监管";
    case HazardSource::kThematic: return "专项检查";
    case HazardSource::kProvince: return "省级督导";
    case HazardSource::kOtherDepartment: return "部门检查";
    case HazardSource::kPublicReport: return "社会举报";
  }
  return "其他";
}

std::string_view StateLabel(HazardState s) {
  switch (s) {
    case HazardState::kRegistered: return "已登记";
    case HazardState::kPlanned: return "已制定方案";
    case HazardState::kRectifying: return "整改中";
    case HazardState::kAwaitingReview: return "待复查";
    case HazardState::kClosed: return "已销号";
    case HazardState::kVoided: return "已作废";
  }
  return "?";
}

std::string_view LedgerTitle(LedgerKind k) { return k == LedgerKind::kHazards ? "隐患台账" : "整改台账"; }

bool InLedger(LedgerKind k, const Hazard& h) {
  if (k == LedgerKind::kHazards) return true;
  return h.state != HazardState::kRegistered && h.state != HazardState::kVoided;
}

namespace {

// An ISO timestamp as its China date; "" when empty or unparsable.
std::string ChinaDay(const std::string& iso) {
  if (iso.empty()) return {};
  auto t = ParseIso(iso);
  return t ? FormatDate(ChinaDateOf(*t)) : std::string();
}

std::string Lookup(const std::function<std::string(const std::string&)>& f, const std::string& id) {
  if (id.empty()) return {};
  if (!f) return id;
  auto n = f(id);
  return n.empty() ? id : n;
}

void Append(std::string& out, std::string_view part) {
  if (part.empty()) return;
  if (!out.empty()) out += "；";
  out += part;
}

}  // namespace

std::vector<LedgerRow> BuildLedger(LedgerKind k, const std::vector<Hazard>& hazards, const NameLookups& names,
                                   Timestamp now) {
  std::vector<LedgerRow> rows;
  for (const auto& h : hazards) {
    if (!InLedger(k, h)) continue;
    LedgerRow r;
    r.risk = h.risk_level;
    auto& c = r.cells;
    c[0] = std::to_string(rows.size() + 1);
    c[1] = Lookup(names.school, h.school_id);
    c[2] = h.description;
    if (!h.location.empty()) c[2] += "（" + h.location + "）";
    c[3] = CategoryLabel(h.category);
    c[4] = domain::ChineseName(h.risk_level);
    c[5] = SourceLabel(h.source);
    c[6] = FormatDate(h.found_at);
    c[7] = h.measures;
    c[8] = h.responsible_person;
    c[9] = FormatDate(h.deadline);
    c[10] = StateLabel(h.state);
    if (h.state == HazardState::kRectifying && !h.last_progress_note.empty()) c[10] += "：" + h.last_progress_note;
    // 完成时间: the school finished the rectification when it submitted it for review; a rejected
    // submission does not count, so only hazards under review or closed show one.
    const bool done = h.state == HazardState::kAwaitingReview || h.state == HazardState::kClosed;
    c[11] = done ? ChinaDay(h.submitted_at) : std::string();
    c[12] = Lookup(names.user, h.reviewed_by);
    c[13] = ChinaDay(h.reviewed_at);
    c[14] = h.state == HazardState::kClosed ? ChinaDay(h.closed_at) : std::string();
    std::string note;
    if (!h.number.empty()) Append(note, "编号" + h.number);
    if (h.state == HazardState::kVoided) Append(note, "作废：" + h.voided_reason);
    if (domain::IsOverdue(h, now)) Append(note, "已逾期");
    if (h.closed_for_use) Append(note, "停用整改");
    if (h.extension_count > 0) Append(note, "延期" + std::to_string(h.extension_count) + "次");
    if (h.rejection_count > 0) Append(note, "复查退回" + std::to_string(h.rejection_count) + "次");
    c[15] = note;
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace anxiao::report
