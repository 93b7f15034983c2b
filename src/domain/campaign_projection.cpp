#include "domain/campaign_projection.hpp"

#include "base/time.hpp"
#include "domain/campaign.hpp"
#include "domain/cells.hpp"
#include "domain/checklist.hpp"
#include "domain/inspection.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::domain {
namespace {

Result<std::string> Str(const Json& p, const char* key) { return PayloadStr(p, key); }
Result<std::int64_t> Int(const Json& p, const char* key) { return PayloadInt(p, key); }
// A JSON array payload field stored as its canonical text.
Result<std::string> ArrayText(const Json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_array()) return Fail(Corrupt(std::string("event payload lacks array field ") + key));
  return it->dump();
}
Result<std::string> IdList(const Json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_array()) return Fail(Corrupt(std::string("event payload lacks array field ") + key));
  std::vector<std::string> ids;
  for (const auto& e : *it) {
    if (!e.is_string()) return Fail(Corrupt(std::string("event payload field has a non-string id: ") + key));
    ids.push_back(e.get<std::string>());
  }
  return JoinIds(ids);
}
using cells::I;
using cells::S;

// Loads `table`/`subject` and checks that the payload's version follows the stored one.
Result<Row> Versioned(const std::string& table, const std::string& kind, const std::string& subject, const Json& p,
                      ProjectionReader& reader, std::int64_t* version) {
  TRY_ASSIGN(auto existing, reader.GetRow(table, subject));
  if (!existing) return Fail(Corrupt(kind + " of missing " + table + " " + subject));
  TRY_ASSIGN(*version, Int(p, "version"));
  if (*version != I(*existing, "version") + 1)
    return Fail(Corrupt(kind + " of " + table + " " + subject + " claims version " + std::to_string(*version) +
                        " after version " + std::to_string(I(*existing, "version"))));
  return *existing;
}

Status CampaignFields(const Json& p, Row* f) {
  TRY_ASSIGN((*f)["name"], Str(p, "name"));
  TRY_ASSIGN((*f)["start_date"], PayloadDate(p, "start_date"));
  TRY_ASSIGN((*f)["end_date"], PayloadDate(p, "end_date"));
  TRY_ASSIGN((*f)["modes"], Str(p, "modes"));
  TRY_ASSIGN((*f)["checklists"], IdList(p, "checklists"));
  return {};
}

Status TeamFields(const Json& p, Row* f) {
  for (const char* k : {"name", "leader_name", "leader_rank", "target_org_id"}) {
    TRY_ASSIGN((*f)[k], Str(p, k));
  }
  TRY_ASSIGN((*f)["members"], IdList(p, "members"));
  TRY_ASSIGN((*f)["experts"], IdList(p, "experts"));
  TRY_ASSIGN((*f)["schools"], IdList(p, "schools"));
  TRY_ASSIGN((*f)["start_date"], PayloadDate(p, "start_date"));
  TRY_ASSIGN((*f)["end_date"], PayloadDate(p, "end_date"));
  TRY_ASSIGN((*f)["rounds"], Int(p, "rounds"));
  return {};
}

Result<RowOp> VersionRow(const std::string& template_id, std::int64_t number, const Json& p, const EventContext& ctx) {
  auto items = p.find("items");
  if (items == p.end()) return Fail(Corrupt("checklist event lacks items"));
  TRY_STATUS(ItemsFromJson(*items));
  RowOp op{RowOp::Kind::kInsert, "checklist_version", template_id + ":" + std::to_string(number), {}};
  op.fields = {{"template_id", template_id},
               {"number", number},
               {"items", items->dump()},
               {"created_by", ctx.actor},
               {"created_at", ctx.at}};
  TRY_ASSIGN(op.fields["note"], Str(p, "note"));
  return op;
}

