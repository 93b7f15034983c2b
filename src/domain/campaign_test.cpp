#include "domain/campaign.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/checklist.hpp"
#include "domain/checklist_catalog.hpp"
#include "domain/inspection.hpp"

namespace anxiao::domain {
namespace {

Date D(int y, int m, int d) { return Date{y, m, d}; }

Campaign City() {
  Campaign c;
  c.id = "cmp_1";
  c.owner_org_id = "city";
  c.owner_path = "/prov/city/";
  c.scope_org_id = "city";
  c.scope_path = "/prov/city/";
  c.name = "全市学校安全大排查大整治集中行动";
  c.start_date = D(2021, 3, 1);
  c.end_date = D(2021, 6, 30);
  return c;
}

Team CountyTeam(TeamKind kind) {
  Team t;
  t.name = "第一督查组";
  t.leader_name = "李明";
  t.leader_rank = "县级干部";
  t.level = TeamLevel::kCounty;
  t.kind = kind;
  t.start_date = D(2021, 3, 10);
  t.end_date = D(2021, 3, 12);
  if (kind == TeamKind::kCrossInspection) t.target_org_id = "countyB";
  return t;
}

Actor Who(Role r, const std::string& scope, const std::string& id = "usr_x") { return Actor{id, r, scope, ""}; }

TEST(CampaignDraft, AcceptsAProperDraft) {
  CampaignDraft d{"集中行动", D(2021, 3, 1), D(2021, 6, 30), {CampaignMode::kCitySupervision}, {"ckl_1"}};
  EXPECT_TRUE(ValidateCampaignDraft(d));
}

TEST(CampaignDraft, RejectsEndBeforeStartNoModesDuplicatesAndShortNames) {
  CampaignDraft d{"集中行动", D(2021, 3, 1), D(2021, 2, 1), {CampaignMode::kCitySupervision}, {}};
  EXPECT_EQ(ValidateCampaignDraft(d).error().slug, "invalid_period");
  d.end_date = D(2024, 3, 1);
  EXPECT_EQ(ValidateCampaignDraft(d).error().slug, "invalid_period");
  d.end_date = D(2021, 4, 1);
  d.modes.clear();
  EXPECT_EQ(ValidateCampaignDraft(d).error().field, "modes");
  d.modes = {CampaignMode::kResident, CampaignMode::kResident};
  EXPECT_EQ(ValidateCampaignDraft(d).error().slug, "duplicate_value");
  d.modes = {CampaignMode::kResident};
  d.checklists = {"a", "a"};
  EXPECT_EQ(ValidateCampaignDraft(d).error().slug, "duplicate_value");
  d.checklists = {};
  d.name = "行";
  EXPECT_EQ(ValidateCampaignDraft(d).error().slug, "invalid_name");
}

TEST(CampaignAuthorise, OnlyAdminsAndOwningBureauOfficersWrite) {
  EXPECT_TRUE(AuthoriseCampaignWrite(Who(Role::kBureauOfficer, "/prov/city/"), "/prov/city/"));
  EXPECT_TRUE(AuthoriseCampaignWrite(Who(Role::kAdmin, "/"), "/prov/city/"));
  EXPECT_FALSE(AuthoriseCampaignWrite(Who(Role::kBureauOfficer, "/prov/city/countyA/"), "/prov/city/"));
  for (Role r : {Role::kInspector, Role::kExpert, Role::kSchoolOfficer, Role::kPrincipal, Role::kAuditor})
    EXPECT_EQ(AuthoriseCampaignWrite(Who(r, "/prov/city/"), "/prov/city/").error().code, ErrorCode::kForbidden);
}

TEST(CampaignVisibility, OwnersAndThoseInsideTheScopeSeeItOthersDoNot) {
  auto c = City();
  EXPECT_TRUE(CampaignVisibleTo(c, Who(Role::kBureauOfficer, "/prov/")));
  EXPECT_TRUE(CampaignVisibleTo(c, Who(Role::kBureauOfficer, "/prov/city/countyA/")));
  EXPECT_TRUE(CampaignVisibleTo(c, Who(Role::kSchoolOfficer, "/prov/city/countyA/s1/")));
  EXPECT_FALSE(CampaignVisibleTo(c, Who(Role::kBureauOfficer, "/prov/city2/")));
}

TEST(CampaignState, ClosedCampaignsRefuseChanges) {
  auto c = City();
  EXPECT_TRUE(CheckCampaignOpen(c));
  c.state = CampaignState::kClosed;
  EXPECT_EQ(CheckCampaignOpen(c).error().slug, "campaign_closed");
}

TEST(CampaignNames, EveryModeKindAndLevelRoundTrips) {
  for (auto m : {CampaignMode::kCitySupervision, CampaignMode::kCityDirect, CampaignMode::kCountyCensus,
                 CampaignMode::kCrossInspection, CampaignMode::kResident, CampaignMode::kThematic,
                 CampaignMode::kProvincial, CampaignMode::kUnannounced, CampaignMode::kOtherDepartment})
    EXPECT_EQ(ParseCampaignMode(Name(m)), m);
  for (auto k : {TeamKind::kCitySupervision, TeamKind::kCityDirect, TeamKind::kCountyCensus, TeamKind::kCrossInspection,
                 TeamKind::kResident, TeamKind::kThematic, TeamKind::kProvincial})
    EXPECT_EQ(ParseTeamKind(Name(k)), k);
  EXPECT_FALSE(ParseTeamKind("county"));
  EXPECT_EQ(SplitModes(JoinModes({CampaignMode::kResident, CampaignMode::kThematic})),
            (std::vector<CampaignMode>{CampaignMode::kResident, CampaignMode::kThematic}));
  EXPECT_EQ(SplitIds(JoinIds({"a", "b"})), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitIds(JoinIds({})).empty());
}

TEST(TeamValidate, AcceptsACountyCensusTeam) { EXPECT_TRUE(ValidateTeam(CountyTeam(TeamKind::kCountyCensus), City())); }

TEST(TeamValidate, KindMustFitLevel) {
  auto t = CountyTeam(TeamKind::kCountyCensus);
  t.kind = TeamKind::kProvincial;
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "invalid_team_kind");
  t.kind = TeamKind::kCitySupervision;
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "invalid_team_kind");
  t.level = TeamLevel::kCity;
  EXPECT_TRUE(ValidateTeam(t, City()));
  t.kind = TeamKind::kResident;
  t.level = TeamLevel::kProvince;
  EXPECT_TRUE(ValidateTeam(t, City()));
}

