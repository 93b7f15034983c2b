#include "report/ledger.hpp"

#include <gtest/gtest.h>

#include "report/xlsx/ledger_xlsx.hpp"

namespace anxiao::report {
namespace {

using domain::Hazard;
using domain::HazardSource;
using domain::HazardState;
using domain::RiskLevel;

Hazard H(const std::string& id, HazardState st, RiskLevel r = RiskLevel::kYellow) {
  Hazard h;
  h.id = id;
  h.number = "371524-2026-00000" + id;
  h.school_id = "sch_1";
  h.description = "疏散通道堆放杂物";
  h.location = "教学楼一楼";
  h.category = domain::HazardCategory::kFire;
  h.source = domain::HazardSource::kCountySpotCheck;
  h.risk_level = r;
  h.state = st;
  h.found_at = Date{2026, 11, 1};
  h.deadline = Date{2026, 11, 8};
  return h;
}

NameLookups Names() {
  return NameLookups{
      [](const std::string& id) { return id == "sch_1" ? std::string("东阿县实验小学") : std::string(); },
      [](const std::string& id) { return id == "usr_r" ? std::string("督导王") : std::string(); }};
}

Timestamp At(const char* iso) { return *ParseIso(iso); }

TEST(Ledger, HeaderIsTheBureauColumns) {
  const auto& h = LedgerHeader();
  EXPECT_EQ(h[0], "序号");
  EXPECT_EQ(h[1], "学校");
  EXPECT_EQ(h[4], "风险等级");
  EXPECT_EQ(h[15], "备注");
}

TEST(Ledger, RowsCarryChineseLabels) {
  auto h = H("1", HazardState::kRegistered, RiskLevel::kOrange);
  auto rows = BuildLedger(LedgerKind::kHazards, {h}, Names(), At("2026-11-02T00:00:00.000Z"));
  ASSERT_EQ(rows.size(), 1u);
  const auto& c = rows[0].cells;
  EXPECT_EQ(c[0], "1");
  EXPECT_EQ(c[1], "东阿县实验小学");
  EXPECT_EQ(c[2], "疏散通道堆放杂物（教学楼一楼）");
  EXPECT_EQ(c[3], "消防安全");
  EXPECT_EQ(c[4], "较大");
  EXPECT_EQ(c[5], "县级抽查");
  EXPECT_EQ(c[6], "2026-11-01");
  EXPECT_EQ(c[9], "2026-11-08");
  EXPECT_EQ(c[10], "已登记");
  EXPECT_EQ(c[15], "编号371524-2026-000001");
  EXPECT_EQ(rows[0].risk, RiskLevel::kOrange);
}

TEST(Ledger, OnlyASubmissionUnderReviewOrClosedIsACompletionTime) {
  auto h = H("3", HazardState::kRectifying);  // submitted once, then rejected
  h.submitted_at = "2026-11-05T02:00:00.000Z";
  auto rows = BuildLedger(LedgerKind::kRectifications, {h}, Names(), At("2026-11-07T00:00:00.000Z"));
  EXPECT_EQ(rows[0].cells[11], "");
  h.state = HazardState::kAwaitingReview;
  rows = BuildLedger(LedgerKind::kRectifications, {h}, Names(), At("2026-11-07T00:00:00.000Z"));
  EXPECT_EQ(rows[0].cells[11], "2026-11-05");
}

TEST(Ledger, SourcesUseTheCampaignTerms) {
  // The words of the source article's campaign modes and teams (PRODUCT.md §1).
  EXPECT_EQ(SourceLabel(HazardSource::kCountyCensus), "县级普查");
  EXPECT_EQ(SourceLabel(HazardSource::kCitySupervision), "市级督导");
  EXPECT_EQ(SourceLabel(HazardSource::kCrossInspection), "县级互查");
  EXPECT_EQ(SourceLabel(HazardSource::kResident), "驻点监管");
  EXPECT_EQ(SourceLabel(HazardSource::kProvince), "省级督导");
  EXPECT_EQ(SourceLabel(HazardSource::kOtherDepartment), "部门检查");
}

TEST(Ledger, ClosedRowHasReviewAndCloseDatesInChinaTime) {
  auto h = H("2", HazardState::kClosed);
  h.measures = "清理杂物";
  h.responsible_person = "张三";
  h.submitted_at = "2026-11-05T15:59:00.000Z";  // 2026-11-05 23:59 in Beijing
  h.reviewed_by = "usr_r";
  h.reviewed_at = "2026-11-06T17:30:00.000Z";  // 2026-11-07 01:30 in Beijing
  h.closed_at = "2026-11-06T17:30:00.000Z";
  auto rows = BuildLedger(LedgerKind::kRectifications, {h}, Names(), At("2026-11-07T00:00:00.000Z"));
  ASSERT_EQ(rows.size(), 1u);
  const auto& c = rows[0].cells;
  EXPECT_EQ(c[7], "清理杂物");
  EXPECT_EQ(c[8], "张三");
  EXPECT_EQ(c[10], "已销号");
  EXPECT_EQ(c[11], "2026-11-05");  // 完成时间: the submission, not the review
  EXPECT_EQ(c[12], "督导王");
  EXPECT_EQ(c[13], "2026-11-07");
  EXPECT_EQ(c[14], "2026-11-07");
}

TEST(Ledger, RectificationLedgerHasOnlyPlannedAndBeyondNotVoided) {
  std::vector<Hazard> hs = {H("1", HazardState::kRegistered), H("2", HazardState::kPlanned),
                            H("3", HazardState::kRectifying), H("4", HazardState::kAwaitingReview),
                            H("5", HazardState::kClosed),     H("6", HazardState::kVoided)};
  auto now = At("2026-11-02T00:00:00.000Z");
  auto rect = BuildLedger(LedgerKind::kRectifications, hs, Names(), now);
  ASSERT_EQ(rect.size(), 4u);
  EXPECT_EQ(rect[0].cells[0], "1");  // renumbered
  EXPECT_EQ(rect[0].cells[10], "已制定方案");
  EXPECT_EQ(rect[3].cells[10], "已销号");
  EXPECT_EQ(BuildLedger(LedgerKind::kHazards, hs, Names(), now).size(), 6u);
}

TEST(Ledger, RemarksNoteOverdueVoidExtensions) {
  auto late = H("1", HazardState::kRectifying);
  late.extension_count = 1;
  late.closed_for_use = true;
  auto voided = H("2", HazardState::kVoided);
  voided.voided_reason = "重复登记";
  auto rows = BuildLedger(LedgerKind::kHazards, {late, voided}, Names(), At("2026-12-01T00:00:00.000Z"));
  EXPECT_NE(rows[0].cells[15].find("已逾期"), std::string::npos);
  EXPECT_NE(rows[0].cells[15].find("停用整改"), std::string::npos);
  EXPECT_NE(rows[0].cells[15].find("延期1次"), std::string::npos);
  EXPECT_NE(rows[1].cells[15].find("作废：重复登记"), std::string::npos);
  EXPECT_EQ(rows[1].cells[15].find("已逾期"), std::string::npos);
}

TEST(Ledger, UnknownNamesFallBackToIds) {
  auto h = H("1", HazardState::kRegistered);
  h.school_id = "sch_x";
  auto rows = BuildLedger(LedgerKind::kHazards, {h}, NameLookups{}, At("2026-11-02T00:00:00.000Z"));
  EXPECT_EQ(rows[0].cells[1], "sch_x");
}

TEST(Csv, FieldEscaping) {
  EXPECT_EQ(CsvField("plain 中文"), "plain 中文");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("@x"), "'@x");
}

TEST(Csv, BomHeaderAndOneLinePerRow) {
  auto h1 = H("1", HazardState::kRegistered);
  auto h2 = H("2", HazardState::kPlanned);
  h2.description = "楼梯扶手松动, \"二楼\"\n东侧";
  auto csv = LedgerCsv(BuildLedger(LedgerKind::kHazards, {h1, h2}, Names(), At("2026-11-02T00:00:00.000Z")));
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::string header =
      "序号,学校,隐患描述,类别,风险等级,发现方式,发现时间,整改措施,责任人,整改时限,进度,完成时间,复查人,复查时间,"
      "销号时间,备注\r\n";
  EXPECT_EQ(csv.substr(3, header.size()), header);
  EXPECT_NE(
      csv.find(
          "\r\n1,东阿县实验小学,疏散通道堆放杂物（教学楼一楼）,消防安全,一般,县级抽查,2026-11-01,,,2026-11-08,已登记,"),
      std::string::npos);
  EXPECT_NE(csv.find("\r\n2,东阿县实验小学,\"楼梯扶手松动, \"\"二楼\"\"\n东侧（教学楼一楼）\",消防安全"),
            std::string::npos);
  // Three records: header + 2, each ending in CRLF (the embedded newline is a bare LF in quotes).
  std::size_t crlf = 0;
  for (std::size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++crlf;
  EXPECT_EQ(crlf, 3u);
}

TEST(Xlsx, ProducesAZipWorkbook) {
  std::vector<Hazard> hs = {H("1", HazardState::kRegistered, RiskLevel::kRed),
                            H("2", HazardState::kPlanned, RiskLevel::kBlue)};
  auto rows = BuildLedger(LedgerKind::kHazards, hs, Names(), At("2026-11-02T00:00:00.000Z"));
  auto bytes = LedgerXlsx(LedgerKind::kHazards, rows);
  ASSERT_TRUE(bytes) << bytes.error().internal;
  ASSERT_GT(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04", 4));
  auto empty = LedgerXlsx(LedgerKind::kRectifications, {});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->substr(0, 4), std::string("PK\x03\x04", 4));
}

}  // namespace
}  // namespace anxiao::report
