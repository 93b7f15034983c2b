#include "domain/hazard_stat.hpp"

namespace anxiao::domain {
namespace {

const std::string& Text(const Row& r, const char* col) {
  static const std::string kEmpty;
  auto it = r.find(col);
  if (it == r.end()) return kEmpty;
  auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : kEmpty;
}

std::int64_t Int(const Row& r, const char* col) {
  auto it = r.find(col);
  if (it == r.end()) return 0;
  auto* i = std::get_if<std::int64_t>(&it->second);
  return i ? *i : 0;
}

}  // namespace

std::string StatPrefix(const std::string& node_id, const std::string& campaign_id) {
  return node_id + "|" + campaign_id + "|";
}

std::string NodeOfPath(const std::string& path) {
  if (path.size() < 2 || path.back() != '/') return {};
  const auto slash = path.rfind('/', path.size() - 2);
  return slash == std::string::npos ? std::string() : path.substr(slash + 1, path.size() - slash - 2);
}

std::map<std::string, std::int64_t> HazardStatKeys(const Row& h) {
  std::map<std::string, std::int64_t> k;
  const std::string& state = Text(h, "state");
  if (state == "voided") {
    k["voided"] = 1;
    return k;
  }
  const bool closed = state == "closed";
  const bool open = !closed;
  const bool with_school = state == "registered" || state == "planned" || state == "rectifying";
  const std::int64_t rank = Int(h, "risk_rank");
  const std::string r = std::to_string(rank);
  k["total"] = 1;
  k[open ? "open" : "closed"] = 1;
  k["risk:" + r] = 1;
  if (open) k["open_risk:" + r] = 1;
  k["cat:" + Text(h, "category")] = 1;
  k["src:" + Text(h, "source")] = 1;
  if (state == "planned" || state == "rectifying" || state == "awaiting_review") k["plan"] = 1;
  if (open && rank == 0) {
    k["red_open"] = 1;
    if (!Text(h, "interim_measures").empty()) {
      k["red_interim"] = 1;
      if (state != "registered" && !Text(h, "measures").empty() && !Text(h, "responsible_person").empty() &&
          !Text(h, "funds").empty() && !Text(h, "contingency_plan").empty())
        k["red_five"] = 1;
    }
  }
  if (with_school) k["due:" + Text(h, "deadline")] = 1;
  if (Int(h, "extension_count") > 0) k["extended"] = 1;
  if (Int(h, "rejection_count") != 0) k["rejections"] = Int(h, "rejection_count");
  const std::string& found = Text(h, "found_at");
  k["~f:" + found] = 1;
  const std::string& closed_at = Text(h, "closed_at");
  if (closed && !closed_at.empty()) {
    auto at = ParseIso(closed_at);
    auto f = ParseDate(found);
    if (at && f) {
      const Date day = ChinaDateOf(*at);
      k["days:" + std::to_string(DaysFromCivil(day) - DaysFromCivil(*f))] = 1;
      k["~c:" + FormatDate(day)] = 1;
    }
  }
  return k;
}

std::vector<std::string> HazardStatPrefixes(const Row& h) {
  std::vector<std::string> out;
  const std::string& path = Text(h, "path");
  const std::string& campaign = Text(h, "campaign_id");
  std::size_t i = 1;
  while (i < path.size()) {
    const auto slash = path.find('/', i);
    if (slash == std::string::npos) break;
    const std::string node = path.substr(i, slash - i);
    if (!node.empty()) {
      out.push_back(StatPrefix(node, ""));
      if (!campaign.empty()) out.push_back(StatPrefix(node, campaign));
    }
    i = slash + 1;
  }
  return out;
}

void AddHazardStats(const Row& h, int sign, std::map<std::string, std::int64_t>* sums) {
  const auto keys = HazardStatKeys(h);
  for (const auto& p : HazardStatPrefixes(h))
    for (const auto& [k, w] : keys) (*sums)[p + k] += sign * w;
}

Status AppendHazardStatOps(std::vector<RowOp>* ops, ProjectionReader& reader) {
  // The hazard rows the ops touch, before and after, in the order first touched.
  std::vector<std::string> order;
  std::map<std::string, std::optional<Row>> before, after;
  for (const auto& op : *ops) {
    if (op.table != "hazard") continue;
    if (!after.count(op.key)) {
      TRY_ASSIGN(auto old, reader.GetRow("hazard", op.key));
      before[op.key] = old;
      after[op.key] = old;
      order.push_back(op.key);
    }
    auto& row = after[op.key];
    if (op.kind == RowOp::Kind::kInsert) {
      row = op.fields;
    } else if (op.kind == RowOp::Kind::kUpdate && row) {
      for (const auto& [k, v] : op.fields) (*row)[k] = v;
    } else {
      row.reset();
    }
  }
  if (order.empty()) return {};
  std::map<std::string, std::int64_t> delta;
  for (const auto& id : order) {
    if (before[id]) AddHazardStats(*before[id], -1, &delta);
    if (after[id]) AddHazardStats(*after[id], +1, &delta);
  }
  for (const auto& [id, d] : delta) {
    if (d == 0) continue;
    TRY_ASSIGN(auto cur, reader.GetRow(kStatTable, id));
    const std::int64_t n0 = cur ? Int(*cur, "n") : 0;
    const std::int64_t n1 = n0 + d;
    if (n1 < 0) return Fail(Corrupt("hazard statistic " + id + " would fall below zero"));
    if (!cur) {
      ops->push_back(RowOp{RowOp::Kind::kInsert, kStatTable, id, {{"n", n1}}});
    } else if (n1 == 0) {
      ops->push_back(RowOp{RowOp::Kind::kDelete, kStatTable, id, {}});
    } else {
      ops->push_back(RowOp{RowOp::Kind::kUpdate, kStatTable, id, {{"n", n1}}});
    }
  }
  return {};
}

HazardAggregate AggregateFromStats(const std::map<std::string, std::int64_t>& c, Date as_of, int due_days) {
  HazardAggregate a;
  auto get = [&](const std::string& k) {
    auto it = c.find(k);
    return it == c.end() ? std::int64_t{0} : it->second;
  };
  a.total = get("total");
  a.open = get("open");
  a.closed = get("closed");
  a.voided = get("voided");
  for (int r = 0; r < 4; ++r) {
    a.by_risk[static_cast<std::size_t>(r)] = get("risk:" + std::to_string(r));
    a.open_by_risk[static_cast<std::size_t>(r)] = get("open_risk:" + std::to_string(r));
  }
  a.open_with_plan = get("plan");
  a.red_open = get("red_open");
  a.red_open_interim = get("red_interim");
  a.red_open_five = get("red_five");
  a.extended = get("extended");
  a.rejections = get("rejections");
  const std::string today = FormatDate(as_of);
  const std::string last_due = FormatDate(CivilFromDays(DaysFromCivil(as_of) + due_days));
  auto starts = [](const std::string& s, const char* p) { return s.rfind(p, 0) == 0; };
  for (const auto& [k, n] : c) {
    if (n == 0) continue;
    if (starts(k, "cat:")) {
      a.by_category[k.substr(4)] = n;
    } else if (starts(k, "src:")) {
      a.by_source[k.substr(4)] = n;
    } else if (starts(k, "due:")) {
      const std::string d = k.substr(4);
      if (d < today)
        a.overdue += n;
      else if (d <= last_due)
        a.due_soon += n;
    } else if (starts(k, "days:")) {
      a.close_days[std::stoll(k.substr(5))] += n;
    }
  }
  return a;
}

}  // namespace anxiao::domain