Result<RowOp> ItemRow(const std::string& inspection_id, const Json& p, ProjectionReader& reader,
                      const EventContext& ctx) {
  TRY_ASSIGN(auto code, Str(p, "code"));
  const std::string key = inspection_id + ":" + code;
  TRY_ASSIGN(auto existing, reader.GetRow("inspection_item", key));
  RowOp op{existing ? RowOp::Kind::kUpdate : RowOp::Kind::kInsert, "inspection_item", key, {}};
  auto& f = op.fields;
  TRY_ASSIGN(f["result"], PayloadEnum(p, "result", ParseItemResult));
  TRY_ASSIGN(f["note"], Str(p, "note"));
  TRY_ASSIGN(f["photos"], ArrayText(p, "photos"));
  TRY_ASSIGN(f["hazard_id"], Str(p, "hazard_id"));
  TRY_ASSIGN(auto item_version, Int(p, "item_version"));
  const std::int64_t have = existing ? I(*existing, "version") : 0;
  if (item_version != have + 1)
    return Fail(Corrupt("inspection item " + key + " claims version " + std::to_string(item_version) + " after " +
                        std::to_string(have)));
  f["version"] = item_version;
  f["recorded_by"] = ctx.actor;
  f["recorded_at"] = ctx.at;
  if (!existing) {
    f["inspection_id"] = inspection_id;
    f["code"] = code;
  }
  return op;
}

}  // namespace

bool IsCampaignEvent(const std::string& kind) {
  return kind.rfind("campaign.", 0) == 0 || kind.rfind("team.", 0) == 0 || kind.rfind("checklist.", 0) == 0 ||
         kind.rfind("inspection.", 0) == 0;
}

