#include "domain/hazard.hpp"

#include <gtest/gtest.h>

#include <map>

#include "domain/projection.hpp"

namespace anxiao::domain {
namespace {

using A = HazardAction;
using S = HazardState;

constexpr S kAllStates[] = {S::kRegistered, S::kPlanned, S::kRectifying, S::kAwaitingReview, S::kClosed, S::kVoided};
constexpr A kAllActions[] = {A::kPlan,   A::kStart, A::kProgress,         A::kSubmit,         A::kClose,
                             A::kReject, A::kVoid,  A::kRequestExtension, A::kDecideExtension};

// The whole legal table; every other (state, action) pair must be refused.
const std::map<std::pair<S, A>, S>& Legal() {
  static const std::map<std::pair<S, A>, S> t = {
      {{S::kRegistered, A::kPlan}, S::kPlanned},
      {{S::kPlanned, A::kStart}, S::kRectifying},
      {{S::kRectifying, A::kProgress}, S::kRectifying},
      {{S::kRectifying, A::kSubmit}, S::kAwaitingReview},
      {{S::kAwaitingReview, A::kClose}, S::kClosed},
      {{S::kAwaitingReview, A::kReject}, S::kRectifying},
      {{S::kRegistered, A::kVoid}, S::kVoided},
      {{S::kPlanned, A::kVoid}, S::kVoided},
      {{S::kRectifying, A::kVoid}, S::kVoided},
      {{S::kAwaitingReview, A::kVoid}, S::kVoided},
      {{S::kRegistered, A::kRequestExtension}, S::kRegistered},
      {{S::kPlanned, A::kRequestExtension}, S::kPlanned},
      {{S::kRectifying, A::kRequestExtension}, S::kRectifying},
      {{S::kRegistered, A::kDecideExtension}, S::kRegistered},
      {{S::kPlanned, A::kDecideExtension}, S::kPlanned},
      {{S::kRectifying, A::kDecideExtension}, S::kRectifying},
      {{S::kAwaitingReview, A::kDecideExtension}, S::kAwaitingReview},
  };
  return t;
}

TEST(HazardTransition, LegalPairsReachTheirTargetState) {
  for (const auto& [from_action, to] : Legal()) {
    auto r = Transition(from_action.first, from_action.second);
    ASSERT_TRUE(r) << Name(from_action.first) << " " << Name(from_action.second);
    EXPECT_EQ(*r, to);
  }
}

TEST(HazardTransition, EveryOtherPairIsAnIllegalTransitionConflict) {
  int illegal = 0;
  for (S s : kAllStates)
    for (A a : kAllActions) {
      if (Legal().count({s, a})) continue;
      ++illegal;
      auto r = Transition(s, a);
      ASSERT_FALSE(r) << Name(s) << " " << Name(a);
      EXPECT_EQ(r.error().code, ErrorCode::kConflict);
      EXPECT_EQ(r.error().slug, "illegal_transition");
      EXPECT_NE(r.error().public_message.find(std::string("in state ") + std::string(Name(s))), std::string::npos)
          << r.error().public_message;
    }
  EXPECT_EQ(illegal, 6 * 9 - static_cast<int>(Legal().size()));
}

TEST(HazardTransition, MessageNamesActionAndState) {
  auto r = Transition(S::kPlanned, A::kSubmit);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().public_message, "cannot submit a hazard in state planned");
  EXPECT_EQ(Transition(S::kClosed, A::kVoid).error().public_message, "cannot void a hazard in state closed");
}

TEST(HazardNames, RoundTripAndRejectUnknown) {
  for (auto r : {RiskLevel::kRed, RiskLevel::kOrange, RiskLevel::kYellow, RiskLevel::kBlue})
    EXPECT_EQ(ParseRiskLevel(Name(r)), r);
  for (S s : kAllStates) EXPECT_EQ(ParseHazardState(Name(s)), s);
  EXPECT_EQ(ParseHazardSource("county_spot_check"), HazardSource::kCountySpotCheck);
  EXPECT_EQ(ParseHazardCategory("lab_chemicals"), HazardCategory::kLabChemicals);
  EXPECT_FALSE(ParseRiskLevel("purple"));
  EXPECT_FALSE(ParseHazardState("open"));
  EXPECT_FALSE(ParseHazardSource("rumour"));
  EXPECT_FALSE(ParseHazardCategory("Fire"));
  EXPECT_EQ(ChineseName(RiskLevel::kRed), "重大");
  EXPECT_EQ(ChineseName(RiskLevel::kBlue), "低");
}

// A yellow hazard at a school of 东阿县, found by the county and supervised by the county.
Hazard SampleHazard() {
  Hazard h;
  h.id = "hz_1";
  h.school_id = "sch_1";
  h.path = "/org_p/org_c/org_k/sch_1/";
  h.county_id = "org_k";
  h.supervising_org_id = "org_k";
  h.supervising_path = "/org_p/org_c/org_k/";
  h.risk_level = RiskLevel::kYellow;
  h.found_at = Date{2026, 11, 20};
  h.deadline = Date{2026, 11, 27};
  h.rectifiers = ",";
  return h;
}
Actor SchoolOfficer() { return Actor{"usr_so", Role::kSchoolOfficer, "/org_p/org_c/org_k/sch_1/", "sch_1"}; }
Actor Principal() { return Actor{"usr_pr", Role::kPrincipal, "/org_p/org_c/org_k/sch_1/", "sch_1"}; }
Actor OtherSchoolOfficer() { return Actor{"usr_so2", Role::kSchoolOfficer, "/org_p/org_c/org_k/sch_2/", "sch_2"}; }
Actor CountyOfficer() { return Actor{"usr_co", Role::kBureauOfficer, "/org_p/org_c/org_k/", "org_k"}; }
Actor CountyInspector() { return Actor{"usr_in", Role::kInspector, "/org_p/org_c/org_k/", "org_k"}; }
Actor CityExpert() { return Actor{"usr_ex", Role::kExpert, "/org_p/org_c/", "org_c"}; }
Actor OtherCountyInspector() { return Actor{"usr_in2", Role::kInspector, "/org_p/org_c/org_g/", "org_g"}; }
Actor Admin() { return Actor{"usr_ad", Role::kAdmin, "/org_p/", "org_p"}; }
Actor Auditor() { return Actor{"usr_au", Role::kAuditor, "/org_p/org_c/", "org_c"}; }

bool Forbidden(const Status& s) { return !s && s.error().code == ErrorCode::kForbidden; }

TEST(HazardAuthorise, SchoolSidePlansStartsProgressesSubmitsAndRequestsExtensions) {
  auto h = SampleHazard();
  for (A a : {A::kPlan, A::kStart, A::kProgress, A::kSubmit, A::kRequestExtension}) {
    EXPECT_TRUE(Authorise(h, SchoolOfficer(), a)) << Name(a);
    EXPECT_TRUE(Authorise(h, Principal(), a)) << Name(a);
    EXPECT_TRUE(Authorise(h, CountyOfficer(), a)) << Name(a);
  }
}

TEST(HazardAuthorise, OthersCannotActForTheSchool) {
  auto h = SampleHazard();
  for (A a : {A::kPlan, A::kStart, A::kProgress, A::kSubmit, A::kRequestExtension}) {
    EXPECT_TRUE(Forbidden(Authorise(h, CountyInspector(), a))) << Name(a);
    EXPECT_TRUE(Forbidden(Authorise(h, CityExpert(), a))) << Name(a);
    EXPECT_TRUE(Forbidden(Authorise(h, Admin(), a))) << Name(a);
    EXPECT_TRUE(Forbidden(Authorise(h, Auditor(), a))) << Name(a);
    EXPECT_TRUE(Forbidden(Authorise(h, OtherSchoolOfficer(), a))) << Name(a);
    EXPECT_EQ(Authorise(h, CountyInspector(), a).error().slug, "not_school_side");
  }
}

TEST(HazardAuthorise, SupervisingLevelReviewsVoidsAndDecides) {
  auto h = SampleHazard();
  for (A a : {A::kClose, A::kReject, A::kVoid, A::kDecideExtension}) {
    EXPECT_TRUE(Authorise(h, CountyInspector(), a)) << Name(a);
    EXPECT_TRUE(Authorise(h, CountyOfficer(), a)) << Name(a);
    EXPECT_TRUE(Authorise(h, CityExpert(), a)) << Name(a);  // the city contains the county
  }
}

TEST(HazardAuthorise, SchoolNeverReviewsClosesOrVoids) {
  auto h = SampleHazard();
  for (A a : {A::kClose, A::kReject, A::kVoid, A::kDecideExtension}) {
    auto r = Authorise(h, SchoolOfficer(), a);
    EXPECT_TRUE(Forbidden(r)) << Name(a);
    EXPECT_EQ(r.error().slug, "school_cannot_review");
    EXPECT_TRUE(Forbidden(Authorise(h, Principal(), a))) << Name(a);
  }
  // Even a school user whose scope would contain the supervising org (a misconfigured account).
  Actor odd{"usr_x", Role::kPrincipal, "/org_p/", "org_p"};
  EXPECT_TRUE(Forbidden(Authorise(h, odd, A::kClose)));
}

TEST(HazardAuthorise, OnlyTheSupervisingLevelReviews) {
  auto h = SampleHazard();
  // A city-supervised hazard: the county cannot review it, the city can.
  h.supervising_org_id = "org_c";
  h.supervising_path = "/org_p/org_c/";
  EXPECT_TRUE(Forbidden(Authorise(h, CountyInspector(), A::kClose)));
  EXPECT_EQ(Authorise(h, CountyInspector(), A::kClose).error().slug, "not_supervising_level");
  EXPECT_TRUE(Forbidden(Authorise(h, CountyOfficer(), A::kVoid)));
  EXPECT_TRUE(Authorise(h, CityExpert(), A::kClose));
  // Another county's inspector never, and neither admin nor auditor.
  auto k = SampleHazard();
  EXPECT_TRUE(Forbidden(Authorise(k, OtherCountyInspector(), A::kClose)));
  EXPECT_TRUE(Forbidden(Authorise(k, Admin(), A::kClose)));
  EXPECT_TRUE(Forbidden(Authorise(k, Auditor(), A::kReject)));
}

TEST(HazardAuthorise, NobodyReviewsWorkTheyDid) {
  auto h = SampleHazard();
  h.rectifiers = ",usr_co,usr_so,";  // the county officer planned it for the school
  for (A a : {A::kClose, A::kReject, A::kVoid, A::kDecideExtension}) {
    auto r = Authorise(h, CountyOfficer(), a);
    EXPECT_TRUE(Forbidden(r)) << Name(a);
    EXPECT_EQ(r.error().slug, "own_work");
  }
  EXPECT_TRUE(Authorise(h, CountyInspector(), A::kClose));
  EXPECT_TRUE(h.IsRectifier("usr_so"));
  EXPECT_FALSE(h.IsRectifier("usr_s"));  // no prefix matches
  EXPECT_FALSE(h.IsRectifier(""));
}

TEST(HazardAllowedActions, OfferOnlyWhatTheCallerMayDoNow) {
  auto h = SampleHazard();
  using V = std::vector<A>;
  EXPECT_EQ(AllowedActions(h, SchoolOfficer(), ""), (V{A::kPlan, A::kRequestExtension}));
  EXPECT_EQ(AllowedActions(h, CountyInspector(), ""), (V{A::kVoid}));
  EXPECT_EQ(AllowedActions(h, CountyInspector(), "usr_so"), (V{A::kVoid, A::kDecideExtension}));
  EXPECT_EQ(AllowedActions(h, SchoolOfficer(), "usr_so"), (V{A::kPlan}));
  EXPECT_TRUE(AllowedActions(h, Auditor(), "").empty());
  EXPECT_TRUE(AllowedActions(h, OtherCountyInspector(), "").empty());
  h.state = S::kAwaitingReview;
  h.rectifiers = ",usr_so,";
  EXPECT_EQ(AllowedActions(h, CountyInspector(), ""), (V{A::kClose, A::kReject, A::kVoid}));
  EXPECT_TRUE(AllowedActions(h, SchoolOfficer(), "").empty());
  h.state = S::kClosed;
  EXPECT_TRUE(AllowedActions(h, CountyInspector(), "").empty());
}

TEST(HazardAuthorise, RegisterBySchoolOrInspectorsInScope) {
  const std::string school = "/org_p/org_c/org_k/sch_1/";
  EXPECT_TRUE(AuthoriseRegister(SchoolOfficer(), school));
  EXPECT_TRUE(AuthoriseRegister(CountyInspector(), school));
  EXPECT_TRUE(AuthoriseRegister(CityExpert(), school));
  EXPECT_TRUE(Forbidden(AuthoriseRegister(Admin(), school)));
  EXPECT_TRUE(Forbidden(AuthoriseRegister(Auditor(), school)));
  auto out = AuthoriseRegister(OtherSchoolOfficer(), school);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(AuthoriseRegister(OtherCountyInspector(), school).error().code, ErrorCode::kNotFound);
}

TEST(HazardClose, NeedsAnAfterPhoto) {
  auto r = CheckCanClose(0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().slug, "after_evidence_required");
  EXPECT_TRUE(CheckCanClose(1));
}

HazardPlan FullRedPlan() {
  HazardPlan p;
  p.measures = "更换全部老化电线，加装漏电保护器";
  p.responsible_person = "李校长";
  p.funds = "12000元，学校公用经费列支";
  p.deadline = Date{2026, 12, 10};
  p.contingency_plan = "停用该宿舍楼，学生临时安置到教学楼";
  p.interim_measures = "断电并设置警戒线，专人值守";
  return p;
}

TEST(HazardPlanValidation, RedNeedsEveryOneOfTheFiveInPlaceAndInterimMeasures) {
  auto h = SampleHazard();
  h.risk_level = RiskLevel::kRed;
  h.deadline = Date{2026, 12, 20};
  EXPECT_TRUE(ValidatePlan(h, FullRedPlan()));
  const std::pair<const char*, void (*)(HazardPlan&)> cases[] = {
      {"measures", [](HazardPlan& p) { p.measures = " "; }},
      {"responsible_person", [](HazardPlan& p) { p.responsible_person.clear(); }},
      {"funds", [](HazardPlan& p) { p.funds.clear(); }},
      {"deadline", [](HazardPlan& p) { p.deadline.reset(); }},
      {"contingency_plan", [](HazardPlan& p) { p.contingency_plan.clear(); }},
      {"interim_measures", [](HazardPlan& p) { p.interim_measures.clear(); }},
  };
  for (const auto& [field, drop] : cases) {
    auto p = FullRedPlan();
    drop(p);
    auto r = ValidatePlan(h, p);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().slug, "red_plan_incomplete");
    EXPECT_EQ(r.error().field, field);
    EXPECT_NE(r.error().public_message.find(field), std::string::npos);
  }
}

