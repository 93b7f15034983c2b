#include "domain/projection.hpp"

#include <algorithm>

#include "base/pinyin.hpp"
#include "domain/campaign_projection.hpp"
#include "domain/draw_record.hpp"
#include "domain/hazard_projection.hpp"
#include "domain/hazard_stat.hpp"
#include "domain/level_report.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::domain {
namespace {

const ColumnType kI = ColumnType::kInt;
const ColumnType kT = ColumnType::kText;

std::vector<TableSpec> MakeTables() {
  // A table: one entry per line reads best, whatever its length.
  // clang-format off
  return {
      TableSpec{"org",
                {{"id", kT}, {"parent_id", kT, true}, {"kind", kT}, {"name", kT}, {"code", kT}, {"path", kT},
                 {"depth", kI}}},
      // Schools under each non-school org (the org itself included in the path walk), kept by
      // org.created and school.created so that an org read never counts the register.
      TableSpec{"org_stat", {{"id", kT}, {"school_count", kI}}},
      // Admin settings (domain/settings.hpp): key → canonical JSON value.
      TableSpec{"setting", {{"id", kT}, {"value", kT}, {"updated_by", kT}, {"updated_at", kT}}},
      TableSpec{"school",
                {{"id", kT}, {"parent_id", kT}, {"code", kT}, {"name", kT}, {"type", kT}, {"ownership", kT},
                 {"location_class", kT}, {"boarding", kI}, {"student_count", kI}, {"address", kT},
                 {"latitude", kT}, {"longitude", kT}, {"principal_name", kT}, {"principal_phone", kT},
                 {"safety_officer_name", kT}, {"safety_officer_phone", kT}, {"name_pinyin", kT},
                 {"name_initials", kT}, {"path", kT}, {"version", kI}}},
      TableSpec{"app_user",
                {{"id", kT}, {"username", kT}, {"display_name", kT}, {"role", kT}, {"scope_org_id", kT},
                 {"organization", kT}, {"disabled", kI}, {"password_fp", kT}, {"version", kI}}},
      TableSpec{"api_token", {{"id", kT}, {"user_id", kT}, {"token_sha256", kT}, {"label", kT}, {"revoked", kI}}},
      // Hazards (domain/hazard.hpp; rules in hazard_projection.cpp).
      TableSpec{"hazard",
                {{"id", kT}, {"number", kT}, {"school_id", kT}, {"path", kT}, {"county_id", kT},
                 {"supervising_org_id", kT}, {"supervising_path", kT}, {"source", kT}, {"category", kT},
                 {"description", kT}, {"location", kT}, {"risk_level", kT}, {"risk_rank", kI}, {"state", kT},
                 {"found_at", kT}, {"found_by", kT}, {"registered_at", kT}, {"deadline", kT}, {"measures", kT},
                 {"responsible_person", kT}, {"funds", kT}, {"contingency_plan", kT}, {"interim_measures", kT},
                 {"closed_for_use", kI}, {"planned_by", kT}, {"started_by", kT}, {"last_progress_by", kT},
                 {"last_progress_note", kT}, {"submitted_by", kT}, {"rectifiers", kT}, {"reviewed_by", kT},
                 {"reviewed_at", kT}, {"closed_at", kT}, {"rejection_count", kI}, {"last_rejection_reason", kT},
                 {"voided_by", kT}, {"voided_reason", kT}, {"extension_count", kI}, {"updated_at", kT},
                 {"version", kI},
                 // Migration 0004: the campaign, inspection and checklist item a finding came from.
                 {"campaign_id", kT},
                 {"inspection_id", kT},
                 {"item_code", kT},
                 // Migration 0009: when it was last submitted for review.
                 {"submitted_at", kT}}},
      TableSpec{"hazard_extension",
                {{"id", kT}, {"hazard_id", kT}, {"requested_by", kT}, {"requested_at", kT}, {"old_deadline", kT},
                 {"new_deadline", kT}, {"reason", kT}, {"state", kT}, {"decided_by", kT}, {"decided_at", kT},
                 {"decision_reason", kT}}},
      TableSpec{"hazard_evidence", {{"id", kT}, {"hazard_id", kT}, {"sha256", kT}, {"kind", kT}, {"added_seq", kI}}},
      TableSpec{"hazard_counter", {{"id", kT}, {"county_id", kT}, {"year", kI}, {"last_seq", kI}}},
      TableSpec{"notice", {{"id", kT}, {"to_org_id", kT}, {"kind", kT}, {"hazard_id", kT}, {"at", kT}}},
      // Evidence files (app/evidence.hpp; migration 0003): one row per stored file, keyed by its
      // SHA-256, and one per uploader ("<sha256>:<user id>").
      TableSpec{"evidence",
                {{"id", kT}, {"size", kI}, {"mime", kT}, {"width", kI}, {"height", kI}, {"taken_at", kT, true},
                 {"latitude", kT, true}, {"longitude", kT, true}, {"phash", kT}, {"uploaded_by", kT},
                 {"stored_at", kT}, {"stored_seq", kI}}},
      TableSpec{"evidence_upload", {{"id", kT}, {"sha256", kT}, {"user_id", kT}, {"at", kT}}},
      // Campaigns, teams, checklists and inspections (domain/campaign.hpp, checklist.hpp,
      // inspection.hpp; rules in campaign_projection.cpp; migration 0004).
      TableSpec{"campaign",
                {{"id", kT}, {"owner_org_id", kT}, {"owner_path", kT}, {"scope_org_id", kT}, {"scope_path", kT},
                 {"name", kT}, {"start_date", kT}, {"end_date", kT}, {"modes", kT}, {"checklists", kT}, {"state", kT},
                 {"created_by", kT}, {"created_at", kT}, {"closed_by", kT}, {"closed_at", kT}, {"updated_at", kT},
                 {"version", kI}}},
      TableSpec{"team",
                {{"id", kT}, {"campaign_id", kT}, {"org_id", kT}, {"org_path", kT}, {"level", kT}, {"kind", kT},
                 {"name", kT}, {"leader_name", kT}, {"leader_rank", kT}, {"members", kT}, {"experts", kT},
                 {"target_org_id", kT}, {"schools", kT}, {"start_date", kT}, {"end_date", kT}, {"rounds", kI},
                 {"created_by", kT}, {"created_at", kT}, {"version", kI}}},
      TableSpec{"checklist_template",
                {{"id", kT}, {"owner_org_id", kT}, {"owner_path", kT}, {"name", kT}, {"category", kT},
                 {"current_version", kI}, {"copied_from", kT}, {"created_by", kT}, {"created_at", kT}, {"version", kI}}},
      TableSpec{"checklist_version",
                {{"id", kT}, {"template_id", kT}, {"number", kI}, {"items", kT}, {"note", kT}, {"created_by", kT},
                 {"created_at", kT}}},
      TableSpec{"inspection",
                {{"id", kT}, {"campaign_id", kT}, {"team_id", kT}, {"school_id", kT}, {"school_path", kT},
                 {"county_path", kT}, {"inspecting_org_id", kT}, {"inspecting_path", kT}, {"source", kT},
                 {"external_body", kT}, {"template_id", kT}, {"template_version", kI}, {"unannounced", kI},
                 {"self_inspection", kI}, {"state", kT}, {"planned_date", kT}, {"due_date", kT}, {"round", kI},
                 {"inspectors", kT}, {"previous_id", kT}, {"checked_in_at", kT}, {"checked_in_by", kT},
                 {"latitude", kT}, {"longitude", kT}, {"feedback", kT}, {"signatures", kT}, {"submitted_at", kT},
                 {"submitted_by", kT}, {"amend_count", kI}, {"last_amend_reason", kT}, {"reminded_count", kI},
                 {"last_reminded_at", kT}, {"created_by", kT}, {"created_at", kT}, {"updated_at", kT},
                 {"version", kI}}},
      // Rectification notices as issued (migration 0008; app/documents.hpp): keyed by the
      // verification code.
      TableSpec{"rectification_notice",
                {{"id", kT},
                 {"inspection_id", kT},
                 {"school_id", kT},
                 {"bureau_org_id", kT},
                 {"year", kI},
                 {"serial", kI},
                 {"number", kT},
                 {"issued_on", kT},
                 {"content", kT},
                 {"issued_by", kT},
                 {"issued_at", kT},
                 {"issued_seq", kI}}},
      // Hazard statistics per org node (and campaign), kept with every hazard change (migration
      // 0008; hazard_stat.hpp): "<node>|<campaign>|<key>" → n.
      TableSpec{"hazard_stat", {{"id", kT}, {"n", kI}}},
      TableSpec{"inspection_item",
                {{"id", kT}, {"inspection_id", kT}, {"code", kT}, {"result", kT}, {"note", kT}, {"photos", kT},
                 {"hazard_id", kT}, {"recorded_by", kT}, {"recorded_at", kT}, {"version", kI}}},
      // Verifiable draws (domain/draw_record.hpp; migration 0007): published register versions,
      // the latest version of each (kind, org), and the draws with their commit–reveal record.
      TableSpec{"draw_register",
                {{"id", kT}, {"kind", kT}, {"org_id", kT}, {"org_path", kT}, {"number", kI}, {"sha256", kT},
                 {"count", kI}, {"records", kT}, {"published_by", kT}, {"published_at", kT}}},
      TableSpec{"draw_register_head", {{"id", kT}, {"register_id", kT}, {"number", kI}}},
      TableSpec{"draw",
                {{"id", kT}, {"org_id", kT}, {"org_path", kT}, {"name", kT}, {"state", kT}, {"definition", kT},
                 {"schools_register_id", kT}, {"inspectors_register_id", kT}, {"schools_sha256", kT},
                 {"inspectors_sha256", kT}, {"commitment", kT}, {"committed_by", kT}, {"committed_at", kT},
                 {"seed", kT}, {"public_value", kT}, {"result", kT}, {"problems", kT}, {"executed_by", kT},
                 {"executed_at", kT}, {"version", kI}}},
      // Level reports (domain/level_report.hpp; migration 0010): each org's journaled public
      // signing key, the reports, and the live report of each org + campaign + period end.
      TableSpec{"org_signing_key",
                {{"id", kT}, {"algorithm", kT}, {"public_key", kT}, {"published_at", kT}, {"published_seq", kI}}},
      TableSpec{"level_report",
                {{"id", kT}, {"org_id", kT}, {"org_path", kT}, {"org_kind", kT}, {"supervising_org_id", kT},
                 {"campaign_id", kT}, {"period_end", kT}, {"state", kT}, {"supersedes", kT}, {"body", kT},
                 {"sha256", kT}, {"signature", kT}, {"public_key", kT}, {"checkpoint_seq", kI},
                 {"checkpoint_hash", kT}, {"prepared_by", kT}, {"prepared_at", kT}, {"prepared_seq", kI},
                 {"approved_by", kT}, {"approved_at", kT}, {"submitted_at", kT}, {"decided_by", kT},
                 {"decided_at", kT}, {"return_reason", kT}, {"version", kI}}},
      TableSpec{"level_report_slot", {{"id", kT}, {"report_id", kT}, {"live", kI}}},
  };
  // clang-format on
}

Result<std::string> Str(const Json& p, const char* key) { return PayloadStr(p, key); }
Result<std::int64_t> Int(const Json& p, const char* key) { return PayloadInt(p, key); }

// "/root/" is depth 0, "/root/child/" depth 1, …
std::int64_t Depth(const std::string& path) {
  std::int64_t d = -2;
  for (char c : path)
    if (c == '/') ++d;
  return d;
}

// Copies the listed payload fields into `row`, typed per the table spec. Missing fields are an error.
Status CopyFields(const TableSpec& spec, const Json& p, Row* row, bool partial) {
  for (std::size_t i = 1; i < spec.columns.size(); ++i) {
    const auto& c = spec.columns[i];
    auto it = p.find(c.name);
    if (it == p.end()) {
      if (partial) continue;
      continue;  // derived columns are filled by the caller
    }
    if (it->is_null() && c.nullable) {
      (*row)[c.name] = std::monostate{};
    } else if (c.type == ColumnType::kInt) {
      TRY_ASSIGN((*row)[c.name], Int(p, c.name.c_str()));
    } else {
      TRY_ASSIGN((*row)[c.name], Str(p, c.name.c_str()));
    }
  }
  return {};
}

Result<std::vector<RowOp>> ProjectOrgCreated(const std::string& subject, const Json& p) {
  RowOp op{RowOp::Kind::kInsert, "org", subject, {}};
  TRY_STATUS(CopyFields(*FindTable("org"), p, &op.fields, false));
  TRY_ASSIGN(std::string path, Str(p, "path"));
  op.fields["depth"] = Depth(path);
  if (!op.fields.count("parent_id")) op.fields["parent_id"] = std::monostate{};
  return std::vector<RowOp>{op, RowOp{RowOp::Kind::kInsert, "org_stat", subject, {{"school_count", std::int64_t{0}}}}};
}

Result<std::vector<RowOp>> ProjectSchoolCreated(const std::string& subject, const Json& p, ProjectionReader& reader) {
  RowOp org{RowOp::Kind::kInsert, "org", subject, {}};
  TRY_ASSIGN(std::string parent, Str(p, "parent_id"));
  TRY_ASSIGN(std::string name, Str(p, "name"));
  TRY_ASSIGN(std::string code, Str(p, "code"));
  TRY_ASSIGN(std::string path, Str(p, "path"));
  org.fields = {{"parent_id", parent}, {"kind", std::string("school")}, {"name", name}, {"code", code},
                {"path", path},        {"depth", Depth(path)}};
  RowOp school{RowOp::Kind::kInsert, "school", subject, {}};
  TRY_STATUS(CopyFields(*FindTable("school"), p, &school.fields, false));
  auto py = ToPinyin(name);
  school.fields["name_pinyin"] = py.full;
  school.fields["name_initials"] = py.initials;
  school.fields["version"] = std::int64_t{1};
  std::vector<RowOp> ops{org, school};
  // One more school for every org above it: the ids along "/root/…/parent/<school>/".
  std::size_t start = 1;
  for (std::size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1) {
    std::string id = path.substr(start, slash - start);
    if (id == subject) break;
    TRY_ASSIGN(auto stat, reader.GetRow("org_stat", id));
    // Every org is created before the schools under it. If the journal lost an org.created, the
    // replay goes on without its count: verify then names that entry (and the differing org_stat
    // row) instead of failing on every school below it.
    if (!stat) continue;
    auto it = stat->find("school_count");
    if (it == stat->end() || !std::holds_alternative<std::int64_t>(it->second))
      return Fail(Corrupt("org_stat " + id + " has no school_count"));
    ops.push_back(
        RowOp{RowOp::Kind::kUpdate, "org_stat", id, {{"school_count", std::get<std::int64_t>(it->second) + 1}}});
  }
  return ops;
}

// Updates carry {"changes": {...}, "version": N} with the new version.
Result<std::vector<RowOp>> ProjectUpdate(const std::string& table, const std::string& subject, const Json& p,
                                         ProjectionReader& reader) {
  auto ch = p.find("changes");
  if (ch == p.end() || !ch->is_object()) return Fail(Corrupt("update event lacks changes"));
  TRY_ASSIGN(auto existing, reader.GetRow(table, subject));
  if (!existing) return Fail(Corrupt("update of missing " + table + " " + subject));
  RowOp op{RowOp::Kind::kUpdate, table, subject, {}};
  TRY_STATUS(CopyFields(*FindTable(table), *ch, &op.fields, true));
  for (auto it = ch->begin(); it != ch->end(); ++it)
    if (!op.fields.count(it.key())) return Fail(Corrupt("update of unknown column " + table + "." + it.key()));
  TRY_ASSIGN(auto version, Int(p, "version"));
  // The org table has no version column (org rows change only by these events, never by a
  // conditional write); the others keep the version for If-Match.
  const auto& cols = FindTable(table)->columns;
  if (std::any_of(cols.begin(), cols.end(), [](const auto& c) { return c.name == "version"; }))
    op.fields["version"] = version;
  std::vector<RowOp> ops{op};
  if (table == "school" && op.fields.count("name")) {
    auto name = std::get<std::string>(op.fields["name"]);
    auto py = ToPinyin(name);
    ops[0].fields["name_pinyin"] = py.full;
    ops[0].fields["name_initials"] = py.initials;
    ops.push_back(RowOp{RowOp::Kind::kUpdate, "org", subject, {{"name", name}}});
  }
  return ops;
}

// evidence.stored {sha256, size, mime, width, height, taken_at|null, gps: {lat, lon}|null, phash,
// uploaded_by}: the file row and its first uploader; evidence.uploaded {sha256, uploaded_by}: one
// more uploader of the same bytes.
Result<std::vector<RowOp>> ProjectEvidence(const std::string& kind, const std::string& sha, const Json& p,
                                           ProjectionReader& reader, const EventContext& ctx) {
  TRY_ASSIGN(auto payload_sha, Str(p, "sha256"));
  if (payload_sha != sha) return Fail(Corrupt(kind + " of " + sha + " names another file: " + payload_sha));
  TRY_ASSIGN(auto by, Str(p, "uploaded_by"));
  TRY_ASSIGN(auto existing, reader.GetRow("evidence", sha));
  std::vector<RowOp> ops;
  if (kind == "evidence.stored") {
    if (existing) return Fail(Corrupt("evidence " + sha + " stored twice"));
    RowOp op{RowOp::Kind::kInsert, "evidence", sha, {}};
    TRY_ASSIGN(op.fields["size"], Int(p, "size"));
    TRY_ASSIGN(op.fields["mime"], Str(p, "mime"));
    TRY_ASSIGN(op.fields["width"], Int(p, "width"));
    TRY_ASSIGN(op.fields["height"], Int(p, "height"));
    TRY_ASSIGN(op.fields["phash"], Str(p, "phash"));
    op.fields["uploaded_by"] = by;
    op.fields["taken_at"] = std::monostate{};
    if (auto t = p.find("taken_at"); t != p.end() && !t->is_null()) {
      TRY_ASSIGN(op.fields["taken_at"], Str(p, "taken_at"));
    }
    op.fields["latitude"] = std::monostate{};
    op.fields["longitude"] = std::monostate{};
    if (auto g = p.find("gps"); g != p.end() && !g->is_null()) {
      if (!g->is_object()) return Fail(Corrupt("evidence " + sha + ": gps is not an object"));
      TRY_ASSIGN(op.fields["latitude"], Str(*g, "lat"));
      TRY_ASSIGN(op.fields["longitude"], Str(*g, "lon"));
    }
    op.fields["stored_at"] = ctx.at;
    op.fields["stored_seq"] = ctx.seq;
    ops.push_back(std::move(op));
  } else {
    if (!existing) return Fail(Corrupt("upload of unknown evidence " + sha));
    TRY_ASSIGN(auto again, reader.GetRow("evidence_upload", sha + ":" + by));
    if (again) return Fail(Corrupt("evidence " + sha + " uploaded twice by " + by));
  }
  ops.push_back(RowOp{
      RowOp::Kind::kInsert, "evidence_upload", sha + ":" + by, {{"sha256", sha}, {"user_id", by}, {"at", ctx.at}}});
  return ops;
}

}  // namespace

