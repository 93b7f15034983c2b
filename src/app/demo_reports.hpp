#pragma once
// The demo's level reports (逐级上报), driven through app::LevelReports for the demo campaign with
// the period end a week ago: the schools of 东阿县's 刘集镇 report (their principals prepare; the demo
// school's safety officer prepares and its principal approves), 东阿县 accepts all but one, which
// it returns with a reason; 东阿县 then reports, referencing the accepted school reports, and 聊城市
// accepts; 阳谷县's report waits for 聊城市's decision.

#include <map>
#include <string>

#include "app/demo_city.hpp"
#include "app/services.hpp"

namespace anxiao::app {

struct DemoReportsSummary {
  std::int64_t reports = 0, users = 0;
};

// `ids`: demo key → org id, as LoadDemo builds it; `password_hash` the shared hash of the extra users.
Result<DemoReportsSummary> LoadDemoReports(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                           const std::map<std::string, std::string>& ids,
                                           const std::string& campaign_id, const std::string& password_hash);

}  // namespace anxiao::app