TEST(HazardPlanValidation, OthersNeedMeasuresAndResponsiblePersonOnly) {
  auto h = SampleHazard();
  HazardPlan p;
  p.measures = "清理疏散通道杂物";
  p.responsible_person = "王老师";
  EXPECT_TRUE(ValidatePlan(h, p));
  p.responsible_person.clear();
  auto r = ValidatePlan(h, p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().slug, "missing_field");
  EXPECT_EQ(r.error().field, "responsible_person");
}

TEST(HazardPlanValidation, DeadlineWithinFoundDateAndCurrentDeadline) {
  auto h = SampleHazard();
  HazardPlan p;
  p.measures = "m";
  p.responsible_person = "r";
  p.deadline = Date{2026, 11, 19};
  EXPECT_EQ(ValidatePlan(h, p).error().slug, "invalid_deadline");
  p.deadline = Date{2026, 11, 28};
  EXPECT_EQ(ValidatePlan(h, p).error().slug, "invalid_deadline");
  p.deadline = Date{2026, 11, 27};
  EXPECT_TRUE(ValidatePlan(h, p));
}

TEST(HazardPlanValidation, OverlongTextIsRefused) {
  auto h = SampleHazard();
  HazardPlan p;
  p.measures = std::string(2001, 'x');
  p.responsible_person = "r";
  EXPECT_EQ(ValidatePlan(h, p).error().slug, "text_too_long");
  p.measures = "\xff";
  EXPECT_EQ(ValidatePlan(h, p).error().slug, "invalid_text");
}