TEST(TeamValidate, CrossInspectionNeedsATargetAndOthersMustNotHaveOne) {
  auto t = CountyTeam(TeamKind::kCrossInspection);
  EXPECT_TRUE(ValidateTeam(t, City()));
  t.target_org_id.clear();
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "invalid_target");
  auto u = CountyTeam(TeamKind::kCountyCensus);
  u.target_org_id = "countyB";
  EXPECT_EQ(ValidateTeam(u, City()).error().slug, "invalid_target");
  EXPECT_EQ(CheckCrossTarget("countyA", "countyA").error().slug, "own_county");
  EXPECT_TRUE(CheckCrossTarget("countyA", "countyB"));
}

TEST(TeamValidate, DatesRoundsAndDuplicates) {
  auto t = CountyTeam(TeamKind::kCountyCensus);
  t.end_date = D(2021, 7, 2);
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "invalid_period");
  t = CountyTeam(TeamKind::kCountyCensus);
  t.end_date = D(2021, 3, 9);
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "invalid_period");
  t = CountyTeam(TeamKind::kCountyCensus);
  t.rounds = 0;
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "invalid_rounds");
  t.rounds = 2;
  t.members = {"u1", "u1"};
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "duplicate_value");
  t.members = {"u1"};
  t.experts = {"u1"};
  EXPECT_EQ(ValidateTeam(t, City()).error().slug, "duplicate_value");
  t.experts = {"u2"};
  EXPECT_TRUE(ValidateTeam(t, City()));
  EXPECT_TRUE(t.HasMember("u2"));
  EXPECT_FALSE(t.HasMember("u3"));
  t.leader_name = "";
  EXPECT_EQ(ValidateTeam(t, City()).error().field, "leader_name");
}

TEST(TeamMembers, ExpertsMustBeExpertsAndSchoolsCannotJoin) {
  EXPECT_TRUE(CheckMemberRole(Role::kExpert, true));
  EXPECT_EQ(CheckMemberRole(Role::kInspector, true).error().slug, "not_an_expert");
  EXPECT_TRUE(CheckMemberRole(Role::kInspector, false));
  EXPECT_TRUE(CheckMemberRole(Role::kBureauOfficer, false));
  EXPECT_EQ(CheckMemberRole(Role::kSchoolOfficer, false).error().slug, "invalid_member");
  EXPECT_EQ(CheckMemberRole(Role::kAuditor, false).error().slug, "invalid_member");
}