std::string ValueText(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "null";
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return "\"" + std::get<std::string>(v) + "\"";
}

const std::vector<TableSpec>& ProjectionTables() {
  static const std::vector<TableSpec> tables = MakeTables();
  return tables;
}

const TableSpec* FindTable(const std::string& name) {
  for (const auto& t : ProjectionTables())
    if (t.name == name) return &t;
  return nullptr;
}

namespace {
Result<std::vector<RowOp>> ProjectEvent(const std::string& kind, const std::string& subject, const Json& p,
                                        ProjectionReader& reader, const EventContext& ctx);
}  // namespace

Result<std::vector<RowOp>> Project(const std::string& kind, const std::string& subject, const Json& p,
                                   ProjectionReader& reader, const EventContext& ctx) {
  TRY_ASSIGN(auto ops, ProjectEvent(kind, subject, p, reader, ctx));
  // Hazard statistics follow every change of a hazard row, whatever the event (hazard_stat.hpp).
  TRY_STATUS(AppendHazardStatOps(&ops, reader));
  return ops;
}

namespace {
Result<std::vector<RowOp>> ProjectEvent(const std::string& kind, const std::string& subject, const Json& p,
                                        ProjectionReader& reader, const EventContext& ctx) {
  if (kind.rfind("hazard.", 0) == 0 || kind == "notice.sent") return ProjectHazardEvent(kind, subject, p, reader, ctx);
  if (IsCampaignEvent(kind)) return ProjectCampaignEvent(kind, subject, p, reader, ctx);
  if (IsDrawEvent(kind)) return ProjectDrawEvent(kind, subject, p, reader, ctx);
  if (IsLevelReportEvent(kind)) return ProjectLevelReportEvent(kind, subject, p, reader, ctx);
  if (kind == "evidence.stored" || kind == "evidence.uploaded") return ProjectEvidence(kind, subject, p, reader, ctx);
  if (kind == "setting.updated") {
    // {"key": K, "value": <JSON>}; the subject is the key.
    TRY_ASSIGN(auto key, Str(p, "key"));
    if (key != subject) return Fail(Corrupt("setting.updated of " + subject + " names another key: " + key));
    auto v = p.find("value");
    if (v == p.end()) return Fail(Corrupt("setting.updated of " + subject + " lacks a value"));
    TRY_ASSIGN(auto existing, reader.GetRow("setting", subject));
    RowOp op{existing ? RowOp::Kind::kUpdate : RowOp::Kind::kInsert, "setting", subject, {}};
    TRY_ASSIGN(op.fields["value"], CanonicalChecked(*v));
    op.fields["updated_by"] = ctx.actor;
    op.fields["updated_at"] = ctx.at;
    return std::vector<RowOp>{op};
  }
  if (kind == "notice.issued") {
    // {"inspection_id", "school_id", "bureau_org_id", "year", "serial", "number", "issued_on",
    //  "content"}; the subject is the verification code.
    TRY_ASSIGN(auto existing, reader.GetRow("rectification_notice", subject));
    if (existing) return Fail(Corrupt("notice " + subject + " issued twice"));
    RowOp op{RowOp::Kind::kInsert, "rectification_notice", subject, {}};
    for (const char* k : {"inspection_id", "school_id", "bureau_org_id", "number", "issued_on", "content"}) {
      TRY_ASSIGN(auto v, Str(p, k));
      op.fields[k] = v;
    }
    for (const char* k : {"year", "serial"}) {
      TRY_ASSIGN(auto v, Int(p, k));
      op.fields[k] = v;
    }
    op.fields["issued_by"] = ctx.actor;
    op.fields["issued_at"] = ctx.at;
    op.fields["issued_seq"] = ctx.seq;
    return std::vector<RowOp>{op};
  }
  if (kind == "org.created") return ProjectOrgCreated(subject, p);
  if (kind == "org.updated") return ProjectUpdate("org", subject, p, reader);
  if (kind == "school.created") return ProjectSchoolCreated(subject, p, reader);
  if (kind == "school.updated") return ProjectUpdate("school", subject, p, reader);
  if (kind == "user.created") {
    RowOp op{RowOp::Kind::kInsert, "app_user", subject, {}};
    TRY_STATUS(CopyFields(*FindTable("app_user"), p, &op.fields, false));
    op.fields["version"] = std::int64_t{1};
    if (!op.fields.count("disabled")) op.fields["disabled"] = std::int64_t{0};
    return std::vector<RowOp>{op};
  }
  if (kind == "user.updated") return ProjectUpdate("app_user", subject, p, reader);
  if (kind == "user.password_set") {
    TRY_ASSIGN(auto fp, Str(p, "password_fp"));
    TRY_ASSIGN(auto existing, reader.GetRow("app_user", subject));
    if (!existing) return Fail(Corrupt("password set for missing user " + subject));
    return std::vector<RowOp>{RowOp{RowOp::Kind::kUpdate, "app_user", subject, {{"password_fp", fp}}}};
  }
  if (kind == "token.created") {
    RowOp op{RowOp::Kind::kInsert, "api_token", subject, {}};
    TRY_STATUS(CopyFields(*FindTable("api_token"), p, &op.fields, false));
    op.fields["revoked"] = std::int64_t{0};
    return std::vector<RowOp>{op};
  }
  if (kind == "token.revoked")
    return std::vector<RowOp>{RowOp{RowOp::Kind::kUpdate, "api_token", subject, {{"revoked", std::int64_t{1}}}}};
  // Events that do not touch projections (e.g. notices) are allowed: they just have no ops.
  return std::vector<RowOp>{};
}
}  // namespace