TEST(HazardExtensionRules, RequestMustMoveLaterWithAReasonAndNoPending) {
  auto h = SampleHazard();
  EXPECT_TRUE(ValidateExtensionRequest(h, Date{2026, 12, 5}, "材料未到货", false));
  EXPECT_EQ(ValidateExtensionRequest(h, Date{2026, 11, 27}, "r", false).error().slug, "invalid_deadline");
  EXPECT_EQ(ValidateExtensionRequest(h, Date{2026, 11, 1}, "r", false).error().slug, "invalid_deadline");
  EXPECT_EQ(ValidateExtensionRequest(h, Date{2028, 1, 1}, "r", false).error().slug, "invalid_deadline");
  EXPECT_EQ(ValidateExtensionRequest(h, Date{2026, 12, 5}, "  ", false).error().slug, "missing_field");
  auto pending = ValidateExtensionRequest(h, Date{2026, 12, 5}, "r", true);
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code, ErrorCode::kConflict);
  EXPECT_EQ(pending.error().slug, "extension_pending");
}

TEST(HazardExtensionRules, DecisionByAnotherUserOnAPendingRequest) {
  HazardExtension e;
  e.requested_by = "usr_co";
  EXPECT_TRUE(Forbidden(ValidateExtensionDecision(e, CountyOfficer())));
  EXPECT_TRUE(ValidateExtensionDecision(e, CountyInspector()));
  e.state = ExtensionState::kApproved;
  EXPECT_EQ(ValidateExtensionDecision(e, CountyInspector()).error().slug, "extension_decided");
}