// ---- Checklists ----

TEST(ChecklistCatalog, HasTenRealCategoriesAndAtLeast120ValidItems) {
  const auto& items = CatalogItems();
  EXPECT_GE(items.size(), 120u);
  EXPECT_TRUE(ValidateItems(items));  // also: codes unique across the catalog
  std::set<HazardCategory> cats;
  for (const auto& i : items) {
    cats.insert(i.category);
    EXPECT_NE(i.basis.find_first_of("《GB"), std::string::npos) << i.code;
  }
  EXPECT_EQ(cats.size(), 10u);
  EXPECT_EQ(cats.count(HazardCategory::kOther), 0u);
}

TEST(ChecklistCatalog, TemplatesCoverEveryCategoryEachAtLeastTenItems) {
  const auto& t = CatalogTemplates();
  ASSERT_EQ(t.size(), 11u);
  std::size_t per_category = 0;
  for (const auto& x : t) {
    EXPECT_TRUE(ValidateChecklistName(x.name)) << x.key;
    EXPECT_TRUE(ValidateItems(x.items)) << x.key;
    EXPECT_GE(x.items.size(), 10u) << x.key;
    for (const auto& i : x.items) EXPECT_EQ(i.category, x.category) << x.key << " " << i.code;
    if (x.key != "fire_self") per_category += x.items.size();
  }
  EXPECT_EQ(per_category, CatalogItems().size());
  // Red items exist where failures are grave: D-level buildings, school bus licences, chemicals.
  int red = 0;
  for (const auto& i : CatalogItems()) red += i.risk == RiskLevel::kRed;
  EXPECT_GE(red, 8);
}

TEST(ChecklistItems, RejectsEmptyBadCodesDuplicatesAndMissingBasis) {
  EXPECT_EQ(ValidateItems({}).error().slug, "invalid_items");
  ChecklistItem ok{"X-1", HazardCategory::kFire, "灭火器有效", "《消防法》", RiskLevel::kYellow, false};
  EXPECT_TRUE(ValidateItems({ok}));
  auto bad = ok;
  bad.code = "x1";
  EXPECT_EQ(ValidateItems({bad}).error().slug, "invalid_item_code");
  EXPECT_EQ(ValidateItems({ok, ok}).error().slug, "duplicate_item_code");
  bad = ok;
  bad.basis = "";
  EXPECT_EQ(ValidateItems({bad}).error().field, "basis");
  bad = ok;
  bad.text = "灭";
  EXPECT_EQ(ValidateItems({bad}).error().field, "text");
}

TEST(ChecklistItems, JsonRoundTripsAndCorruptJsonIsCorrupt) {
  const auto& items = CatalogTemplates()[0].items;
  auto back = ItemsFromJson(ItemsToJson(items));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*back)[i].code, items[i].code);
    EXPECT_EQ((*back)[i].risk, items[i].risk);
    EXPECT_EQ((*back)[i].photo_required, items[i].photo_required);
    EXPECT_EQ((*back)[i].basis, items[i].basis);
  }
  auto j = ItemsToJson(items);
  j[0]["risk_level"] = "purple";
  EXPECT_EQ(ItemsFromJson(j).error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(ItemsFromJson(Json::object()).error().code, ErrorCode::kCorrupt);
}

TEST(ChecklistAuthorise, AdminsAndBureauOfficersOnly) {
  EXPECT_TRUE(AuthoriseChecklistWrite(Who(Role::kAdmin, "/"), "/prov/"));
  EXPECT_TRUE(AuthoriseChecklistWrite(Who(Role::kBureauOfficer, "/prov/city/"), "/prov/city/"));
  EXPECT_FALSE(AuthoriseChecklistWrite(Who(Role::kBureauOfficer, "/prov/city/"), "/prov/"));
  EXPECT_FALSE(AuthoriseChecklistWrite(Who(Role::kInspector, "/prov/city/"), "/prov/city/"));
  EXPECT_FALSE(AuthoriseChecklistWrite(Who(Role::kSchoolOfficer, "/prov/city/a/s/"), "/prov/city/a/s/"));
}

