// API unit tests through Api::Handle on a real SQLite store in a temp directory (no socket). The
// black-box tests against the running binary are in tests/api.

#include "http/api.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/registry.hpp"
#include "app/setup.hpp"
#include "app/users.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace anxiao::http {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("anxiao_api_test_" + std::to_string(::getpid()) + "_" +
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
    donge_school_ = reg.CreateSchool(sys, s)->id;
    s.parent_id = guan_;
    s.code = "3137250001";
    s.name = "冠县实验小学";
    guan_school_ = reg.CreateSchool(sys, s)->id;
    app::Users users(*services_);
    users.Create(sys, {"admin", "管理员", "anxiao-demo", root_, "", domain::Role::kAdmin});
    users.Create(sys, {"county.officer", "县局", "anxiao-demo", donge_, "", domain::Role::kBureauOfficer});
    users.Create(sys, {"school.officer", "安全科长", "anxiao-demo", donge_school_, "", domain::Role::kSchoolOfficer});
    users.Create(sys, {"auditor", "审计", "anxiao-demo", city_, "", domain::Role::kAuditor});
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
  Session Login(const std::string& user, const std::string& pw = "anxiao-demo") {
    Request r{"POST",
              "/api/v1/session",
              {},
              {{"content-type", "application/json"}},
              Json{{"username", user}, {"password", pw}}.dump(),
              "127.0.0.1"};
    auto resp = api_->Handle(r);
    EXPECT_EQ(resp.status, 200) << resp.body;
    Session s;
    for (auto& [k, v] : resp.headers)
      if (k == "Set-Cookie") s.cookie = v.substr(0, v.find(';'));
    s.csrf = Json::parse(resp.body)["csrf_token"];
    return s;
  }
  Response Call(const Session& s, std::string method, std::string path, std::string body = "",
                std::map<std::string, std::string> query = {}, std::map<std::string, std::string> extra = {}) {
    Request r{std::move(method), std::move(path),
              std::move(query),  {{"cookie", s.cookie}, {"content-type", "application/json"}},
              std::move(body),   "127.0.0.1"};
    if (r.method != "GET") r.headers["x-csrf-token"] = s.csrf;
    for (auto& [k, v] : extra) r.headers[k] = v;
    return api_->Handle(r);
  }
  static std::string Code(const Response& r) { return Json::parse(r.body).value("code", ""); }

  std::filesystem::path dir_;
  domain::SystemClock clock_;
  SeededIds ids_{7};
  std::unique_ptr<store::SqlStore> store_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<Api> api_;
  std::string root_, city_, donge_, guan_, donge_school_, guan_school_;
};

TEST_F(ApiTest, LoginWrongPasswordIs401BadCredentials) {
  Request r{"POST", "/api/v1/session", {}, {}, R"({"username":"admin","password":"nope-nope"})", "1.2.3.4"};
  auto resp = api_->Handle(r);
  EXPECT_EQ(resp.status, 401);
  EXPECT_EQ(Code(resp), "bad_credentials");
  EXPECT_EQ(Json::parse(resp.body)["message"], "用户名或密码错误");
}

TEST_F(ApiTest, RepeatedFailuresAreThrottled) {
  Request r{"POST", "/api/v1/session", {}, {}, R"({"username":"admin","password":"nope-nope"})", "1.2.3.4"};
  for (int i = 0; i < 5; ++i) api_->Handle(r);
  auto resp = api_->Handle(r);
  EXPECT_EQ(resp.status, 429);
  EXPECT_EQ(Code(resp), "throttled");
  EXPECT_GT(Json::parse(resp.body)["retry_after_seconds"].get<int>(), 0);
}

TEST_F(ApiTest, CountyOfficerGets404ForOtherCountySchool) {
  auto s = Login("county.officer");
  EXPECT_EQ(Call(s, "GET", "/api/v1/schools/" + donge_school_).status, 200);
  auto r = Call(s, "GET", "/api/v1/schools/" + guan_school_);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "not_found");
  // Same answer as for an id that does not exist at all.
  auto missing = Call(s, "GET", "/api/v1/schools/sch_doesnotexist");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, r.body);
  EXPECT_EQ(Call(s, "GET", "/api/v1/orgs/" + guan_).status, 404);
}

TEST_F(ApiTest, SchoolOfficerSeesOnlyItsSchool) {
  auto s = Login("school.officer");
  auto r = Call(s, "GET", "/api/v1/schools");
  ASSERT_EQ(r.status, 200);
  auto j = Json::parse(r.body);
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["items"][0]["id"], donge_school_);
}