TEST(HazardDeadline, DefaultsByRiskLevelFromTheFoundDate) {
  Date found{2026, 11, 20};
  EXPECT_EQ(DefaultDeadline(RiskLevel::kRed, found), (Date{2026, 12, 20}));
  EXPECT_EQ(DefaultDeadline(RiskLevel::kOrange, found), (Date{2026, 12, 5}));
  EXPECT_EQ(DefaultDeadline(RiskLevel::kYellow, found), (Date{2026, 11, 27}));
  EXPECT_EQ(DefaultDeadline(RiskLevel::kBlue, found), (Date{2026, 11, 23}));
  HazardSettings s;
  s.deadline_days = {10, 5, 2, 1};
  EXPECT_EQ(DefaultDeadline(RiskLevel::kRed, Date{2026, 12, 25}, s), (Date{2027, 1, 4}));
}

TEST(HazardDeadline, OverdueFromMidnightChinaTimeNotUtc) {
  auto h = SampleHazard();  // deadline 2026-11-27: ends at 2026-11-27T16:00:00Z
  h.state = S::kRectifying;
  Timestamp last_ms = *ParseIso("2026-11-27T15:59:59.999Z");   // 23:59:59.999 CST
  Timestamp midnight = *ParseIso("2026-11-27T16:00:00.000Z");  // 00:00 CST on the 28th
  EXPECT_FALSE(IsOverdue(h, last_ms));
  EXPECT_TRUE(IsOverdue(h, midnight));
  // At 20:00 UTC on the 27th it is already the 28th in China.
  EXPECT_TRUE(IsOverdue(h, *ParseIso("2026-11-27T20:00:00.000Z")));
  // Early on the 27th (UTC), still the 27th in China: due today, not overdue.
  EXPECT_FALSE(IsOverdue(h, *ParseIso("2026-11-27T01:00:00.000Z")));
  EXPECT_TRUE(DueWithinDays(h, *ParseIso("2026-11-27T01:00:00.000Z"), 0));
}

