// The ledger downloads (GET /orgs/{id}/ledgers/…) through Api::Handle on a real SQLite store.

#include <gtest/gtest.h>

#include <filesystem>

#include "app/evidence.hpp"
#include "app/registry.hpp"
#include "app/setup.hpp"
#include "app/users.hpp"
#include "http/api.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace anxiao::http {
namespace {

class LedgerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("anxiao_ledger_api_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    store_ = std::move(*store::sqlite::OpenSqliteStore(dir_.string(), clock_));
    services_ = std::make_unique<app::Services>(app::Services{*store_, clock_, ids_, PasswordCost::kTest});
    root_ = *app::EnsureRoot(*services_, "山东省", "370000");
    app::Registry reg(*services_);
    auto sys = domain::Actor::System();
    city_ = reg.CreateOrg(sys, root_, domain::OrgKind::kCity, "聊城市", "371500")->id;
    donge_ = reg.CreateOrg(sys, city_, domain::OrgKind::kCounty, "东阿县", "371524")->id;
    domain::School s;
    s.parent_id = donge_;
    s.code = "3137240001";
    s.name = "东阿县实验小学";
    school_ = reg.CreateSchool(sys, s)->id;
    app::Users users(*services_);
    users.Create(sys, {"county.officer", "县局", "anxiao-demo", donge_, "", domain::Role::kBureauOfficer});
    users.Create(sys, {"school.officer", "安全科长", "anxiao-demo", school_, "", domain::Role::kSchoolOfficer});
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
      for (const char* name : {"county.officer", "school.officer"}) {
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
                std::map<std::string, std::string> headers = {}) {
    Request r{std::move(method),
              std::move(path),
              {},
              {{"cookie", s.cookie}, {"content-type", "application/json"}},
              body.is_null() ? "" : body.dump(),
              "127.0.0.1"};
    if (r.method != "GET") r.headers["x-csrf-token"] = s.csrf;
    for (auto& [k, v] : headers) r.headers[k] = v;
    return api_->Handle(r);
  }
  static std::string Header(const Response& r, const std::string& name) {
    for (auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  Json Register(const Session& s, const std::string& description, const std::string& risk) {
    auto r = Call(s, "POST", "/api/v1/hazards",
                  Json{{"school_id", school_},
                       {"source", "self"},
                       {"category", "fire"},
                       {"description", description},
                       {"risk_level", risk},
                       {"evidence", {kShaA}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Json::parse(r.body);
  }
  // Two hazards, the second planned.
  void Seed() {
    auto school = Login("school.officer");
    Register(school, "疏散通道堆放杂物", "yellow");
    auto h = Register(school, "配电箱未上锁, \"二楼\"", "orange");
    auto p = Call(school, "POST", "/api/v1/hazards/" + h["id"].get<std::string>() + "/plan",
                  Json{{"measures", "加装门锁"}, {"responsible_person", "李四"}}, {{"if-match", "\"1\""}});
    ASSERT_EQ(p.status, 200) << p.body;
  }
  static std::size_t Lines(const std::string& csv) {
    std::size_t n = 0;
    for (std::size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++n;
    return n;
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
  std::string root_, city_, donge_, school_;
};

TEST_F(LedgerApiTest, HazardLedgerXlsxIsAWorkbookDownload) {
  Seed();
  auto officer = Login("county.officer");
  auto r = Call(officer, "GET", "/api/v1/orgs/" + donge_ + "/ledgers/hazards.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Header(r, "Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_GT(r.body.size(), 4u);
  EXPECT_EQ(r.body.substr(0, 4), std::string("PK\x03\x04", 4));
  auto cd = Header(r, "Content-Disposition");
  EXPECT_EQ(cd.rfind("attachment; ", 0), 0u) << cd;
  // 东阿县隐患台账 percent-encoded in UTF-8.
  EXPECT_NE(cd.find("filename*=UTF-8''%E4%B8%9C%E9%98%BF%E5%8E%BF%E9%9A%90%E6%82%A3%E5%8F%B0%E8%B4%A6-"),
            std::string::npos)
      << cd;
  EXPECT_NE(cd.find(".xlsx"), std::string::npos);
}

TEST_F(LedgerApiTest, HazardLedgerCsvHasBomHeaderAndOneLinePerHazard) {
  Seed();
  auto auditor = Login("auditor");  // read-only roles may download
  auto r = Call(auditor, "GET", "/api/v1/orgs/" + donge_ + "/ledgers/hazards.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Header(r, "Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(r.body.find("\xEF\xBB\xBF序号,学校,隐患描述,类别,风险等级,发现方式,发现时间,整改措施,责任人,整改时限,进度,"
                        "完成时间,复查人,复查时间,销号时间,备注\r\n"),
            0u);
  EXPECT_EQ(Lines(r.body), 3u);  // header + 2 hazards
  EXPECT_NE(r.body.find("\r\n1,东阿县实验小学,疏散通道堆放杂物,消防安全,一般,学校自查,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\r\n2,东阿县实验小学,\"配电箱未上锁, \"\"二楼\"\"\",消防安全,较大,学校自查,"),
            std::string::npos)
      << r.body;
  EXPECT_NE(Header(r, "Content-Disposition").find(".csv"), std::string::npos);
}

TEST_F(LedgerApiTest, RectificationLedgerHasOnlyPlannedHazards) {
  Seed();
  auto school = Login("school.officer");
  auto r = Call(school, "GET", "/api/v1/orgs/" + school_ + "/ledgers/rectifications.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Lines(r.body), 2u);
  EXPECT_NE(r.body.find(",加装门锁,李四,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("已制定方案"), std::string::npos);
  auto x = Call(school, "GET", "/api/v1/orgs/" + school_ + "/ledgers/rectifications.xlsx");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.body.substr(0, 4), std::string("PK\x03\x04", 4));
  // 东阿县实验小学整改台账
  EXPECT_NE(Header(x, "Content-Disposition").find("%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6-"), std::string::npos);
}

TEST_F(LedgerApiTest, OrgOutsideScopeIs404) {
  auto school = Login("school.officer");
  // Nothing registered yet: just the header.
  auto own = Call(school, "GET", "/api/v1/orgs/" + school_ + "/ledgers/hazards.csv");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Lines(own.body), 1u);
  Seed();
  // The school's county and city are outside a school officer's scope.
  for (const auto& org : {donge_, city_})
    for (const char* p : {"hazards.xlsx", "hazards.csv", "rectifications.xlsx", "rectifications.csv"}) {
      auto r = Call(school, "GET", "/api/v1/orgs/" + org + "/ledgers/" + p);
      EXPECT_EQ(r.status, 404) << p << " " << r.body;
    }
  EXPECT_EQ(Call(school, "GET", "/api/v1/orgs/org_missing/ledgers/hazards.csv").status, 404);
  EXPECT_EQ(Call(school, "GET", "/api/v1/orgs/" + school_ + "/ledgers/hazards.pdf").status, 404);
}

}  // namespace
}  // namespace anxiao::http