TEST_F(ApiTest, AuditorGets403OnWrites) {
  auto s = Login("auditor");
  auto r = Call(s, "POST", "/api/v1/schools",
                R"({"code":"3137240009","name":"x","parent_id":")" + donge_ + R"(","type":"primary"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Code(r), "read_only");
  EXPECT_EQ(Call(s, "GET", "/api/v1/schools").status, 200);
}

TEST_F(ApiTest, WritesWithoutCsrfAreRejected) {
  auto s = Login("admin");
  Request r{"POST", "/api/v1/schools", {}, {{"cookie", s.cookie}}, "{}", "127.0.0.1"};
  auto resp = api_->Handle(r);
  EXPECT_EQ(resp.status, 403);
  EXPECT_EQ(Code(resp), "csrf_missing");
  r.headers["x-csrf-token"] = "wrong";
  EXPECT_EQ(Code(api_->Handle(r)), "csrf_invalid");
}

TEST_F(ApiTest, SearchMatchesPinyinAndInitials) {
  auto s = Login("admin");
  for (auto q : {"东阿", "donge", "de", "3137240001", "DONGE"}) {
    auto j = Json::parse(Call(s, "GET", "/api/v1/schools", "", {{"q", q}}).body);
    ASSERT_EQ(j["total"], 1) << q;
    EXPECT_EQ(j["items"][0]["name"], "东阿县实验小学") << q;
  }
  auto j = Json::parse(Call(s, "GET", "/api/v1/schools", "", {{"q", "da"}}).body);
  EXPECT_EQ(j["total"], 0);
}

TEST_F(ApiTest, BadInputsGetSpecificCodesAndChangeNothing) {
  auto s = Login("admin");
  auto head_before = Json::parse(Call(s, "GET", "/api/v1/health").body)["journal_head"];
  EXPECT_EQ(Code(Call(s, "POST", "/api/v1/schools", "{not json")), "malformed_json");
  EXPECT_EQ(Code(Call(s, "POST", "/api/v1/schools", R"({"code":3137240009})")), "invalid_type");
  EXPECT_EQ(Code(Call(s, "POST", "/api/v1/schools",
                      R"({"code":"3137240009","name":"新学校","parent_id":")" + donge_ + R"(","type":"castle"})")),
            "unknown_enum_value");
  EXPECT_EQ(Code(Call(s, "POST", "/api/v1/schools",
                      R"({"code":"3137240009","name":"新学校","parent_id":")" + donge_ +
                          R"(","type":"primary","colour":"red"})")),
            "unknown_field");
  EXPECT_EQ(Code(Call(s, "POST", "/api/v1/schools",
                      R"({"code":"12","name":"新学校","parent_id":")" + donge_ + R"(","type":"primary"})")),
            "invalid_school_code");
  EXPECT_EQ(Code(Call(s, "GET", "/api/v1/schools", "", {{"type", "castle"}})), "unknown_enum_value");
  EXPECT_EQ(Code(Call(s, "GET", "/api/v1/schools", "", {{"page_size", "1000"}})), "invalid_query");
  auto head_after = Json::parse(Call(s, "GET", "/api/v1/health").body)["journal_head"];
  EXPECT_EQ(head_before, head_after);
}

TEST_F(ApiTest, PatchNeedsIfMatchAndDetectsStaleVersions) {
  auto s = Login("admin");
  auto path = "/api/v1/schools/" + donge_school_;
  EXPECT_EQ(Call(s, "PATCH", path, R"({"student_count":10})").status, 428);
  auto ok = Call(s, "PATCH", path, R"({"student_count":10})", {}, {{"if-match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json::parse(ok.body)["version"], 2);
  auto stale = Call(s, "PATCH", path, R"({"student_count":11})", {}, {{"if-match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Code(stale), "version_mismatch");
}

TEST_F(ApiTest, ErrorMessagesFollowAcceptLanguage) {
  Request r{
      "POST",   "/api/v1/session", {}, {{"accept-language", "en-US,en;q=0.9"}}, R"({"username":"x","password":"y"})",
      "9.9.9.9"};
  EXPECT_EQ(Json::parse(api_->Handle(r).body)["message"], "wrong username or password");
  r.headers["accept-language"] = "zh-TW";
  r.remote = "9.9.9.8";
  EXPECT_EQ(Json::parse(api_->Handle(r).body)["message"], "使用者名稱或密碼錯誤");
}

TEST_F(ApiTest, UnknownRouteAndUnauthenticated) {
  Request r{"GET", "/api/v1/nope", {}, {}, "", "127.0.0.1"};
  EXPECT_EQ(api_->Handle(r).status, 404);
  Request me{"GET", "/api/v1/me", {}, {}, "", "127.0.0.1"};
  EXPECT_EQ(api_->Handle(me).status, 401);
}

TEST_F(ApiTest, VerifyNowReportsOk) {
  auto s = Login("admin");
  auto r = Call(s, "POST", "/api/v1/integrity/verify");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json::parse(r.body);
  EXPECT_TRUE(j["ok"].get<bool>()) << r.body;
  EXPECT_GT(j["entries"].get<int>(), 5);
}

}  // namespace
}  // namespace anxiao::http