TEST(HazardDeadline, NotOverdueOnceWithTheReviewerClosedOrVoided) {
  auto h = SampleHazard();
  Timestamp late = *ParseIso("2027-01-01T00:00:00.000Z");
  for (S s : {S::kRegistered, S::kPlanned, S::kRectifying}) {
    h.state = s;
    EXPECT_TRUE(IsOverdue(h, late)) << Name(s);
  }
  for (S s : {S::kAwaitingReview, S::kClosed, S::kVoided}) {
    h.state = s;
    EXPECT_FALSE(IsOverdue(h, late)) << Name(s);
    EXPECT_FALSE(DueWithinDays(h, late, 3)) << Name(s);
  }
}

TEST(HazardDeadline, DueWithinDaysCountsChinaDays) {
  auto h = SampleHazard();  // deadline 2026-11-27
  h.state = S::kPlanned;
  // 2026-11-24T17:00Z is 2026-11-25 01:00 CST: two days left.
  Timestamp t = *ParseIso("2026-11-24T17:00:00.000Z");
  EXPECT_TRUE(DueWithinDays(h, t, 2));
  EXPECT_FALSE(DueWithinDays(h, t, 1));
  EXPECT_FALSE(DueWithinDays(h, *ParseIso("2026-11-28T00:00:00.000Z"), 3));  // overdue is not due-soon
}

