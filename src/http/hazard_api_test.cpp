// The hazard endpoints through Api::Handle on a real SQLite store (no socket): the whole loop with
// two people, scope, separation of duties, preconditions and idempotency keys.

#include <gtest/gtest.h>

#include <filesystem>

#include "app/evidence.hpp"
#include "app/registry.hpp"
#include "app/setup.hpp"
#include "app/users.hpp"
#include "app/verify.hpp"
#include "http/api.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace anxiao::http {
namespace {

class HazardApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("anxiao_hazard_api_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    store_ = std::move(*store::sqlite::OpenSqliteStore(dir_.string(), clock_));
    services_ = std::make_unique<app::Services>(app::Services{*store_, clock_, ids_, PasswordCost::kTest});
    root_ = *app::EnsureRoot(*services_, "山东省", "370000");
    app::Registry reg(*services_);
    auto sys = domain::Actor::System();
    city_ = reg.CreateOrg(sys, root_, domain::OrgKind::kCity, "聊城市", "371500")->id;
    donge_ = reg.CreateOrg(sys, city_, domain::OrgKind::kCounty, "东阿县", "371524")->id;
    guan_ = reg.CreateOrg(sys, city_, domain::OrgKind::kCounty, "冠县", "371525")->id;
    domain::School s;
    s.parent_id = donge_;
    s.code = "3137240001";
    s.name = "东阿县实验小学";
    school_ = reg.CreateSchool(sys, s)->id;
    app::Users users(*services_);
    users.Create(sys, {"county.officer", "县局", "anxiao-demo", donge_, "", domain::Role::kBureauOfficer});
    users.Create(sys, {"inspector", "督导", "anxiao-demo", donge_, "", domain::Role::kInspector});
    users.Create(sys, {"guan.inspector", "冠县督导", "anxiao-demo", guan_, "", domain::Role::kInspector});
    users.Create(sys, {"school.officer", "安全科长", "anxiao-demo", school_, "", domain::Role::kSchoolOfficer});
    users.Create(sys, {"principal", "校长", "anxiao-demo", school_, "", domain::Role::kPrincipal});
    users.Create(sys, {"auditor", "审计", "anxiao-demo", city_, "", domain::Role::kAuditor});
    // Evidence photos: three small pictures, uploaded by every user who writes, so that each may
    // reference them (a reference must name an upload of one's own or one in scope).
    files_ = std::move(*store::files::LocalEvidenceFiles::Open((dir_ / "evidence").string()));
    codec_ = std::move(*media::VipsCodec::Open());
    services_->evidence_files = files_.get();
    services_->images = codec_.get();
    std::string* shas[] = {&kShaA, &kShaB, &kShaC};
    for (std::uint64_t seed = 0; seed < 3; ++seed) {
      auto jpeg = codec_->RenderDemoPhoto(domain::DemoPhotoSpec{seed, "", "", 64, 48});
      ASSERT_TRUE(jpeg);
      for (const char* name : {"county.officer", "inspector", "guan.inspector", "school.officer", "principal"}) {
        auto actor = domain::ReadValue<domain::Actor>(*store_, [&](domain::ReadView& v) -> Result<domain::Actor> {
          TRY_ASSIGN(auto u, v.FindUserByUsername(name));
          return app::ActorFor(v, *u);
        });
        ASSERT_TRUE(actor);
        auto up = app::Evidence(*services_).Upload(*actor, *jpeg);
        ASSERT_TRUE(up) << up.error().internal;
        *shas[seed] = up->record.sha256;
      }
    }
    api_ = std::make_unique<Api>(*services_, ApiOptions{});
  }
  void TearDown() override {
    api_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  struct Session {
    std::string cookie, csrf;
  };
  Session Login(const std::string& user) {
    Request r{"POST",
              "/api/v1/session",
              {},
              {{"content-type", "application/json"}},
              Json{{"username", user}, {"password", "anxiao-demo"}}.dump(),
              "127.0.0.1"};
    auto resp = api_->Handle(r);
    EXPECT_EQ(resp.status, 200) << resp.body;
    Session s;
    for (auto& [k, v] : resp.headers)
      if (k == "Set-Cookie") s.cookie = v.substr(0, v.find(';'));
    s.csrf = Json::parse(resp.body)["csrf_token"];
    return s;
  }
  Response Call(const Session& s, std::string method, std::string path, const Json& body = nullptr,
                std::map<std::string, std::string> headers = {}, std::map<std::string, std::string> query = {}) {
    Request r{std::move(method),
              std::move(path),
              std::move(query),
              {{"cookie", s.cookie}, {"content-type", "application/json"}},
              body.is_null() ? "" : body.dump(),
              "127.0.0.1"};
    if (r.method != "GET") r.headers["x-csrf-token"] = s.csrf;
    for (auto& [k, v] : headers) r.headers[k] = v;
    return api_->Handle(r);
  }
  // A transition with If-Match "<version>".
  Response Act(const Session& s, const std::string& id, const std::string& action, std::int64_t version,
               const Json& body = Json::object()) {
    return Call(s, "POST", "/api/v1/hazards/" + id + "/" + action, body,
                {{"if-match", "\"" + std::to_string(version) + "\""}});
  }
  static std::string Code(const Response& r) { return Json::parse(r.body).value("code", ""); }
  static Json J(const Response& r) { return Json::parse(r.body); }
  static std::string Header(const Response& r, const std::string& name) {
    for (auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  std::int64_t HeadSeq() {
    return domain::ReadValue<domain::JournalHead>(*store_, [](domain::ReadView& v) { return v.Head(); })->seq;
  }

  Json NewHazard(const std::string& risk = "yellow") {
    return Json{
        {"school_id", school_},         {"source", "self"},   {"category", "fire"}, {"description", "疏散通道堆放杂物"},
        {"location", "教学楼一楼东侧"}, {"risk_level", risk}, {"evidence", {kShaA}}};
  }
  Json Register(const Session& s, const Json& body) {
    auto r = Call(s, "POST", "/api/v1/hazards", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return J(r);
  }

  std::filesystem::path dir_;
  domain::SystemClock clock_;
  SeededIds ids_{7};
  std::unique_ptr<store::SqlStore> store_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<store::files::LocalEvidenceFiles> files_;
  std::unique_ptr<media::VipsCodec> codec_;
  std::string kShaA, kShaB, kShaC;  // photos uploaded in SetUp
  std::string root_, city_, donge_, guan_, school_;
};

TEST_F(HazardApiTest, WholeLoopWithTwoPeople) {
  auto school = Login("school.officer");
  auto inspector = Login("inspector");
  auto created = Call(school, "POST", "/api/v1/hazards", NewHazard());
  ASSERT_EQ(created.status, 201) << created.body;
  auto h = J(created);
  const std::string id = h["id"];
  EXPECT_EQ(h["state"], "registered");
  EXPECT_EQ(h["version"], 1);
  EXPECT_EQ(h["school_name"], "东阿县实验小学");
  EXPECT_EQ(h["supervising_org_id"], donge_);
  EXPECT_EQ(Header(created, "ETag"), "\"1\"");
  EXPECT_EQ(Header(created, "Location"), "/api/v1/hazards/" + id);
  const std::string number = h["number"];
  EXPECT_EQ(number.substr(0, 7), "371524-");
  EXPECT_EQ(number.substr(number.size() - 7), "-000001");

  EXPECT_EQ(J(Call(school, "GET", "/api/v1/hazards/" + id))["actions"], Json({"plan", "request_extension"}));
  EXPECT_EQ(J(Call(inspector, "GET", "/api/v1/hazards/" + id))["actions"], Json({"void"}));
  auto planned =
      Act(school, id, "plan", 1, {{"measures", "清理杂物，设置禁止堆放标识"}, {"responsible_person", "李四"}});
  ASSERT_EQ(planned.status, 200) << planned.body;
  EXPECT_EQ(J(planned)["state"], "planned");
  ASSERT_EQ(Act(school, id, "start", 2).status, 200);
  ASSERT_EQ(Act(school, id, "progress", 3, {{"note", "已清理一半"}, {"evidence", {kShaB}}}).status, 200);
  auto submitted = Act(school, id, "submit", 4, {{"note", "清理完毕"}, {"evidence", {kShaC}}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(J(submitted)["state"], "awaiting_review");
  auto closed = Act(inspector, id, "review", 5, {{"decision", "close"}, {"reason", "现场复查合格"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(J(closed)["state"], "closed");
  EXPECT_EQ(Header(closed, "ETag"), "\"6\"");

  auto detail = Call(inspector, "GET", "/api/v1/hazards/" + id);
  ASSERT_EQ(detail.status, 200);
  auto d = J(detail);
  ASSERT_EQ(d["history"].size(), 6u);
  EXPECT_EQ(d["history"][0]["kind"], "hazard.registered");
  EXPECT_EQ(d["history"][5]["kind"], "hazard.reviewed");
  EXPECT_EQ(d["history"][5]["payload"]["decision"], "close");
  EXPECT_EQ(d["evidence"].size(), 3u);
  EXPECT_EQ(d["evidence"][2]["kind"], "after");
  EXPECT_EQ(Header(detail, "ETag"), "\"6\"");
  EXPECT_NE(d["reviewed_by"], d["submitted_by"]);
  EXPECT_EQ(d["people"][d["reviewed_by"].get<std::string>()], "督导");
  EXPECT_EQ(d["actions"], Json::array());
  EXPECT_EQ(d["people"][d["submitted_by"].get<std::string>()], "安全科长");

  auto list = J(Call(school, "GET", "/api/v1/hazards", nullptr, {}, {{"state", "closed"}}));
  EXPECT_EQ(list["total"], 1);
  auto rep = app::Verify(*store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok);
}

TEST_F(HazardApiTest, RejectionSendsItBackAndExtensionsMoveTheDeadline) {
  auto school = Login("school.officer");
  auto inspector = Login("inspector");
  auto h = Register(school, NewHazard("orange"));
  const std::string id = h["id"];
  ASSERT_EQ(Act(school, id, "plan", 1, {{"measures", "更换灭火器"}, {"responsible_person", "王五"}}).status, 200);
  auto ext = Call(school, "POST", "/api/v1/hazards/" + id + "/extensions",
                  {{"new_deadline", "2099-01-01"}, {"reason", "供货延迟"}}, {{"if-match", "\"2\""}});
  EXPECT_EQ(ext.status, 400);  // more than a year
  EXPECT_EQ(Code(ext), "invalid_deadline");
  std::string old_deadline = h["deadline"];
  auto d = *ParseDate(old_deadline);
  std::string new_deadline = FormatDate(CivilFromDays(DaysFromCivil(d) + 10));
  ext = Call(school, "POST", "/api/v1/hazards/" + id + "/extensions",
             {{"new_deadline", new_deadline}, {"reason", "供货延迟"}}, {{"if-match", "\"2\""}});
  ASSERT_EQ(ext.status, 201) << ext.body;
  const std::string eid = J(ext)["extension"]["id"];
  EXPECT_EQ(J(ext)["extension"]["state"], "pending");
  // The school cannot approve its own request.
  auto self = Call(school, "POST", "/api/v1/hazards/" + id + "/extensions/" + eid + "/decision",
                   {{"decision", "approve"}}, {{"if-match", "\"3\""}});
  EXPECT_EQ(self.status, 403);
  auto ok = Call(inspector, "POST", "/api/v1/hazards/" + id + "/extensions/" + eid + "/decision",
                 {{"decision", "approve"}}, {{"if-match", "\"3\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(J(ok)["hazard"]["deadline"], new_deadline);
  EXPECT_EQ(J(ok)["extension"]["state"], "approved");
  ASSERT_EQ(Act(school, id, "start", 4).status, 200);
  ASSERT_EQ(Act(school, id, "submit", 5, {{"evidence", {kShaC}}}).status, 200);
  auto noreason = Act(inspector, id, "review", 6, {{"decision", "reject"}});
  EXPECT_EQ(noreason.status, 400);
  auto rejected = Act(inspector, id, "review", 6, {{"decision", "reject"}, {"reason", "灭火器压力不足"}});
  ASSERT_EQ(rejected.status, 200);
  EXPECT_EQ(J(rejected)["state"], "rectifying");
  EXPECT_EQ(J(rejected)["rejection_count"], 1);
  auto detail = J(Call(school, "GET", "/api/v1/hazards/" + id));
  EXPECT_EQ(detail["extensions"].size(), 1u);
  EXPECT_EQ(detail["extension_count"], 1);
}

TEST_F(HazardApiTest, OutsideScopeIs404LikeMissing) {
  auto school = Login("school.officer");
  auto guan = Login("guan.inspector");
  auto h = Register(school, NewHazard());
  const std::string id = h["id"];
  auto r = Call(guan, "GET", "/api/v1/hazards/" + id);
  EXPECT_EQ(r.status, 404);
  auto missing = Call(guan, "GET", "/api/v1/hazards/hz_doesnotexist");
  EXPECT_EQ(missing.body, r.body);
  // 404 comes before the If-Match precondition.
  EXPECT_EQ(Call(guan, "POST", "/api/v1/hazards/" + id + "/void", {{"reason", "x"}}).status, 404);
  EXPECT_EQ(Act(guan, id, "void", 1, {{"reason", "x"}}).status, 404);
  EXPECT_EQ(J(Call(guan, "GET", "/api/v1/hazards"))["total"], 0);
  // Registering at a school outside scope is 404 too.
  EXPECT_EQ(Call(guan, "POST", "/api/v1/hazards", NewHazard()).status, 404);
}

TEST_F(HazardApiTest, SchoolUserCannotReviewOrVoid) {
  auto school = Login("school.officer");
  auto principal = Login("principal");
  auto h = Register(school, NewHazard());
  const std::string id = h["id"];
  ASSERT_EQ(Act(school, id, "plan", 1, {{"measures", "清理"}, {"responsible_person", "李四"}}).status, 200);
  ASSERT_EQ(Act(principal, id, "start", 2).status, 200);
  ASSERT_EQ(Act(school, id, "submit", 3, {{"evidence", {kShaC}}}).status, 200);
  auto before = HeadSeq();
  for (const auto& s : {school, principal}) {
    auto r = Act(s, id, "review", 4, {{"decision", "close"}});
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(Code(r), "school_cannot_review");
    EXPECT_EQ(J(r)["message"], "学校不能复查、销号或作废本校隐患");
    EXPECT_EQ(Act(s, id, "void", 4, {{"reason", "不想整改"}}).status, 403);
  }
  // The county officer did none of the work, so it may review.
  auto officer = Login("county.officer");
  EXPECT_EQ(Act(officer, id, "review", 4, {{"decision", "close"}}).status, 200);
  EXPECT_EQ(HeadSeq(), before + 1);
}

TEST_F(HazardApiTest, BureauOfficerWhoPlannedCannotReview) {
  auto officer = Login("county.officer");
  auto inspector = Login("inspector");
  auto h = Register(officer, NewHazard());
  const std::string id = h["id"];
  ASSERT_EQ(Act(officer, id, "plan", 1, {{"measures", "清理"}, {"responsible_person", "李四"}}).status, 200);
  ASSERT_EQ(Act(officer, id, "start", 2).status, 200);
  ASSERT_EQ(Act(officer, id, "submit", 3, {{"evidence", {kShaC}}}).status, 200);
  auto own = Act(officer, id, "review", 4, {{"decision", "close"}});
  EXPECT_EQ(own.status, 403);
  EXPECT_EQ(Code(own), "own_work");
  EXPECT_EQ(Act(inspector, id, "review", 4, {{"decision", "close"}}).status, 200);
}

TEST_F(HazardApiTest, IllegalTransitionIs409NamingBothStates) {
  auto school = Login("school.officer");
  auto h = Register(school, NewHazard());
  const std::string id = h["id"];
  auto r = Act(school, id, "submit", 1, {{"evidence", {kShaC}}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Code(r), "illegal_transition");
  EXPECT_EQ(J(r)["message"], "隐患状态为「已登记」，不能「提交复查」");
  auto en = Call(school, "POST", "/api/v1/hazards/" + id + "/start", Json::object(),
                 {{"if-match", "\"1\""}, {"accept-language", "en"}});
  EXPECT_EQ(J(en)["message"], "cannot start a hazard in state registered");
  auto tw = Call(school, "POST", "/api/v1/hazards/" + id + "/start", Json::object(),
                 {{"if-match", "\"1\""}, {"accept-language", "zh-TW"}});
  EXPECT_EQ(J(tw)["message"], "隱患狀態為「已登記」，不能「開始整改」");
}

TEST_F(HazardApiTest, TransitionsNeedIfMatch) {
  auto school = Login("school.officer");
  auto h = Register(school, NewHazard());
  const std::string id = h["id"];
  Json plan{{"measures", "清理"}, {"responsible_person", "李四"}};
  auto missing = Call(school, "POST", "/api/v1/hazards/" + id + "/plan", plan);
  EXPECT_EQ(missing.status, 428);
  EXPECT_EQ(Code(missing), "version_required");
  auto stale = Act(school, id, "plan", 7, plan);
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Code(stale), "version_mismatch");
  ASSERT_EQ(Act(school, id, "plan", 1, plan).status, 200);
  EXPECT_EQ(Act(school, id, "start", 1).status, 412);  // someone else's version 1 is gone
}

TEST_F(HazardApiTest, RedHazardNeedsFiveInPlaceAndNotifiesTheCity) {
  auto officer = Login("county.officer");
  auto school = Login("school.officer");
  Json body = NewHazard("red");
  body["source"] = "county_spot_check";
  body["category"] = "dormitory";
  auto h = Register(officer, body);
  const std::string id = h["id"];
  EXPECT_EQ(h["supervising_org_id"], donge_);
  Json plan{{"measures", "更换老化线路"}, {"responsible_person", "王校长"},     {"funds", "2万元"},
            {"deadline", h["deadline"]},  {"contingency_plan", "学生临时安置"}, {"closed_for_use", true}};
  auto r = Act(school, id, "plan", 1, plan);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Code(r), "red_plan_incomplete");
  EXPECT_EQ(J(r)["field"], "interim_measures");
  plan["interim_measures"] = "断电并设警戒线";
  auto ok = Act(school, id, "plan", 1, plan);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(J(ok)["closed_for_use"], true);
  auto d = J(Call(officer, "GET", "/api/v1/hazards/" + id));
  EXPECT_EQ(d["history"][1]["kind"], "notice.sent");
  EXPECT_EQ(d["history"][1]["payload"]["to_org_id"], city_);
  EXPECT_EQ(d["history"][1]["payload"]["kind"], "red_hazard_supervision");
}

TEST_F(HazardApiTest, IdempotencyKeyReplaysTheFirstResponse) {
  auto school = Login("school.officer");
  std::map<std::string, std::string> key{{"idempotency-key", "reg-0001"}};
  auto first = Call(school, "POST", "/api/v1/hazards", NewHazard(), key);
  ASSERT_EQ(first.status, 201);
  auto head = HeadSeq();
  auto again = Call(school, "POST", "/api/v1/hazards", NewHazard(), key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Header(again, "ETag"), "\"1\"");
  EXPECT_EQ(HeadSeq(), head);
  EXPECT_EQ(J(Call(school, "GET", "/api/v1/hazards"))["total"], 1);
  // The same key for another request is refused; so is the same key with another body.
  const std::string id = J(first)["id"];
  auto other = Call(school, "POST", "/api/v1/hazards/" + id + "/start", Json::object(),
                    {{"idempotency-key", "reg-0001"}, {"if-match", "\"1\""}});
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(Code(other), "idempotency_key_reused");
  auto body = NewHazard();
  body["description"] = "另一处隐患";
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body, key)), "idempotency_key_reused");
  EXPECT_EQ(HeadSeq(), head);
  // Keys are per user: the principal's "reg-0001" is a different request.
  auto principal = Login("principal");
  EXPECT_EQ(Call(principal, "POST", "/api/v1/hazards", NewHazard(), key).status, 201);
  // A transition replayed with its key answers as the first time, not 412.
  std::map<std::string, std::string> plan_key{{"idempotency-key", "plan-1"}, {"if-match", "\"1\""}};
  Json plan{{"measures", "清理"}, {"responsible_person", "李四"}};
  auto p1 = Call(school, "POST", "/api/v1/hazards/" + id + "/plan", plan, plan_key);
  auto p2 = Call(school, "POST", "/api/v1/hazards/" + id + "/plan", plan, plan_key);
  EXPECT_EQ(p1.status, 200);
  EXPECT_EQ(p2.status, 200);
  EXPECT_EQ(p1.body, p2.body);
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", NewHazard(), {{"idempotency-key", "bad key!"}})),
            "invalid_idempotency_key");
}

TEST_F(HazardApiTest, ListFiltersAndQueryValidation) {
  auto school = Login("school.officer");
  auto inspector = Login("inspector");
  auto body = NewHazard("blue");
  body["found_at"] = FormatDate(CivilFromDays(DaysFromCivil(ChinaDateOf(clock_.Now())) - 10));
  auto late = Register(school, body);
  Json spot = NewHazard("red");
  spot["source"] = "county_spot_check";
  Register(inspector, spot);
  EXPECT_EQ(late["overdue"], true);
  EXPECT_EQ(late["days_left"], -7);
  auto overdue = J(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"overdue", "true"}}));
  ASSERT_EQ(overdue["total"], 1);
  EXPECT_EQ(overdue["items"][0]["id"], late["id"]);
  auto red = J(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"sort", "risk"}}));
  EXPECT_EQ(red["items"][0]["risk_level"], "red");
  EXPECT_EQ(J(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"source", "self"}}))["total"], 1);
  EXPECT_EQ(J(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"org", donge_}}))["total"], 2);
  EXPECT_EQ(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"org", guan_}}).status, 404);
  EXPECT_EQ(Code(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"sort", "name; DROP TABLE hazard"}})),
            "invalid_query");
  EXPECT_EQ(Code(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"state", "open"}})), "unknown_enum_value");
  EXPECT_EQ(Code(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"colour", "red"}})), "invalid_query");
  EXPECT_EQ(Code(Call(inspector, "GET", "/api/v1/hazards", nullptr, {}, {{"overdue", "yes"}})), "invalid_query");
}

