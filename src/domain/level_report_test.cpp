// Level reports (level_report.hpp): who may prepare, approve and decide; what the projection
// accepts and refuses on replay (hash, signature, key, slot, transitions); the differences of
// "changed since report"; and the export check behind `anxiao report verify`.

#include "domain/level_report.hpp"

#include <gtest/gtest.h>

#include "base/ed25519.hpp"
#include "base/sha256.hpp"

namespace anxiao::domain {
namespace {

Org SchoolOrg() { return Org{"sch_1", "cty_1", OrgKind::kSchool, "实验小学", "3715240001", "/p/c/cty_1/sch_1/"}; }
Org CountyOrg() { return Org{"cty_1", "c", OrgKind::kCounty, "东阿县", "371524", "/p/c/cty_1/"}; }
Actor As(Role role, const std::string& scope_org) { return Actor{"usr_x", role, "/p/", scope_org}; }

LevelReport Report(LevelReportState st) {
  LevelReport r;
  r.id = "rpt_1";
  r.org_id = "sch_1";
  r.org_kind = OrgKind::kSchool;
  r.supervising_org_id = "cty_1";
  r.state = st;
  return r;
}

TEST(LevelReportRules, OwnStaffPrepare) {
  EXPECT_TRUE(MayPrepareReport(As(Role::kSchoolOfficer, "sch_1"), SchoolOrg()));
  EXPECT_TRUE(MayPrepareReport(As(Role::kPrincipal, "sch_1"), SchoolOrg()));
  EXPECT_TRUE(MayPrepareReport(As(Role::kBureauOfficer, "cty_1"), CountyOrg()));
}

TEST(LevelReportRules, OthersMayNotPrepare) {
  // The county officer may not prepare a school's report, nor a school's staff the county's, nor
  // an administrator or auditor anyone's; another school's officer neither.
  EXPECT_EQ(MayPrepareReport(As(Role::kBureauOfficer, "cty_1"), SchoolOrg()).error().slug, "report_forbidden");
  EXPECT_EQ(MayPrepareReport(As(Role::kSchoolOfficer, "sch_1"), CountyOrg()).error().slug, "report_forbidden");
  EXPECT_EQ(MayPrepareReport(As(Role::kAdmin, "cty_1"), CountyOrg()).error().slug, "report_forbidden");
  EXPECT_EQ(MayPrepareReport(As(Role::kAuditor, "cty_1"), CountyOrg()).error().slug, "report_forbidden");
  EXPECT_EQ(MayPrepareReport(As(Role::kSchoolOfficer, "sch_2"), SchoolOrg()).error().slug, "report_forbidden");
  EXPECT_EQ(MayPrepareReport(As(Role::kInspector, "cty_1"), CountyOrg()).error().slug, "report_forbidden");
  Org province{"p", "", OrgKind::kProvince, "山东省", "37", "/p/"};
  EXPECT_EQ(MayPrepareReport(As(Role::kBureauOfficer, "p"), province).error().slug, "no_supervising_level");
}

TEST(LevelReportRules, SchoolReportWaitsForPrincipalUnlessPrincipalPrepares) {
  EXPECT_EQ(InitialReportState(As(Role::kSchoolOfficer, "sch_1"), OrgKind::kSchool),
            LevelReportState::kAwaitingApproval);
  EXPECT_EQ(InitialReportState(As(Role::kPrincipal, "sch_1"), OrgKind::kSchool), LevelReportState::kSubmitted);
  EXPECT_EQ(InitialReportState(As(Role::kBureauOfficer, "cty_1"), OrgKind::kCounty), LevelReportState::kSubmitted);
}

TEST(LevelReportRules, OnlyThePrincipalOfTheSchoolApproves) {
  const auto r = Report(LevelReportState::kAwaitingApproval);
  EXPECT_TRUE(MayApproveReport(As(Role::kPrincipal, "sch_1"), r));
  EXPECT_EQ(MayApproveReport(As(Role::kSchoolOfficer, "sch_1"), r).error().slug, "principal_required");
  EXPECT_EQ(MayApproveReport(As(Role::kPrincipal, "sch_2"), r).error().slug, "principal_required");
  EXPECT_EQ(MayApproveReport(As(Role::kPrincipal, "sch_1"), Report(LevelReportState::kSubmitted)).error().slug,
            "invalid_transition");
}

TEST(LevelReportRules, OnlyTheSupervisingLevelDecides) {
  const auto r = Report(LevelReportState::kSubmitted);
  EXPECT_TRUE(MayDecideReport(As(Role::kBureauOfficer, "cty_1"), r));
  EXPECT_EQ(MayDecideReport(As(Role::kBureauOfficer, "c"), r).error().slug, "not_supervising_level");
  EXPECT_EQ(MayDecideReport(As(Role::kPrincipal, "sch_1"), r).error().slug, "not_supervising_level");
  EXPECT_EQ(MayDecideReport(As(Role::kAdmin, "cty_1"), r).error().slug, "not_supervising_level");
  EXPECT_EQ(
      MayDecideReport(As(Role::kBureauOfficer, "cty_1"), Report(LevelReportState::kAwaitingApproval)).error().slug,
      "invalid_transition");
  EXPECT_EQ(MayDecideReport(As(Role::kBureauOfficer, "cty_1"), Report(LevelReportState::kAccepted)).error().slug,
            "invalid_transition");
}

TEST(LevelReportDifferences, NamesEveryChangedLeafWithBothValues) {
  Json reported{{"counts", {{"open", 3}, {"closed", 1}, {"by_category", {{"fire", 2}}}}}, {"share", nullptr}};
  Json now{{"counts", {{"open", 2}, {"closed", 2}, {"by_category", {{"fire", 2}, {"food", 1}}}}}, {"share", "0.5"}};
  auto d = FigureDifferences(reported, now);
  ASSERT_EQ(d.size(), 4u) << d.dump();
  EXPECT_EQ(d[0], (Json{{"path", "counts.by_category.food"}, {"reported", nullptr}, {"now", 1}}));
  EXPECT_EQ(d[1], (Json{{"path", "counts.closed"}, {"reported", 1}, {"now", 2}}));
  EXPECT_EQ(d[2], (Json{{"path", "counts.open"}, {"reported", 3}, {"now", 2}}));
  EXPECT_EQ(d[3], (Json{{"path", "share"}, {"reported", nullptr}, {"now", "0.5"}}));
  EXPECT_TRUE(FigureDifferences(now, now).empty());
}

// The projection over a replay: a key, then reports signed with it.
class LevelReportProjection : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(mem.Apply({RowOp{RowOp::Kind::kInsert,
                                 "org",
                                 "sch_1",
                                 {{"parent_id", std::string("cty_1")},
                                  {"kind", std::string("school")},
                                  {"name", std::string("实验小学")},
                                  {"code", std::string("3715240001")},
                                  {"path", std::string("/p/c/cty_1/sch_1/")},
                                  {"depth", std::int64_t{3}}}}}));
    key = NewEd25519KeyPair();
    ASSERT_TRUE(Apply("org.signing_key_published", "sch_1",
                      Json{{"algorithm", "ed25519"}, {"public_key", key.public_key_hex}}, 2));
  }
  Status Apply(const std::string& kind, const std::string& subject, const Json& payload, std::int64_t seq) {
    TRY_ASSIGN(auto ops, Project(kind, subject, payload, mem, EventContext{"usr_a", "2026-11-29T00:00:00.000Z", seq}));
    return mem.Apply(ops);
  }
  Json Body(const std::string& id) {
    return Json{{"format", std::string(kLevelReportFormat)},
                {"report_id", id},
                {"org", {{"id", "sch_1"}}},
                {"campaign", {{"id", "cmp_1"}}},
                {"period_end", "2026-11-20"},
                {"figures", {{"open", 3}}},
                {"checkpoint", {{"seq", 2}, {"hash", std::string(64, 'a')}}}};
  }
  Json Prepared(const std::string& id, const std::string& supersedes = "", const std::string& state = "submitted") {
    Json body = Body(id);
    const std::string sha = Sha256Hex(Canonical(body));
    return Json{{"org_id", "sch_1"},
                {"org_path", "/p/c/cty_1/sch_1/"},
                {"org_kind", "school"},
                {"supervising_org_id", "cty_1"},
                {"campaign_id", "cmp_1"},
                {"period_end", "2026-11-20"},
                {"supersedes", supersedes},
                {"state", state},
                {"body", body},
                {"sha256", sha},
                {"signature", Ed25519Sign(SignedBytesOf(sha), key.secret_key_hex)},
                {"public_key", key.public_key_hex}};
  }
  std::string StateOf(const std::string& id) {
    return std::get<std::string>(mem.Table("level_report").at(id).at("state"));
  }
  MemoryProjection mem;
  Ed25519KeyPair key;
};

