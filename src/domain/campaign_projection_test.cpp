#include "domain/campaign_projection.hpp"

#include <gtest/gtest.h>

#include "domain/checklist.hpp"
#include "domain/projection.hpp"

namespace anxiao::domain {
namespace {

// The projection of `inspection.items_recorded` (one journal entry answering several checklist
// items: a phone that was offline sends its answers at once): every item row moves to the
// version the payload names, all or nothing; the inspection's own version stays.

const EventContext kCtx{"usr_insp", "2026-11-29T03:00:00Z", 42};

std::string S(const Row& r, const char* col) { return std::get<std::string>(r.at(col)); }
std::int64_t I(const Row& r, const char* col) { return std::get<std::int64_t>(r.at(col)); }

Json ChecklistPayload() {
  std::vector<ChecklistItem> items;
  for (const char* code : {"FIRE-01", "FIRE-02", "FIRE-03"}) {
    ChecklistItem i;
    i.code = code;
    i.category = HazardCategory::kFire;
    i.text = "疏散通道畅通，安全出口不得锁闭";
    i.basis = "GB 50016";
    i.risk = RiskLevel::kOrange;
    items.push_back(i);
  }
  return Json{{"owner_org_id", "org_p"},    {"owner_path", "/org_p/"}, {"name", "消防安全检查表"},
              {"copied_from", ""},          {"category", "fire"},      {"note", ""},
              {"items", ItemsToJson(items)}};
}

Json PlannedPayload() {
  return Json{{"campaign_id", "cmp_1"},
              {"team_id", "team_1"},
              {"school_id", "sch_1"},
              {"school_path", "/org_p/org_c/org_k/sch_1/"},
              {"county_path", "/org_p/org_c/org_k/"},
              {"inspecting_org_id", "org_c"},
              {"inspecting_path", "/org_p/org_c/"},
              {"source", "city_supervision"},
              {"external_body", ""},
              {"template_id", "ckl_1"},
              {"template_version", 1},
              {"unannounced", 0},
              {"self_inspection", 0},
              {"planned_date", "2026-11-29"},
              {"due_date", ""},
              {"round", 1},
              {"inspectors", "usr_insp"},
              {"previous_id", ""}};
}

Json Answer(const std::string& code, const std::string& result, std::int64_t item_version,
            const std::string& hazard_id = "") {
  return Json{{"code", code},
              {"result", result},
              {"note", result == "fail" ? "安全出口上锁" : ""},
              {"photos", Json::array()},
              {"hazard_id", hazard_id},
              {"item_version", item_version}};
}

Json Batch(std::initializer_list<Json> answers) {
  Json items = Json::array();
  for (const auto& a : answers) items.push_back(a);
  return Json{{"items", items}};
}

class ItemsRecordedProjection : public ::testing::Test {
 protected:
  void SetUp() override {
    Apply("checklist.created", "ckl_1", ChecklistPayload());
    Apply("inspection.planned", "ins_1", PlannedPayload());
  }
  void Apply(const std::string& kind, const std::string& subject, const Json& p) {
    auto ops = Project(kind, subject, p, m_, kCtx);
    ASSERT_TRUE(ops) << kind << ": " << ops.error().internal;
    ASSERT_TRUE(m_.Apply(*ops));
  }
  void CheckIn() { Apply("inspection.checked_in", "ins_1", Json{{"latitude", ""}, {"longitude", ""}, {"version", 2}}); }
  // Projects without applying; returns the error's message or "" on success.
  std::string Refused(const Json& p, const std::string& subject = "ins_1") {
    auto ops = Project("inspection.items_recorded", subject, p, m_, kCtx);
    if (ops) return "";
    EXPECT_EQ(ops.error().code, ErrorCode::kCorrupt);
    return ops.error().internal;
  }
  const std::map<std::string, Row>& Items() const { return m_.Table("inspection_item"); }

