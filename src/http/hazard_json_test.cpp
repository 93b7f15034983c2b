#include "http/hazard_json.hpp"

#include <gtest/gtest.h>

namespace anxiao::http {
namespace {

// A red hazard with every field set, as a write answers it.
domain::Hazard Full() {
  domain::Hazard h;
  h.id = "hz_0001";
  h.number = "371524-2026-000123";
  h.school_id = "org_sch_1";
  h.path = "/org_370000/org_371500/org_371524/org_sch_1/";
  h.county_id = "org_371524";
  h.supervising_org_id = "org_371524";
  h.supervising_path = "/org_370000/org_371500/org_371524/";
  h.source = domain::HazardSource::kCountySpotCheck;
  h.category = domain::HazardCategory::kFire;
  h.description = "疏散通道堆放杂物";
  h.location = "教学楼二层";
  h.risk_level = domain::RiskLevel::kRed;
  h.state = domain::HazardState::kAwaitingReview;
  h.found_at = Date{2026, 11, 2};
  h.found_by = "usr_1";
  h.registered_at = "2026-11-02T01:02:03.004Z";
  h.deadline = Date{2026, 12, 2};
  h.measures = "清理";
  h.responsible_person = "张三";
  h.funds = "2000 元";
  h.contingency_plan = "封闭通道";
  h.interim_measures = "设置警示";
  h.closed_for_use = true;
  h.planned_by = "usr_1";
  h.started_by = "usr_2";
  h.last_progress_by = "usr_2";
  h.last_progress_note = "完成一半";
  h.submitted_by = "usr_2";
  h.submitted_at = "2026-11-20T01:02:03.004Z";
  h.rectifiers = ",usr_1,usr_2,";
  h.reviewed_by = "usr_3";
  h.reviewed_at = "2026-11-10T01:02:03.004Z";
  h.closed_at = "2026-11-21T01:02:03.004Z";
  h.rejection_count = 2;
  h.last_rejection_reason = "照片不清楚";
  h.voided_by = "usr_4";
  h.voided_reason = "重复登记";
  h.extension_count = 1;
  h.updated_at = "2026-11-21T01:02:03.004Z";
  h.version = 9;
  h.campaign_id = "cmp_1";
  h.inspection_id = "ins_1";
  h.item_code = "F-01";
  return h;
}

std::string Written(const domain::Hazard& h, Timestamp now, const std::string& school_name) {
  std::string out;
  JsonWriter w(&out);
  WriteHazardJson(w, h, now, school_name);
  return out;
}

Timestamp At(const char* iso) { return *ParseIso(iso); }

TEST(HazardJson, WriterGivesTheSameBytesAsTheJsonTree) {
  const auto h = Full();
  for (const char* now : {"2026-11-29T04:48:23.123Z", "2026-12-02T15:59:59.999Z", "2026-12-02T16:00:00.000Z",
                          "2027-03-01T00:00:00.000Z"}) {
    EXPECT_EQ(Written(h, At(now), "东阿县第一中学"), HazardJson(h, At(now), "东阿县第一中学").dump()) << now;
  }
}

TEST(HazardJson, EmptyFieldsAreNullsOrEmptyStringsLikeTheTree) {
  domain::Hazard h;  // a fresh registration: nothing planned, no campaign
  h.id = "hz_2";
  h.number = "371524-2026-000001";
  h.found_at = Date{2026, 11, 29};
  h.deadline = Date{2026, 12, 6};
  const auto now = At("2026-11-29T04:48:23.123Z");
  const std::string out = Written(h, now, "");
  EXPECT_EQ(out, HazardJson(h, now, "").dump());
  EXPECT_NE(out.find("\"planned_by\":null"), std::string::npos);
  EXPECT_NE(out.find("\"campaign_id\":null"), std::string::npos);
  EXPECT_NE(out.find("\"school_name\":\"\""), std::string::npos);
  EXPECT_NE(out.find("\"overdue\":false"), std::string::npos);
}

TEST(HazardJson, EscapesLikeNlohmann) {
  auto h = Full();
  h.description = std::string("引号\"反斜杠\\换行\n制表\t回车\r退格\b换页\f") + '\x01' + '\x1f' + "\x7f" + "🙂/";
  h.last_progress_note = "\"";
  h.submitted_by = "\\";
  const auto now = At("2026-11-29T04:48:23.123Z");
  const std::string out = Written(h, now, "学校\n名");
  EXPECT_EQ(out, HazardJson(h, now, "学校\n名").dump());
  EXPECT_EQ(Json::parse(out)["description"], h.description);
}

}  // namespace
}  // namespace anxiao::http