TEST(HazardNumberFormat, CountyYearAndSixDigits) {
  EXPECT_EQ(HazardNumber("371524", 2026, 123), "371524-2026-000123");
  EXPECT_EQ(HazardNumber("371500", 2027, 1), "371500-2027-000001");
}

TEST(HazardEvidenceRef, OnlyLowerHexSha256) {
  EXPECT_TRUE(ValidateEvidenceRef(std::string(64, 'a')));
  EXPECT_FALSE(ValidateEvidenceRef(std::string(64, 'A')));
  EXPECT_FALSE(ValidateEvidenceRef(std::string(63, 'a')));
  EXPECT_FALSE(ValidateEvidenceRef(std::string(64, 'g')));
}

// The projection of a whole loop, replayed in memory as verify does.
Json Registered(std::int64_t seq) {
  return Json{{"number", HazardNumber("371524", 2026, seq)},
              {"seq", seq},
              {"year", 2026},
              {"school_id", "sch_1"},
              {"path", "/p/k/sch_1/"},
              {"county_id", "org_k"},
              {"supervising_org_id", "org_k"},
              {"supervising_path", "/p/k/"},
              {"source", "self"},
              {"category", "fire"},
              {"description", "灭火器过期"},
              {"location", "教学楼二楼"},
              {"risk_level", "orange"},
              {"found_at", "2026-11-20"},
              {"deadline", "2026-12-05"},
              {"evidence", Json::array({std::string(64, 'b')})}};
}

