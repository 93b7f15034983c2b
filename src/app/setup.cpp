#include "app/setup.hpp"

#include <map>

#include "app/campaigns.hpp"
#include "app/demo_campaign.hpp"
#include "app/demo_hazards.hpp"
#include "app/demo_reports.hpp"
#include "app/registry.hpp"
#include "app/users.hpp"

namespace anxiao::app {

Result<bool> IsEmpty(domain::Store& store) {
  return domain::ReadValue<bool>(store, [](domain::ReadView& v) -> Result<bool> {
    TRY_ASSIGN(auto head, v.Head());
    return head.seq == 0;
  });
}

Result<std::string> EnsureRoot(Services& s, const std::string& name, const std::string& code) {
  Registry reg(s);
  return domain::WriteValue<std::string>(s.store, [&](domain::WriteTx& tx) -> Result<std::string> {
    TRY_ASSIGN(auto head, tx.Head());
    if (head.seq == 0) {
      TRY_ASSIGN(auto org, reg.CreateOrgIn(tx, domain::Actor::System(), "", domain::OrgKind::kProvince, name, code));
      // The built-in checklist catalog, owned by the root (domain/checklist_catalog.hpp).
      TRY_STATUS(Campaigns(s).InstallCatalogIn(tx, org.id));
      TRY_STATUS(tx.AddCheckpoint("init"));
      return org.id;
    }
    // The root is the subject of the first journal entry.
    TRY_ASSIGN(auto root, tx.RootOrg());
    if (!root) return Fail(Corrupt("the journal has entries but no root org"));
    return root->id;
  });
}

Result<DemoSummary> LoadDemo(Services& s, const DemoCity& city, DemoClock* clock) {
  Registry reg(s);
  Users users(s);
  // Hash passwords before the transaction (argon2id is deliberately slow).
  std::vector<std::string> hashes;
  for (std::size_t i = 0; i < city.users.size(); ++i) hashes.push_back(HashPassword(kDemoPassword, s.password_cost));
  // One hash shared by the extra users of the demo hazards (one argon2id run instead of ~20).
  const std::string extra_hash = HashPassword(kDemoPassword, s.password_cost);

  DemoSummary sum;
  // Whatever happens, the clock is the real one again afterwards.
  struct Release {
    DemoClock* clock;
    ~Release() {
      if (clock) clock->Release();
    }
  } release{clock};
  TRY_STATUS(s.store.Write([&](domain::WriteTx& tx) -> Status {
    TRY_ASSIGN(auto head, tx.Head());
    if (head.seq != 0) return Fail(Conflict("not_empty", "the demo can only be loaded into an empty installation"));
    if (clock) {
      // The register exists before the campaign: 90 days ago, at 08:30 China Standard Time.
      const Date today = ChinaDateOf(clock->Real());
      clock->Set(Timestamp{EndOfChinaDay(CivilFromDays(DaysFromCivil(today) - 91)).ms + 510 * 60000});
    }
    const auto sys = domain::Actor::System();
    std::map<std::string, std::string> ids;  // demo key → org id
    for (const auto& o : city.orgs) {
      std::string parent = o.parent_key.empty() ? "" : ids.at(o.parent_key);
      TRY_ASSIGN(auto org, reg.CreateOrgIn(tx, sys, parent, o.kind, o.name, o.code));
      ids[o.key] = org.id;
      ++sum.orgs;
    }
    TRY_STATUS(Campaigns(s).InstallCatalogIn(tx, ids.at("province")));
    for (const auto& ds : city.schools) {
      domain::School sc = ds.school;
      sc.parent_id = ids.at(ds.parent_key);
      TRY_ASSIGN(auto created, reg.CreateSchoolIn(tx, sys, sc));
      ids["school:" + created.code] = created.id;
      ++sum.schools;
    }
    for (std::size_t i = 0; i < city.users.size(); ++i) {
      const auto& du = city.users[i];
      auto scope = ids.find(du.scope_key);
      if (scope == ids.end()) return Fail(Internal("demo user scope not found: " + du.scope_key));
      NewUser nu{du.username, du.display_name, kDemoPassword, scope->second, du.organization, du.role};
      TRY_STATUS(users.CreateIn(tx, sys, nu, hashes[i]));
      ++sum.users;
    }
    // The crews of the demo hazards take part in the campaign, so they come first.
    TRY_ASSIGN(auto crews, LoadDemoCrews(s, tx, city, ids, extra_hash));
    sum.users += crews.users;
    TRY_ASSIGN(auto cmp, LoadDemoCampaign(s, tx, city, ids, extra_hash, clock));
    sum.hazards += cmp.hazards;
    sum.users += cmp.users;
    // The demo's own hazards (found up to two months ago) and the level reports: now.
    if (clock) clock->Release();
    TRY_ASSIGN(auto hz, LoadDemoHazards(s, tx, city, ids, crews));
    sum.hazards += hz.hazards;
    TRY_ASSIGN(auto rep, LoadDemoReports(s, tx, city, ids, cmp.campaign_id, extra_hash));
    sum.users += rep.users;
    TRY_STATUS(tx.AddCheckpoint("demo"));
    TRY_ASSIGN(sum.head, tx.Head());
    return {};
  }));
  return sum;
}

}  // namespace anxiao::app