Result<std::vector<RowOp>> ProjectCampaignEvent(const std::string& kind, const std::string& subject, const Json& p,
                                                ProjectionReader& reader, const EventContext& ctx) {
  std::int64_t version = 0;
  if (kind == "campaign.created") {
    RowOp op{RowOp::Kind::kInsert, "campaign", subject, {}};
    auto& f = op.fields;
    for (const char* k : {"owner_org_id", "owner_path", "scope_org_id", "scope_path"}) {
      TRY_ASSIGN(f[k], Str(p, k));
    }
    TRY_STATUS(CampaignFields(p, &f));
    f["state"] = std::string(Name(CampaignState::kOpen));
    f["created_by"] = ctx.actor;
    f["created_at"] = ctx.at;
    f["closed_by"] = std::string();
    f["closed_at"] = std::string();
    f["updated_at"] = ctx.at;
    f["version"] = std::int64_t{1};
    return std::vector<RowOp>{op};
  }
  if (kind == "campaign.updated" || kind == "campaign.closed") {
    TRY_ASSIGN(auto row, Versioned("campaign", kind, subject, p, reader, &version));
    if (S(row, "state") != Name(CampaignState::kOpen)) return Fail(Corrupt(kind + " of closed campaign " + subject));
    RowOp op{RowOp::Kind::kUpdate, "campaign", subject, {{"version", version}, {"updated_at", ctx.at}}};
    if (kind == "campaign.updated") {
      TRY_STATUS(CampaignFields(p, &op.fields));
    } else {
      op.fields["state"] = std::string(Name(CampaignState::kClosed));
      op.fields["closed_by"] = ctx.actor;
      op.fields["closed_at"] = ctx.at;
    }
    return std::vector<RowOp>{op};
  }
  if (kind == "team.created") {
    RowOp op{RowOp::Kind::kInsert, "team", subject, {}};
    auto& f = op.fields;
    for (const char* k : {"campaign_id", "org_id", "org_path"}) {
      TRY_ASSIGN(f[k], Str(p, k));
    }
    TRY_ASSIGN(f["level"], PayloadEnum(p, "level", ParseTeamLevel));
    TRY_ASSIGN(f["kind"], PayloadEnum(p, "kind", ParseTeamKind));
    TRY_STATUS(TeamFields(p, &f));
    f["created_by"] = ctx.actor;
    f["created_at"] = ctx.at;
    f["version"] = std::int64_t{1};
    return std::vector<RowOp>{op};
  }
  if (kind == "team.updated") {
    TRY_STATUS(Versioned("team", kind, subject, p, reader, &version));
    RowOp op{RowOp::Kind::kUpdate, "team", subject, {{"version", version}}};
    TRY_STATUS(TeamFields(p, &op.fields));
    return std::vector<RowOp>{op};
  }
  if (kind == "checklist.created") {
    RowOp op{RowOp::Kind::kInsert, "checklist_template", subject, {}};
    auto& f = op.fields;
    for (const char* k : {"owner_org_id", "owner_path", "name", "copied_from"}) {
      TRY_ASSIGN(f[k], Str(p, k));
    }
    TRY_ASSIGN(f["category"], PayloadEnum(p, "category", ParseHazardCategory));
    f["current_version"] = std::int64_t{1};
    f["created_by"] = ctx.actor;
    f["created_at"] = ctx.at;
    f["version"] = std::int64_t{1};
    TRY_ASSIGN(auto v, VersionRow(subject, 1, p, ctx));
    return std::vector<RowOp>{op, v};
  }
  if (kind == "checklist.versioned") {
    TRY_ASSIGN(auto row, Versioned("checklist_template", kind, subject, p, reader, &version));
    TRY_ASSIGN(auto number, Int(p, "number"));
    if (number != I(row, "current_version") + 1)
      return Fail(Corrupt("checklist " + subject + " version " + std::to_string(number) + " does not follow " +
                          std::to_string(I(row, "current_version"))));
    RowOp op{RowOp::Kind::kUpdate, "checklist_template", subject, {{"version", version}, {"current_version", number}}};
    TRY_ASSIGN(op.fields["name"], Str(p, "name"));
    TRY_ASSIGN(auto v, VersionRow(subject, number, p, ctx));
    return std::vector<RowOp>{op, v};
  }
  if (kind == "inspection.planned") {
    RowOp op{RowOp::Kind::kInsert, "inspection", subject, {}};
    auto& f = op.fields;
    for (const char* k : {"campaign_id", "team_id", "school_id", "school_path", "county_path", "inspecting_org_id",
                          "inspecting_path", "external_body", "template_id", "inspectors", "previous_id"}) {
      TRY_ASSIGN(f[k], Str(p, k));
    }
    TRY_ASSIGN(f["source"], PayloadEnum(p, "source", ParseHazardSource));
    TRY_ASSIGN(f["template_version"], Int(p, "template_version"));
    TRY_ASSIGN(f["unannounced"], Int(p, "unannounced"));
    TRY_ASSIGN(f["self_inspection"], Int(p, "self_inspection"));
    TRY_ASSIGN(f["planned_date"], PayloadDate(p, "planned_date"));
    TRY_ASSIGN(f["due_date"], PayloadOptDate(p, "due_date"));
    TRY_ASSIGN(f["round"], Int(p, "round"));
    TRY_ASSIGN(auto tv, reader.GetRow("checklist_version",
                                      S(f, "template_id") + ":" + std::to_string(I(f, "template_version"))));
    if (!tv) return Fail(Corrupt("inspection " + subject + " uses a checklist version that does not exist"));
    f["state"] = std::string(Name(InspectionState::kPlanned));
    for (const char* k : {"checked_in_at", "checked_in_by", "latitude", "longitude", "feedback", "submitted_at",
                          "submitted_by", "last_amend_reason", "last_reminded_at"})
      f[k] = std::string();
    f["signatures"] = std::string("[]");
    f["amend_count"] = std::int64_t{0};
    f["reminded_count"] = std::int64_t{0};
    f["created_by"] = ctx.actor;
    f["created_at"] = ctx.at;
    f["updated_at"] = ctx.at;
    f["version"] = std::int64_t{1};
    std::vector<RowOp> ops{op};
    // Hazards carried forward from the earlier inspection become open items to re-check.
    auto carried = p.find("carried");
    if (carried != p.end()) {
      if (!carried->is_array()) return Fail(Corrupt("inspection.planned carried is not an array"));
      for (const auto& h : *carried) {
        if (!h.is_string()) return Fail(Corrupt("inspection.planned carried a non-string hazard id"));
        ops.push_back(RowOp{RowOp::Kind::kInsert,
                            "inspection_item",
                            subject + ":" + CarriedCode(h.get<std::string>()),
                            {{"inspection_id", subject},
                             {"code", CarriedCode(h.get<std::string>())},
                             {"result", std::string()},
                             {"note", std::string()},
                             {"photos", std::string("[]")},
                             {"hazard_id", h.get<std::string>()},
                             {"recorded_by", std::string()},
                             {"recorded_at", std::string()},
                             {"version", std::int64_t{0}}}});
      }
    }
    return ops;
  }
  if (kind == "inspection.reminded") {
    TRY_ASSIGN(auto row, reader.GetRow("inspection", subject));
    if (!row) return Fail(Corrupt("reminder of missing inspection " + subject));
    return std::vector<RowOp>{RowOp{RowOp::Kind::kUpdate,
                                    "inspection",
                                    subject,
                                    {{"reminded_count", I(*row, "reminded_count") + 1}, {"last_reminded_at", ctx.at}}}};
  }
  if (kind == "inspection.item_recorded") {
    // Items carry their own version; the inspection's stays (inspectors record items in parallel).
    TRY_ASSIGN(auto row, reader.GetRow("inspection", subject));
    if (!row) return Fail(Corrupt(kind + " of missing inspection " + subject));
    if (S(*row, "state") != Name(InspectionState::kInProgress))
      return Fail(Corrupt(kind + " of inspection " + subject + " in state " + S(*row, "state")));
    TRY_ASSIGN(auto item, ItemRow(subject, p, reader, ctx));
    return std::vector<RowOp>{item, RowOp{RowOp::Kind::kUpdate, "inspection", subject, {{"updated_at", ctx.at}}}};
  }
  if (kind == "inspection.items_recorded") {
    TRY_ASSIGN(auto row, reader.GetRow("inspection", subject));
    if (!row) return Fail(Corrupt(kind + " of missing inspection " + subject));
    if (S(*row, "state") != Name(InspectionState::kInProgress))
      return Fail(Corrupt(kind + " of inspection " + subject + " in state " + S(*row, "state")));
    auto items = p.find("items");
    if (items == p.end() || !items->is_array() || items->empty()) return Fail(Corrupt(kind + " without items"));
    std::vector<RowOp> ops;
    for (const auto& it : *items) {
      if (!it.is_object()) return Fail(Corrupt(kind + " with a non-object item"));
      TRY_ASSIGN(auto item, ItemRow(subject, it, reader, ctx));
      for (const auto& prev : ops)
        if (prev.key == item.key) return Fail(Corrupt(kind + " answers item " + item.key + " twice"));
      ops.push_back(std::move(item));
    }
    ops.push_back(RowOp{RowOp::Kind::kUpdate, "inspection", subject, {{"updated_at", ctx.at}}});
    return ops;
  }
  TRY_ASSIGN(auto row, Versioned("inspection", kind, subject, p, reader, &version));
  RowOp op{RowOp::Kind::kUpdate, "inspection", subject, {{"version", version}, {"updated_at", ctx.at}}};
  auto& f = op.fields;
  const std::string state = S(row, "state");
  auto need = [&](InspectionState s) -> Status {
    if (state != Name(s)) return Fail(Corrupt(kind + " of inspection " + subject + " in state " + state));
    return {};
  };
  std::vector<RowOp> ops;
  if (kind == "inspection.checked_in") {
    TRY_STATUS(need(InspectionState::kPlanned));
    TRY_ASSIGN(f["latitude"], Str(p, "latitude"));
    TRY_ASSIGN(f["longitude"], Str(p, "longitude"));
    f["checked_in_at"] = ctx.at;
    f["checked_in_by"] = ctx.actor;
    f["state"] = std::string(Name(InspectionState::kInProgress));
  } else if (kind == "inspection.feedback_given") {
    TRY_STATUS(need(InspectionState::kInProgress));
    TRY_ASSIGN(f["feedback"], Str(p, "feedback"));
  } else if (kind == "inspection.signed") {
    TRY_STATUS(need(InspectionState::kInProgress));
    TRY_ASSIGN(auto role, PayloadEnum(p, "role", ParseSignerRole));
    TRY_ASSIGN(auto name, Str(p, "name"));
    Json sigs = Json::array();
    auto parsed = ParseJson(S(row, "signatures"));
    if (parsed && parsed->is_array()) sigs = *parsed;
    sigs.push_back(Json{{"role", role}, {"name", name}, {"at", ctx.at}});
    f["signatures"] = sigs.dump();
  } else if (kind == "inspection.submitted") {
    TRY_STATUS(need(InspectionState::kInProgress));
    f["state"] = std::string(Name(InspectionState::kSubmitted));
    f["submitted_at"] = ctx.at;
    f["submitted_by"] = ctx.actor;
  } else if (kind == "inspection.amended") {
    TRY_STATUS(need(InspectionState::kSubmitted));
    TRY_ASSIGN(f["last_amend_reason"], Str(p, "reason"));
    f["amend_count"] = I(row, "amend_count") + 1;
    TRY_ASSIGN(auto item, ItemRow(subject, p, reader, ctx));
    ops.push_back(std::move(item));
  } else {
    return Fail(Corrupt("unknown inspection event " + kind));
  }
  ops.insert(ops.begin(), std::move(op));
  return ops;
}

}  // namespace anxiao::domain