// ---- Inspections ----

Inspection Unannounced() {
  Inspection i;
  i.id = "ins_1";
  i.school_id = "s1";
  i.school_path = "/prov/city/countyB/s1/";
  i.county_path = "/prov/city/countyB/";
  i.inspecting_org_id = "countyA";
  i.inspecting_path = "/prov/city/countyA/";
  i.source = HazardSource::kCrossInspection;
  i.unannounced = true;
  i.inspectors = ",usr_insp,";
  return i;
}

TEST(InspectionVisibility, UnannouncedPlanIsHiddenFromTheSchoolAndItsCountyUntilCheckIn) {
  auto i = Unannounced();
  const Actor school = Who(Role::kSchoolOfficer, "/prov/city/countyB/s1/");
  const Actor county_b = Who(Role::kBureauOfficer, "/prov/city/countyB/");
  const Actor county_b_auditor = Who(Role::kAuditor, "/prov/city/countyB/");
  const Actor county_a = Who(Role::kBureauOfficer, "/prov/city/countyA/");
  const Actor city = Who(Role::kBureauOfficer, "/prov/city/");
  const Actor inspector = Who(Role::kInspector, "/prov/city/countyA/", "usr_insp");
  const Actor other_inspector = Who(Role::kInspector, "/prov/city/countyC/", "usr_other");
  EXPECT_FALSE(VisibleTo(i, school));
  EXPECT_FALSE(VisibleTo(i, county_b));
  EXPECT_FALSE(VisibleTo(i, county_b_auditor));
  EXPECT_FALSE(VisibleTo(i, other_inspector));
  EXPECT_TRUE(VisibleTo(i, county_a));
  EXPECT_TRUE(VisibleTo(i, city));
  EXPECT_TRUE(VisibleTo(i, inspector));
  i.state = InspectionState::kInProgress;
  EXPECT_TRUE(VisibleTo(i, school));
  EXPECT_TRUE(VisibleTo(i, county_b));
  EXPECT_FALSE(VisibleTo(i, other_inspector));
  i.state = InspectionState::kSubmitted;
  EXPECT_TRUE(VisibleTo(i, school));
}

TEST(InspectionVisibility, AnnouncedPlansAreVisibleToTheSchoolAtOnce) {
  auto i = Unannounced();
  i.unannounced = false;
  EXPECT_TRUE(VisibleTo(i, Who(Role::kSchoolOfficer, "/prov/city/countyB/s1/")));
  EXPECT_FALSE(VisibleTo(i, Who(Role::kSchoolOfficer, "/prov/city/countyB/s2/")));
}

TEST(InspectionVisibility, CityVisitsStayHiddenFromTheCountyToo) {
  auto i = Unannounced();
  i.inspecting_org_id = "city";
  i.inspecting_path = "/prov/city/";
  i.source = HazardSource::kCitySupervision;
  EXPECT_FALSE(VisibleTo(i, Who(Role::kBureauOfficer, "/prov/city/countyB/")));
  EXPECT_TRUE(VisibleTo(i, Who(Role::kBureauOfficer, "/prov/city/")));
  EXPECT_TRUE(VisibleTo(i, Who(Role::kAuditor, "/prov/")));
}

TEST(InspectionTransition, TheLegalTableAndNothingElse) {
  using S = InspectionState;
  using A = InspectionAction;
  const std::set<std::pair<S, A>> legal = {{S::kPlanned, A::kCheckIn},     {S::kInProgress, A::kRecord},
                                           {S::kInProgress, A::kFeedback}, {S::kInProgress, A::kSign},
                                           {S::kInProgress, A::kSubmit},   {S::kSubmitted, A::kAmend}};
  int refused = 0;
  for (S s : {S::kPlanned, S::kInProgress, S::kSubmitted})
    for (A a : {A::kCheckIn, A::kRecord, A::kFeedback, A::kSign, A::kSubmit, A::kAmend}) {
      auto r = Transition(s, a);
      EXPECT_EQ(r.has_value(), legal.count({s, a}) == 1) << Name(s) << " " << Name(a);
      if (!r) {
        ++refused;
        EXPECT_EQ(r.error().slug, "illegal_inspection_transition");
      }
    }
  EXPECT_EQ(refused, 12);
  EXPECT_EQ(*Transition(S::kPlanned, A::kCheckIn), S::kInProgress);
  EXPECT_EQ(*Transition(S::kInProgress, A::kSubmit), S::kSubmitted);
}

