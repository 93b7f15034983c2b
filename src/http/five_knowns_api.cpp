// GET /api/v1/orgs/{id}/five-knowns: the five knowns of an org node and the league table of its
// children (app::FiveKnowns). Transport only: query parsing and JSON.

#include "http/five_knowns_api.hpp"

#include <memory>

#include "app/five_knowns.hpp"
#include "http/api.hpp"
#include "http/api_kit.hpp"

namespace anxiao::http {
namespace {

// part / whole with four decimals, or null when the whole is 0 (no share of nothing).
Json Share(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return nullptr;
  return static_cast<double>(part * 10000 / whole) / 10000.0;
}

Json FiguresJson(const domain::HazardAggregate& a) {
  Json by_category = Json::object(), by_source = Json::object();
  for (const auto& [k, v] : a.by_category) by_category[k] = v;
  for (const auto& [k, v] : a.by_source) by_source[k] = v;
  Json risk = Json::object(), open_risk = Json::object();
  for (auto r :
       {domain::RiskLevel::kRed, domain::RiskLevel::kOrange, domain::RiskLevel::kYellow, domain::RiskLevel::kBlue}) {
    risk[std::string(domain::Name(r))] = a.by_risk[domain::RiskRank(r)];
    open_risk[std::string(domain::Name(r))] = a.open_by_risk[domain::RiskRank(r)];
  }
  std::int64_t closed_with_days = 0;
  for (const auto& [d, n] : a.close_days) closed_with_days += n;
  auto median = app::HistogramMedian(a.close_days);
  return Json{
      {"counts",
       {{"total", a.total},
        {"open", a.open},
        {"closed", a.closed},
        {"voided", a.voided},
        {"by_category", std::move(by_category)},
        {"by_source", std::move(by_source)}}},
      {"risk", {{"all", std::move(risk)}, {"open", std::move(open_risk)}}},
      {"measures",
       {{"open_with_plan", a.open_with_plan},
        {"plan_share", Share(a.open_with_plan, a.open)},
        {"red_open", a.red_open},
        {"red_open_with_interim", a.red_open_interim},
        {"red_open_five_in_place", a.red_open_five}}},
      {"deadlines",
       {{"overdue", a.overdue},
        {"due_soon", a.due_soon},
        {"due_soon_days", app::kDueSoonDays},
        {"extended", a.extended}}},
      {"progress",
       {{"closed_share", Share(a.closed, a.total)},
        {"median_days_to_close", median ? Json(*median) : Json(nullptr)},
        {"closed_with_days", closed_with_days},
        {"rejections", a.rejections},
        {"rejection_rate", Share(a.rejections, a.rejections + a.closed)}}},
  };
}

Json SelfCheckJson(const domain::SelfCheckMisses& m) {
  return Json{{"clean_schools", m.clean_schools},
              {"missed_schools", m.missed_schools},
              {"missed_hazards", m.missed_hazards},
              {"miss_rate", Share(m.missed_schools, m.clean_schools)}};
}

// The answer shape of both figure routes: the node's {org_id, name, kind} and the fields that
// `figures_json` gives for its figures, with `children` in the same shape, `as_of` and `campaign_id`.
template <typename Figures, typename FiguresJsonFn>
Json NodeAndChildrenJson(const app::NodeAndChildren<Figures>& t, Date as_of, const std::string& campaign_id,
                         FiguresJsonFn figures_json) {
  auto node_json = [&](const app::OrgFigures<Figures>& n) {
    Json j = figures_json(n.figures);
    j["org_id"] = n.org_id;
    j["name"] = n.name;
    j["kind"] = std::string(domain::Name(n.kind));
    return j;
  };
  Json children = Json::array();
  for (const auto& k : t.children) children.push_back(node_json(k));
  Json j = node_json(t.node);
  j["as_of"] = FormatDate(as_of);
  j["campaign_id"] = campaign_id.empty() ? Json(nullptr) : Json(campaign_id);
  j["children"] = std::move(children);
  return j;
}

// ?campaign=&as_of= of both figure routes.
Status ParseFigureQuery(const ApiCtx& c, std::optional<Date>* as_of, std::string* campaign) {
  for (const auto& [k, v] : c.req.query) {
    if (k == "campaign") {
      *campaign = v;  // empty: all hazards
      continue;
    }
    if (k != "as_of") return Fail(BadInput("invalid_query", "unknown query parameter: " + k, k));
    *as_of = ParseDate(v);
    if (!*as_of) return Fail(BadInput("invalid_date", "as_of must be a date YYYY-MM-DD", "as_of"));
  }
  return {};
}

}  // namespace

void RegisterFiveKnownsRoutes(Api& api, app::Services& s) {
  auto fk = std::make_shared<app::FiveKnowns>(s);
  api.Add("GET", "/api/v1/orgs/{id}/five-knowns", true, [fk](ApiCtx& c) -> Result<Response> {
    std::optional<Date> as_of;
    std::string campaign;
    TRY_STATUS(ParseFigureQuery(c, &as_of, &campaign));
    TRY_ASSIGN(auto rep, fk->For(c.actor(), c.params["id"], as_of, campaign));
    Json j = NodeAndChildrenJson(rep, rep.as_of, rep.campaign_id, [](const domain::HazardAggregate& a) {
      return Json{{"figures", FiguresJson(a)}};
    });
    Json trend = Json::array();
    for (const auto& d : rep.trend)
      trend.push_back(Json{{"date", FormatDate(d.day)}, {"found", d.found}, {"closed", d.closed}});
    j["trend"] = std::move(trend);
    if (rep.campaign) {
      const auto& f = *rep.campaign;
      j["campaign"] = Json{
          {"teams",
           {{"total", f.teams}, {"province", f.teams_province}, {"city", f.teams_city}, {"county", f.teams_county}}},
          {"schools_in_scope", f.schools_in_scope},
          {"schools_inspected", f.schools_inspected},
          {"coverage", Share(f.schools_inspected, f.schools_in_scope)},
          {"self_assigned", f.self_assigned},
          {"self_submitted", f.self_submitted}};
    } else {
      j["campaign"] = nullptr;
    }
    return JsonResponse(200, j);
  });
  api.Add("GET", "/api/v1/orgs/{id}/self-check", true, [fk](ApiCtx& c) -> Result<Response> {
    std::optional<Date> as_of;
    std::string campaign;
    TRY_STATUS(ParseFigureQuery(c, &as_of, &campaign));
    TRY_ASSIGN(auto rep, fk->SelfCheck(c.actor(), c.params["id"], as_of, campaign));
    return JsonResponse(200, NodeAndChildrenJson(rep, rep.as_of, rep.campaign_id, SelfCheckJson));
  });
}

}  // namespace anxiao::http
