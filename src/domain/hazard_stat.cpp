#include "domain/hazard_stat.hpp"

#include <utility>

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

namespace {

// The ids of the nodes on an org path: "/a/b/c/" → a, b, c.
std::vector<std::string> NodesOf(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 1;
  while (i < path.size()) {
    const auto slash = path.find('/', i);
    if (slash == std::string::npos) break;
    if (slash > i) out.push_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

// The "<node>|<campaign>|" prefixes of every node on `path`, for all hazards and for `campaign`.
std::vector<std::string> PathPrefixes(const std::string& path, const std::string& campaign) {
  std::vector<std::string> out;
  for (const auto& node : NodesOf(path)) {
    out.push_back(StatPrefix(node, ""));
    if (!campaign.empty()) out.push_back(StatPrefix(node, campaign));
  }
  return out;
}

}  // namespace

std::vector<std::string> HazardStatPrefixes(const Row& h) {
  return PathPrefixes(Text(h, "path"), Text(h, "campaign_id"));
}

std::map<std::string, std::int64_t> InspectionStatKeys(const Row& ins) {
  std::map<std::string, std::int64_t> k;
  if (Int(ins, "self_inspection") == 0 || Text(ins, "state") != "submitted") return k;
  k["self_done"] = 1;
  if (auto at = ParseIso(Text(ins, "submitted_at"))) k["~s:" + FormatDate(ChinaDateOf(*at))] = 1;
  return k;
}

void AddInspectionStats(const Row& ins, int sign, std::map<std::string, std::int64_t>* sums) {
  const auto keys = InspectionStatKeys(ins);
  if (keys.empty()) return;
  for (const auto& p : PathPrefixes(Text(ins, "school_path"), Text(ins, "campaign_id")))
    for (const auto& [k, w] : keys) (*sums)[p + k] += sign * w;
}

std::map<std::string, std::int64_t> SelfCheckKeys(std::int64_t self_done, std::int64_t self_found, std::int64_t total) {
  std::map<std::string, std::int64_t> k;
  if (self_done <= 0 || self_found != 0) return k;
  k["sc_clean"] = 1;
  const std::int64_t outside = total - self_found;
  if (outside > 0) {
    k["sc_missed"] = 1;
    k["sc_missed_h"] = outside;
  }
  return k;
}

namespace {

std::int64_t Get(const std::map<std::string, std::int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

// Adds `sign` × a school's derived self-check counters to every node on its path.
void AddDerived(const std::string& school_path, const std::string& campaign,
                const std::map<std::string, std::int64_t>& keys, int sign, std::map<std::string, std::int64_t>* sums) {
  for (const auto& node : NodesOf(school_path))
    for (const auto& [k, w] : keys) (*sums)[StatPrefix(node, campaign) + k] += sign * w;
}

// Every (school path, campaign) pair and the same school for all campaigns, once each.
std::set<std::pair<std::string, std::string>> WithAllCampaigns(
    const std::set<std::pair<std::string, std::string>>& schools) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& [path, campaign] : schools) {
    if (NodeOfPath(path).empty()) continue;
    out.emplace(path, "");
    if (!campaign.empty()) out.emplace(path, campaign);
  }
  return out;
}

}  // namespace

void AddSelfCheckStats(const std::set<std::pair<std::string, std::string>>& schools,
                       std::map<std::string, std::int64_t>* sums) {
  std::vector<std::pair<std::pair<std::string, std::string>, std::map<std::string, std::int64_t>>> derived;
  for (const auto& s : WithAllCampaigns(schools)) {
    const std::string p = StatPrefix(NodeOfPath(s.first), s.second);
    derived.emplace_back(
        s, SelfCheckKeys(Get(*sums, p + "self_done"), Get(*sums, p + "src:self"), Get(*sums, p + "total")));
  }
  for (const auto& [s, keys] : derived) AddDerived(s.first, s.second, keys, +1, sums);
}

void AddHazardStats(const Row& h, int sign, std::map<std::string, std::int64_t>* sums) {
  const auto keys = HazardStatKeys(h);
  for (const auto& p : HazardStatPrefixes(h))
    for (const auto& [k, w] : keys) (*sums)[p + k] += sign * w;
}

namespace {

// A hazard row that changed but stayed on the same path and campaign moves only the counters of
// the keys whose weight changed (a transition: two to four of its dozen keys), under each prefix;
// the same sums as AddHazardStats(before, -1) and AddHazardStats(after, +1), without building and
// cancelling the unchanged ones (most of AppendHazardStatOps's time on the write path).
bool AddHazardStatChange(const Row& before, const Row& after, std::map<std::string, std::int64_t>* sums) {
  const std::string& path = Text(after, "path");
  const std::string& campaign = Text(after, "campaign_id");
  if (Text(before, "path") != path || Text(before, "campaign_id") != campaign) return false;
  auto change = HazardStatKeys(after);
  for (const auto& [k, w] : HazardStatKeys(before)) change[k] -= w;
  std::erase_if(change, [](const auto& kv) { return kv.second == 0; });
  if (change.empty()) return true;
  std::string key;
  for (const auto& p : PathPrefixes(path, campaign)) {
    for (const auto& [k, w] : change) {
      key.assign(p).append(k);
      (*sums)[key] += w;
    }
  }
  return true;
}

}  // namespace

Status AppendHazardStatOps(std::vector<RowOp>* ops, ProjectionReader& reader) {
  // The hazard and self-inspection rows the ops touch, before and after, in the order first
  // touched. Inspection rows count only when an op may change what they contribute (their state
  // or submission; item records merely touch updated_at).
  auto relevant = [](const RowOp& op) {
    if (op.table == "hazard") return true;
    if (op.table != "inspection") return false;
    return op.kind != RowOp::Kind::kUpdate || op.fields.count("state") || op.fields.count("submitted_at") ||
           op.fields.count("self_inspection") || op.fields.count("school_path") || op.fields.count("campaign_id");
  };
  std::set<std::string> tracked;  // "<table>\n<key>"
  for (const auto& op : *ops)
    if (relevant(op)) tracked.insert(op.table + "\n" + op.key);
  if (tracked.empty()) return {};
  std::vector<std::pair<bool, std::string>> order;  // (hazard?, id)
  std::map<std::string, std::optional<Row>> before, after;
  for (const auto& op : *ops) {
    const std::string id = op.table + "\n" + op.key;
    if (!tracked.count(id)) continue;
    if (!after.count(id)) {
      TRY_ASSIGN(auto old, reader.GetRow(op.table, op.key));
      before[id] = old;
      after[id] = std::move(old);
      order.emplace_back(op.table == "hazard", id);
    }
    auto& row = after[id];
    if (op.kind == RowOp::Kind::kInsert) {
      row = op.fields;
    } else if (op.kind == RowOp::Kind::kUpdate && row) {
      for (const auto& [k, v] : op.fields) (*row)[k] = v;
    } else {
      row.reset();
    }
  }
  std::map<std::string, std::int64_t> delta;
  std::set<std::pair<std::string, std::string>> schools;  // (school path, campaign) touched
  for (const auto& [hazard, id] : order) {
    if (hazard && before[id] && after[id] && AddHazardStatChange(*before[id], *after[id], &delta)) {
      schools.emplace(Text(*after[id], "path"), Text(*after[id], "campaign_id"));
      continue;
    }
    for (const auto* row : {&before[id], &after[id]}) {
      if (!*row) continue;
      const int sign = row == &before[id] ? -1 : +1;
      if (hazard) {
        AddHazardStats(**row, sign, &delta);
        schools.emplace(Text(**row, "path"), Text(**row, "campaign_id"));
      } else if (Int(**row, "self_inspection") != 0) {
        AddInspectionStats(**row, sign, &delta);
        schools.emplace(Text(**row, "school_path"), Text(**row, "campaign_id"));
      }
    }
  }
  auto current = [&](const std::string& id) -> Result<std::int64_t> {
    TRY_ASSIGN(auto cur, reader.GetRow(kStatTable, id));
    return cur ? Int(*cur, "n") : std::int64_t{0};
  };
  // A school whose self_done, src:self or total moved passes the change of its derived self-check
  // counters on to its path.
  for (const auto& [path, campaign] : WithAllCampaigns(schools)) {
    const std::string p = StatPrefix(NodeOfPath(path), campaign);
    const std::int64_t d_done = Get(delta, p + "self_done"), d_self = Get(delta, p + "src:self"),
                       d_total = Get(delta, p + "total");
    if (d_done == 0 && d_self == 0 && d_total == 0) continue;
    TRY_ASSIGN(const std::int64_t done, current(p + "self_done"));
    TRY_ASSIGN(const std::int64_t self, current(p + "src:self"));
    TRY_ASSIGN(const std::int64_t total, current(p + "total"));
    AddDerived(path, campaign, SelfCheckKeys(done, self, total), -1, &delta);
    AddDerived(path, campaign, SelfCheckKeys(done + d_done, self + d_self, total + d_total), +1, &delta);
  }
  // Each counter moves by its delta without being read first (RowOp::kAdd: one upsert in SQL; the
  // row is created when missing, deleted at zero, and a count below zero is kCorrupt).
  for (const auto& [id, d] : delta) {
    if (d == 0) continue;
    ops->push_back(RowOp{RowOp::Kind::kAdd, kStatTable, id, {{"n", d}}});
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