TEST_F(HazardApiTest, BadRegistrationsGetSpecificCodesAndChangeNothing) {
  auto school = Login("school.officer");
  auto head = HeadSeq();
  auto body = NewHazard();
  body.erase("risk_level");
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "missing_field");
  body = NewHazard();
  body["category"] = "ghosts";
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "unknown_enum_value");
  body = NewHazard();
  body["evidence"] = {"not-a-hash"};
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "invalid_evidence");
  body = NewHazard();
  body["found_at"] = "2999-01-01";
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "invalid_found_at");
  body["found_at"] = "yesterday";
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "invalid_date");
  body = NewHazard();
  body["source"] = "province";
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "missing_field");  // needs the supervising org
  body["supervising_org_id"] = school_;
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "invalid_supervising_org");
  body = NewHazard();
  body["priority"] = 1;
  EXPECT_EQ(Code(Call(school, "POST", "/api/v1/hazards", body)), "unknown_field");
  auto auditor = Login("auditor");
  EXPECT_EQ(Code(Call(auditor, "POST", "/api/v1/hazards", NewHazard())), "read_only");
  EXPECT_EQ(HeadSeq(), head);
}

TEST_F(HazardApiTest, OpenApiDescribesTheHazardEndpoints) {
  Request r{"GET", "/api/v1/openapi.json", {}, {}, "", "127.0.0.1"};
  auto doc = Json::parse(api_->Handle(r).body);
  for (const char* path : {"/api/v1/hazards", "/api/v1/hazards/{id}", "/api/v1/hazards/{id}/plan",
                           "/api/v1/hazards/{id}/start", "/api/v1/hazards/{id}/progress", "/api/v1/hazards/{id}/submit",
                           "/api/v1/hazards/{id}/review", "/api/v1/hazards/{id}/void",
                           "/api/v1/hazards/{id}/extensions", "/api/v1/hazards/{id}/extensions/{eid}/decision"})
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  EXPECT_TRUE(doc["components"]["schemas"].contains("HazardDetail"));
}

}  // namespace
}  // namespace anxiao::http