TEST(HazardProjection, FullLoopUpdatesRowsCounterEvidenceAndExtensions) {
  MemoryProjection m;
  std::int64_t seq = 0;
  auto apply = [&](const std::string& kind, const std::string& subject, const Json& p, const std::string& actor) {
    auto ops = Project(kind, subject, p, m, EventContext{actor, "2026-11-29T08:00:00.000Z", ++seq});
    ASSERT_TRUE(ops) << kind << ": " << ops.error().internal;
    ASSERT_TRUE(m.Apply(*ops)) << kind;
  };
  apply("hazard.registered", "hz_1", Registered(1), "usr_in");
  apply("hazard.planned", "hz_1",
        Json{{"measures", "更换"},
             {"responsible_person", "王"},
             {"funds", ""},
             {"contingency_plan", ""},
             {"interim_measures", ""},
             {"closed_for_use", false},
             {"deadline", "2026-12-01"},
             {"version", 2}},
        "usr_so");
  apply("hazard.extension_requested", "hz_1",
        Json{{"extension_id", "ext_1"}, {"new_deadline", "2026-12-10"}, {"reason", "缺货"}, {"version", 3}}, "usr_so");
  apply("hazard.extension_decided", "hz_1",
        Json{{"extension_id", "ext_1"}, {"decision", "approve"}, {"reason", ""}, {"version", 4}}, "usr_in");
  apply("hazard.started", "hz_1", Json{{"version", 5}}, "usr_pr");
  apply("hazard.submitted", "hz_1",
        Json{{"note", "已更换"}, {"evidence", Json::array({std::string(64, 'c')})}, {"version", 6}}, "usr_so");
  apply("hazard.reviewed", "hz_1", Json{{"decision", "reject"}, {"reason", "照片不清"}, {"version", 7}}, "usr_in");
  apply("hazard.submitted", "hz_1",
        Json{{"note", ""}, {"evidence", Json::array({std::string(64, 'c'), std::string(64, 'd')})}, {"version", 8}},
        "usr_so");
  apply("hazard.reviewed", "hz_1", Json{{"decision", "close"}, {"reason", ""}, {"version", 9}}, "usr_in");

  const auto& h = m.Table("hazard").at("hz_1");
  EXPECT_EQ(std::get<std::string>(h.at("state")), "closed");
  EXPECT_EQ(std::get<std::string>(h.at("deadline")), "2026-12-10");
  EXPECT_EQ(std::get<std::int64_t>(h.at("version")), 9);
  EXPECT_EQ(std::get<std::int64_t>(h.at("rejection_count")), 1);
  EXPECT_EQ(std::get<std::int64_t>(h.at("extension_count")), 1);
  EXPECT_EQ(std::get<std::int64_t>(h.at("risk_rank")), 1);
  EXPECT_EQ(std::get<std::string>(h.at("rectifiers")), ",usr_so,usr_pr,");
  EXPECT_EQ(std::get<std::string>(h.at("found_by")), "usr_in");
  EXPECT_EQ(std::get<std::string>(h.at("last_rejection_reason")), "照片不清");
  EXPECT_EQ(std::get<std::string>(h.at("closed_at")), "2026-11-29T08:00:00.000Z");
  EXPECT_EQ(m.Table("hazard_evidence").size(), 3u);  // b before, c after (once), d after
  EXPECT_EQ(
      std::get<std::int64_t>(m.Table("hazard_evidence").at("hz_1:" + std::string(64, 'c') + ":after").at("added_seq")),
      6);
  EXPECT_EQ(std::get<std::string>(m.Table("hazard_extension").at("ext_1").at("state")), "approved");
  EXPECT_EQ(std::get<std::string>(m.Table("hazard_extension").at("ext_1").at("old_deadline")), "2026-12-01");
  EXPECT_EQ(std::get<std::int64_t>(m.Table("hazard_counter").at("org_k:2026").at("last_seq")), 1);
}

TEST(HazardProjection, RefusesGapsInNumbersStaleVersionsAndUnknownEvents) {
  MemoryProjection m;
  EXPECT_EQ(Project("hazard.registered", "hz_1", Registered(2), m).error().code, ErrorCode::kCorrupt);
  ASSERT_TRUE(m.Apply(*Project("hazard.registered", "hz_1", Registered(1), m)));
  EXPECT_EQ(Project("hazard.registered", "hz_2", Registered(1), m).error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(Project("hazard.started", "hz_1", Json{{"version", 3}}, m).error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(Project("hazard.started", "hz_9", Json{{"version", 2}}, m).error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(Project("hazard.exploded", "hz_1", Json{{"version", 2}}, m).error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(
      Project("hazard.reviewed", "hz_1", Json{{"decision", "maybe"}, {"reason", ""}, {"version", 2}}, m).error().code,
      ErrorCode::kCorrupt);
  auto bad = Registered(2);
  bad["risk_level"] = "purple";
  EXPECT_EQ(Project("hazard.registered", "hz_2", bad, m).error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace anxiao::domain