TEST_F(LevelReportProjection, ReturnedThenCorrectedThenAccepted) {
  ASSERT_TRUE(Apply("level_report.prepared", "rpt_1", Prepared("rpt_1"), 3));
  EXPECT_EQ(StateOf("rpt_1"), "submitted");
  ASSERT_TRUE(Apply("level_report.returned", "rpt_1", Json{{"reason", "数字有误"}}, 4));
  EXPECT_EQ(StateOf("rpt_1"), "returned");
  ASSERT_TRUE(Apply("level_report.prepared", "rpt_2", Prepared("rpt_2", "rpt_1"), 5));
  ASSERT_TRUE(Apply("level_report.accepted", "rpt_2", Json::object(), 6));
  EXPECT_EQ(StateOf("rpt_2"), "accepted");
  EXPECT_EQ(std::get<std::int64_t>(mem.Table("level_report").at("rpt_2").at("version")), 2);
}

TEST_F(LevelReportProjection, SchoolReportApprovedBeforeDecision) {
  ASSERT_TRUE(Apply("level_report.prepared", "rpt_1", Prepared("rpt_1", "", "awaiting_approval"), 3));
  EXPECT_FALSE(Apply("level_report.accepted", "rpt_1", Json::object(), 4));
  ASSERT_TRUE(Apply("level_report.approved", "rpt_1", Json::object(), 4));
  EXPECT_EQ(StateOf("rpt_1"), "submitted");
  EXPECT_FALSE(Apply("level_report.approved", "rpt_1", Json::object(), 5));
}