Result<std::optional<Row>> MemoryProjection::GetRow(const std::string& table, const std::string& key) {
  auto t = tables_.find(table);
  if (t == tables_.end()) return std::optional<Row>{};
  auto r = t->second.find(key);
  if (r == t->second.end()) return std::optional<Row>{};
  return std::optional<Row>{r->second};
}

Status MemoryProjection::Apply(const std::vector<RowOp>& ops) {
  for (const auto& op : ops) {
    const TableSpec* spec = FindTable(op.table);
    if (spec == nullptr) return Fail(Internal("unknown projection table " + op.table));
    auto& t = tables_[op.table];
    if (op.kind == RowOp::Kind::kInsert) {
      if (t.count(op.key)) return Fail(Corrupt(op.table + " " + op.key + " created twice"));
      Row row = op.fields;
      for (std::size_t i = 1; i < spec->columns.size(); ++i)
        if (!row.count(spec->columns[i].name))
          return Fail(Internal("insert into " + op.table + " lacks " + spec->columns[i].name));
      t.emplace(op.key, std::move(row));
    } else if (op.kind == RowOp::Kind::kDelete) {
      if (t.erase(op.key) != 1) return Fail(Corrupt("delete of missing " + op.table + " " + op.key));
    } else if (op.kind == RowOp::Kind::kAdd) {
      auto it = t.find(op.key);
      Row row = it == t.end() ? Row{} : it->second;
      bool zero = true;
      for (std::size_t i = 1; i < spec->columns.size(); ++i) {
        const std::string& col = spec->columns[i].name;
        auto f = op.fields.find(col);
        const auto* add = f == op.fields.end() ? nullptr : std::get_if<std::int64_t>(&f->second);
        if (spec->columns[i].type != ColumnType::kInt || !add)
          return Fail(Internal("add to " + op.table + " needs an integer " + col));
        auto* cur = std::get_if<std::int64_t>(&row[col]);
        const std::int64_t n = (cur ? *cur : 0) + *add;
        if (n < 0) return Fail(Corrupt(op.table + " " + op.key + " would fall below zero"));
        row[col] = n;
        zero = zero && n == 0;
      }
      if (zero) {
        if (it != t.end()) t.erase(it);
      } else if (it == t.end()) {
        t.emplace(op.key, std::move(row));
      } else {
        it->second = std::move(row);
      }
    } else {
      auto it = t.find(op.key);
      if (it == t.end()) return Fail(Corrupt("update of missing " + op.table + " " + op.key));
      for (const auto& [k, v] : op.fields) it->second[k] = v;
    }
  }
  return {};
}

const std::map<std::string, Row>& MemoryProjection::Table(const std::string& name) const {
  static const std::map<std::string, Row> kEmpty;
  auto it = tables_.find(name);
  return it == tables_.end() ? kEmpty : it->second;
}

}  // namespace anxiao::domain