TEST(InspectionAuthorise, InspectorsOnThePlanAndThePlanningBureauOnly) {
  auto i = Unannounced();
  EXPECT_TRUE(AuthoriseInspection(i, Who(Role::kInspector, "/prov/city/countyA/", "usr_insp")));
  EXPECT_TRUE(AuthoriseInspection(i, Who(Role::kBureauOfficer, "/prov/city/countyA/")));
  EXPECT_FALSE(AuthoriseInspection(i, Who(Role::kInspector, "/prov/city/countyA/", "usr_other")));
  EXPECT_FALSE(AuthoriseInspection(i, Who(Role::kBureauOfficer, "/prov/city/countyB/")));
  EXPECT_FALSE(AuthoriseInspection(i, Who(Role::kSchoolOfficer, "/prov/city/countyB/s1/")));
  EXPECT_FALSE(AuthoriseInspection(i, Who(Role::kAuditor, "/prov/city/countyA/")));
  i.self_inspection = true;
  EXPECT_TRUE(AuthoriseInspection(i, Who(Role::kSchoolOfficer, "/prov/city/countyB/s1/")));
  EXPECT_FALSE(AuthoriseInspection(i, Who(Role::kSchoolOfficer, "/prov/city/countyB/s2/")));
  EXPECT_FALSE(AuthoriseInspection(i, Who(Role::kInspector, "/prov/city/countyA/", "usr_insp")));
}

TEST(InspectionItems, FailNeedsANoteAndWhereRequiredAPhoto) {
  const std::string sha(64, 'a');
  EXPECT_TRUE(ValidateItemResult(ItemResult::kPass, "", {}, true));
  EXPECT_EQ(ValidateItemResult(ItemResult::kFail, " ", {}, false).error().slug, "fail_note_required");
  EXPECT_EQ(ValidateItemResult(ItemResult::kFail, "过期", {}, true).error().slug, "photo_required");
  EXPECT_TRUE(ValidateItemResult(ItemResult::kFail, "过期", {sha}, true));
  EXPECT_EQ(ValidateItemResult(ItemResult::kFail, "过期", {"nothex"}, true).error().slug, "invalid_evidence");
  EXPECT_EQ(ValidateItemResult(ItemResult::kPass, std::string(501, 'x'), {}, false).error().slug, "text_too_long");
}

TEST(InspectionPosition, BothOrNeitherWithinRange) {
  EXPECT_TRUE(ValidatePosition("", ""));
  EXPECT_TRUE(ValidatePosition("36.4560", "115.9855"));
  EXPECT_TRUE(ValidatePosition("-33.9", "-70.6"));
  EXPECT_FALSE(ValidatePosition("36.4", ""));
  EXPECT_FALSE(ValidatePosition("91", "115"));
  EXPECT_FALSE(ValidatePosition("36", "181"));
  EXPECT_FALSE(ValidatePosition("3a", "115"));
  EXPECT_FALSE(ValidatePosition("36.", "115"));
}

TEST(InspectionSubmit, NeedsEveryItemAndBothSignatures) {
  auto i = Unannounced();
  Signature insp{SignerRole::kInspector, "张立新", "t"};
  Signature school{SignerRole::kSchool, "王校长", "t"};
  EXPECT_EQ(CheckCanSubmit(i, 10, 9, {insp, school}).error().slug, "items_unanswered");
  EXPECT_EQ(CheckCanSubmit(i, 10, 10, {insp}).error().slug, "signature_missing");
  EXPECT_EQ(CheckCanSubmit(i, 10, 10, {school}).error().slug, "signature_missing");
  EXPECT_TRUE(CheckCanSubmit(i, 10, 10, {insp, school}));
  i.self_inspection = true;
  EXPECT_EQ(CheckCanSubmit(i, 10, 10, {}).error().slug, "signature_missing");
  EXPECT_TRUE(CheckCanSubmit(i, 10, 10, {school}));
}

TEST(InspectionCarried, CodesRoundTrip) {
  EXPECT_EQ(CarriedCode("hz_1"), "HZ:hz_1");
  EXPECT_TRUE(IsCarriedCode("HZ:hz_1"));
  EXPECT_FALSE(IsCarriedCode("FIRE-01"));
}

}  // namespace
}  // namespace anxiao::domain