TEST_F(LevelReportProjection, RefusesASecondLiveReport) {
  ASSERT_TRUE(Apply("level_report.prepared", "rpt_1", Prepared("rpt_1"), 3));
  auto st = Apply("level_report.prepared", "rpt_2", Prepared("rpt_2", "rpt_1"), 4);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().public_message.find("live report rpt_1"), std::string::npos);
}

TEST_F(LevelReportProjection, RefusesACorrectionThatDoesNotNameTheReturnedReport) {
  ASSERT_TRUE(Apply("level_report.prepared", "rpt_1", Prepared("rpt_1"), 3));
  ASSERT_TRUE(Apply("level_report.returned", "rpt_1", Json{{"reason", "x"}}, 4));
  EXPECT_FALSE(Apply("level_report.prepared", "rpt_2", Prepared("rpt_2"), 5));
}

TEST_F(LevelReportProjection, RefusesAnAlteredBody) {
  Json p = Prepared("rpt_1");
  p["body"]["figures"]["open"] = 2;
  auto st = Apply("level_report.prepared", "rpt_1", p, 3);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().public_message.find("the body hashes to"), std::string::npos);
}

TEST_F(LevelReportProjection, RefusesABadSignatureOrAnUnpublishedKey) {
  Json p = Prepared("rpt_1");
  p["signature"] = Ed25519Sign(SignedBytesOf(p["sha256"].get<std::string>()), NewEd25519KeyPair().secret_key_hex);
  EXPECT_FALSE(Apply("level_report.prepared", "rpt_1", p, 3));
  auto other = NewEd25519KeyPair();
  Json q = Prepared("rpt_1");
  q["public_key"] = other.public_key_hex;
  q["signature"] = Ed25519Sign(SignedBytesOf(q["sha256"].get<std::string>()), other.secret_key_hex);
  auto st = Apply("level_report.prepared", "rpt_1", q, 3);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().public_message.find("did not publish"), std::string::npos);
}