  MemoryProjection m_;
};

TEST_F(ItemsRecordedProjection, InsertsEveryAnsweredItemAtVersionOne) {
  CheckIn();
  Apply("inspection.items_recorded", "ins_1",
        Batch({Answer("FIRE-01", "pass", 1), Answer("FIRE-02", "fail", 1, "hz_9"),
               Answer("FIRE-03", "not_applicable", 1)}));
  ASSERT_EQ(Items().size(), 3u);
  const auto& failed = Items().at("ins_1:FIRE-02");
  EXPECT_EQ(S(failed, "inspection_id"), "ins_1");
  EXPECT_EQ(S(failed, "code"), "FIRE-02");
  EXPECT_EQ(S(failed, "result"), "fail");
  EXPECT_EQ(S(failed, "note"), "安全出口上锁");
  EXPECT_EQ(S(failed, "photos"), "[]");
  EXPECT_EQ(S(failed, "hazard_id"), "hz_9");
  EXPECT_EQ(I(failed, "version"), 1);
  EXPECT_EQ(S(failed, "recorded_by"), "usr_insp");
  EXPECT_EQ(S(failed, "recorded_at"), "2026-11-29T03:00:00Z");
  EXPECT_EQ(S(Items().at("ins_1:FIRE-03"), "result"), "not_applicable");
  // The inspection is touched but keeps its version: items carry their own.
  const auto& ins = m_.Table("inspection").at("ins_1");
  EXPECT_EQ(I(ins, "version"), 2);
  EXPECT_EQ(S(ins, "updated_at"), "2026-11-29T03:00:00Z");
  EXPECT_EQ(S(ins, "state"), "in_progress");
}

TEST_F(ItemsRecordedProjection, CorrectsEarlierAnswersAndAddsNewOnesInOneEntry) {
  CheckIn();
  Apply("inspection.item_recorded", "ins_1", Answer("FIRE-01", "fail", 1, "hz_1"));
  Apply("inspection.items_recorded", "ins_1",
        Batch({Answer("FIRE-01", "pass", 2, "hz_1"), Answer("FIRE-02", "pass", 1)}));
  EXPECT_EQ(S(Items().at("ins_1:FIRE-01"), "result"), "pass");
  EXPECT_EQ(I(Items().at("ins_1:FIRE-01"), "version"), 2);
  EXPECT_EQ(S(Items().at("ins_1:FIRE-01"), "hazard_id"), "hz_1");
  EXPECT_EQ(I(Items().at("ins_1:FIRE-02"), "version"), 1);
}

TEST_F(ItemsRecordedProjection, RefusesAMissingInspection) {
  EXPECT_NE(Refused(Batch({Answer("FIRE-01", "pass", 1)}), "ins_nope").find("missing inspection ins_nope"),
            std::string::npos);
}

TEST_F(ItemsRecordedProjection, RefusesAnInspectionNotInProgress) {
  // Planned: not checked in yet.
  EXPECT_NE(Refused(Batch({Answer("FIRE-01", "pass", 1)})).find("in state planned"), std::string::npos);
  CheckIn();
  Apply("inspection.items_recorded", "ins_1",
        Batch({Answer("FIRE-01", "pass", 1), Answer("FIRE-02", "pass", 1), Answer("FIRE-03", "pass", 1)}));
  Apply("inspection.submitted", "ins_1", Json{{"version", 3}});
  EXPECT_NE(Refused(Batch({Answer("FIRE-01", "fail", 2)})).find("in state submitted"), std::string::npos);
}

TEST_F(ItemsRecordedProjection, RefusesEmptyOrMalformedItemLists) {
  CheckIn();
  EXPECT_NE(Refused(Json::object()).find("without items"), std::string::npos);
  EXPECT_NE(Refused(Json{{"items", Json::array()}}).find("without items"), std::string::npos);
  EXPECT_NE(Refused(Json{{"items", "FIRE-01"}}).find("without items"), std::string::npos);
  EXPECT_NE(Refused(Json{{"items", Json::array({"FIRE-01"})}}).find("non-object item"), std::string::npos);
}

TEST_F(ItemsRecordedProjection, RefusesTheSameItemTwiceInOneEntry) {
  CheckIn();
  EXPECT_NE(Refused(Batch({Answer("FIRE-01", "pass", 1), Answer("FIRE-01", "fail", 1)}))
                .find("answers item ins_1:FIRE-01 twice"),
            std::string::npos);
}

TEST_F(ItemsRecordedProjection, RefusesAVersionThatDoesNotFollowTheStoredOne) {
  CheckIn();
  EXPECT_NE(Refused(Batch({Answer("FIRE-01", "pass", 2)})).find("claims version 2 after 0"), std::string::npos);
  Apply("inspection.item_recorded", "ins_1", Answer("FIRE-01", "pass", 1));
  // A replayed first answer (version 1 again) and a skipped version are both corrupt.
  EXPECT_NE(Refused(Batch({Answer("FIRE-01", "fail", 1)})).find("ins_1:FIRE-01 claims version 1 after 1"),
            std::string::npos);
  EXPECT_NE(
      Refused(Batch({Answer("FIRE-02", "pass", 1), Answer("FIRE-01", "fail", 3)})).find("claims version 3 after 1"),
      std::string::npos);
}

TEST_F(ItemsRecordedProjection, RefusesUnknownResultsAndMissingFields) {
  CheckIn();
  auto bad = Answer("FIRE-01", "maybe", 1);
  EXPECT_NE(Refused(Batch({bad})).find("result=maybe"), std::string::npos);
  bad = Answer("FIRE-01", "pass", 1);
  bad["photos"] = "sha";
  EXPECT_NE(Refused(Batch({bad})).find("photos"), std::string::npos);
  bad = Answer("FIRE-01", "pass", 1);
  bad.erase("item_version");
  EXPECT_NE(Refused(Batch({bad})), "");
  bad = Answer("FIRE-01", "pass", 1);
  bad.erase("code");
  EXPECT_NE(Refused(Batch({bad})), "");
}

}  // namespace
}  // namespace anxiao::domain
