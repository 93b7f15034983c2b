#include "app/demo_reports.hpp"

#include "app/level_reports.hpp"
#include "app/users.hpp"

namespace anxiao::app {
namespace {

constexpr const char* kTownship = "刘集镇";
constexpr std::size_t kMaxSchools = 8;
constexpr int kPeriodDaysAgo = 7;

}  // namespace

Result<DemoReportsSummary> LoadDemoReports(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                           const std::map<std::string, std::string>& ids,
                                           const std::string& campaign_id, const std::string& password_hash) {
  DemoReportsSummary sum;
  LevelReports reports(s);
  Users users(s);
  const auto sys = domain::Actor::System();
  auto actor_of = [&](const std::string& username) -> Result<domain::Actor> {
    TRY_ASSIGN(auto u, tx.FindUserByUsername(username));
    if (!u) return Fail(Internal("demo user missing: " + username));
    return ActorFor(tx, *u);
  };
  const Date period = CivilFromDays(DaysFromCivil(ChinaDateOf(s.clock.Now())) - kPeriodDaysAgo);
  TRY_ASSIGN(const auto county, actor_of("county.officer"));
  TRY_ASSIGN(const auto city_officer, actor_of("city.officer"));
  TRY_ASSIGN(const auto school_officer, actor_of("school.officer"));
  TRY_ASSIGN(const auto principal, actor_of("principal"));

  // The demo school first, then the schools of one township of 东阿县.
  std::vector<const DemoSchool*> schools;
  for (const auto& ds : city.schools)
    if (ids.at("school:" + ds.school.code) == school_officer.scope_org_id) schools.push_back(&ds);
  for (const auto& ds : city.schools) {
    if (schools.size() >= kMaxSchools) break;
    if (ds.parent_key == "county:371524" && ds.school.name.find(kTownship) != std::string::npos &&
        ids.at("school:" + ds.school.code) != school_officer.scope_org_id)
      schools.push_back(&ds);
  }
  if (schools.size() < 3) return Fail(Internal("demo reports: too few schools in the township"));

  for (std::size_t i = 0; i < schools.size(); ++i) {
    const auto& ds = *schools[i];
    const std::string org_id = ids.at("school:" + ds.school.code);
    ReportRequest req{org_id, campaign_id, period};
    domain::LevelReport r;
    if (i == 0) {
      TRY_ASSIGN(r, reports.PrepareIn(tx, school_officer, req));
      TRY_ASSIGN(r, reports.ApproveIn(tx, principal, r.id, r.version));
    } else {
      const std::string name = ds.school.principal_name.empty() ? ds.school.name + "校长" : ds.school.principal_name;
      NewUser nu{"xz" + ds.school.code, name, kDemoPassword, org_id, ds.school.name, domain::Role::kPrincipal};
      TRY_ASSIGN(auto u, users.CreateIn(tx, sys, nu, password_hash));
      ++sum.users;
      TRY_ASSIGN(auto head, ActorFor(tx, u));
      TRY_ASSIGN(r, reports.PrepareIn(tx, head, req));
    }
    ++sum.reports;
    // The last school's figures do not match its ledger: returned.
    const bool accept = i + 1 < schools.size();
    TRY_ASSIGN(r, reports.DecideIn(tx, county, r.id, r.version, accept,
                                   accept ? "" : "上报的隐患数与学校隐患台账不一致，请核对台账后重新上报"));
  }
  // 东阿县 reports upward, referencing the accepted school reports; 聊城市 accepts.
  TRY_ASSIGN(auto cr, reports.PrepareIn(tx, county, ReportRequest{county.scope_org_id, campaign_id, period}));
  TRY_ASSIGN(cr, reports.DecideIn(tx, city_officer, cr.id, cr.version, true, ""));
  ++sum.reports;
  // 阳谷县's report waits for 聊城市.
  TRY_ASSIGN(auto yanggu, actor_of("officer.371521"));
  TRY_STATUS(reports.PrepareIn(tx, yanggu, ReportRequest{yanggu.scope_org_id, campaign_id, period}));
  ++sum.reports;
  return sum;
}

}  // namespace anxiao::app