TEST_F(LevelReportProjection, RefusesACheckpointAtOrAfterItsOwnEntry) {
  EXPECT_FALSE(Apply("level_report.prepared", "rpt_1", Prepared("rpt_1"), 2));
}

TEST_F(LevelReportProjection, RefusesAReturnWithoutReasonAndASecondKey) {
  ASSERT_TRUE(Apply("level_report.prepared", "rpt_1", Prepared("rpt_1"), 3));
  EXPECT_FALSE(Apply("level_report.returned", "rpt_1", Json{{"reason", ""}}, 4));
  EXPECT_FALSE(Apply("org.signing_key_published", "sch_1",
                     Json{{"algorithm", "ed25519"}, {"public_key", NewEd25519KeyPair().public_key_hex}}, 5));
}

// The export check.
class LevelReportExport : public ::testing::Test {
 protected:
  void SetUp() override {
    key = NewEd25519KeyPair();
    body = Json{{"format", std::string(kLevelReportFormat)},
                {"report_id", "rpt_1"},
                {"org", {{"id", "cty_1"}}},
                {"figures", {{"open", 3}}},
                {"checkpoint", {{"seq", 41}, {"hash", std::string(64, 'b')}}}};
    const std::string sha = Sha256Hex(Canonical(body));
    exported = Json{{"format", std::string(kLevelReportExportFormat)},
                    {"body", body},
                    {"sha256", sha},
                    {"signature",
                     {{"algorithm", "ed25519"},
                      {"public_key", key.public_key_hex},
                      {"value", Ed25519Sign(SignedBytesOf(sha), key.secret_key_hex)}}}};
  }
  Ed25519KeyPair key;
  Json body, exported;
};

TEST_F(LevelReportExport, IntactExportVerifies) {
  auto c = CheckLevelReportExport(exported);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->hash_ok);
  EXPECT_TRUE(c->signature_ok);
  EXPECT_EQ(c->problem, "");
  EXPECT_EQ(c->checkpoint_seq, 41);
  EXPECT_EQ(c->org_id, "cty_1");
}

TEST_F(LevelReportExport, ChangedFiguresFailTheHash) {
  exported["body"]["figures"]["open"] = 2;
  auto c = CheckLevelReportExport(exported);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->hash_ok);
  EXPECT_TRUE(c->signature_ok);  // of the stated hash
  EXPECT_EQ(c->problem.rfind("hash mismatch", 0), 0u);
}

TEST_F(LevelReportExport, ChangedSignatureFails) {
  std::string sig = exported["signature"]["value"].get<std::string>();
  sig[10] = sig[10] == 'a' ? 'b' : 'a';
  exported["signature"]["value"] = sig;
  auto c = CheckLevelReportExport(exported);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->hash_ok);
  EXPECT_FALSE(c->signature_ok);
  EXPECT_EQ(c->problem.rfind("signature mismatch", 0), 0u);
}

TEST_F(LevelReportExport, RehashedBodyWithoutTheKeyFailsTheSignature) {
  exported["body"]["figures"]["open"] = 2;
  exported["sha256"] = Sha256Hex(Canonical(exported["body"]));
  auto c = CheckLevelReportExport(exported);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->hash_ok);
  EXPECT_FALSE(c->signature_ok);
}

TEST_F(LevelReportExport, UnreadableExportsAreInvalidInput) {
  for (const char* k : {"format", "body", "signature", "sha256"}) {
    Json e = exported;
    e.erase(k);
    auto c = CheckLevelReportExport(e);
    ASSERT_FALSE(c) << k;
    EXPECT_EQ(c.error().slug, "invalid_report_export");
  }
  Json e = exported;
  e["body"].erase("checkpoint");
  EXPECT_FALSE(CheckLevelReportExport(e));
}

}  // namespace
}  // namespace anxiao::domain
