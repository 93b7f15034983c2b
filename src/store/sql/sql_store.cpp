#include "store/sql/sql_store.hpp"

#include <pthread.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "base/strings.hpp"
#include "base/time.hpp"
#include "domain/hazard_stat.hpp"
#include "store/migrations/migrations.hpp"
#include "store/sql/campaign_queries.hpp"
#include "store/sql/org_cache.hpp"
#include "store/sql/rows.hpp"

namespace anxiao::store {
namespace {

using domain::Org;
using domain::School;
using domain::User;

using namespace rows;  // NOLINT: the shared row helpers

constexpr const char* kOrgCols = "id, parent_id, kind, name, code, path";
Org OrgFromRow(const SqlRow& r) {
  Org o;
  o.id = S(r[0]);
  o.parent_id = S(r[1]);
  o.kind = domain::ParseOrgKind(S(r[2])).value_or(domain::OrgKind::kSchool);
  o.name = S(r[3]);
  o.code = S(r[4]);
  o.path = S(r[5]);
  return o;
}

constexpr const char* kSchoolCols =
    "id, parent_id, code, name, type, ownership, location_class, boarding, student_count, address, latitude, "
    "longitude, principal_name, principal_phone, safety_officer_name, safety_officer_phone, path, version";
School SchoolFromRow(const SqlRow& r) {
  School s;
  s.id = S(r[0]);
  s.parent_id = S(r[1]);
  s.code = S(r[2]);
  s.name = S(r[3]);
  s.type = domain::ParseSchoolType(S(r[4])).value_or(domain::SchoolType::kPrimary);
  s.ownership = domain::ParseOwnership(S(r[5])).value_or(domain::Ownership::kPublic);
  s.location_class = domain::ParseLocationClass(S(r[6])).value_or(domain::LocationClass::kUrban);
  s.boarding = I(r[7]) != 0;
  s.student_count = I(r[8]);
  s.address = S(r[9]);
  s.latitude = S(r[10]);
  s.longitude = S(r[11]);
  s.principal_name = S(r[12]);
  s.principal_phone = S(r[13]);
  s.safety_officer_name = S(r[14]);
  s.safety_officer_phone = S(r[15]);
  s.path = S(r[16]);
  s.version = I(r[17]);
  return s;
}

constexpr const char* kUserCols =
    "id, username, display_name, role, scope_org_id, organization, disabled, password_fp, version";
User UserFromRow(const SqlRow& r) {
  User u;
  u.id = S(r[0]);
  u.username = S(r[1]);
  u.display_name = S(r[2]);
  u.role = domain::ParseRole(S(r[3])).value_or(domain::Role::kAuditor);
  u.scope_org_id = S(r[4]);
  u.organization = S(r[5]);
  u.disabled = I(r[6]) != 0;
  u.password_fp = S(r[7]);
  u.version = I(r[8]);
  return u;
}

constexpr const char* kNoticeCols =
    "id, inspection_id, school_id, bureau_org_id, year, serial, number, issued_on, content, issued_by, issued_at, "
    "issued_seq";
domain::RectificationNoticeRecord NoticeFromRow(const SqlRow& r) {
  domain::RectificationNoticeRecord n;
  n.id = S(r[0]);
  n.inspection_id = S(r[1]);
  n.school_id = S(r[2]);
  n.bureau_org_id = S(r[3]);
  n.year = I(r[4]);
  n.serial = I(r[5]);
  n.number = S(r[6]);
  n.issued_on = S(r[7]);
  n.content = S(r[8]);
  n.issued_by = S(r[9]);
  n.issued_at = S(r[10]);
  n.issued_seq = I(r[11]);
  return n;
}

constexpr const char* kHazardCols =
    "id, number, school_id, path, county_id, supervising_org_id, supervising_path, source, category, description, "
    "location, risk_level, state, found_at, found_by, registered_at, deadline, measures, responsible_person, funds, "
    "contingency_plan, interim_measures, closed_for_use, planned_by, started_by, last_progress_by, last_progress_note, "
    "submitted_by, rectifiers, reviewed_by, reviewed_at, closed_at, rejection_count, last_rejection_reason, voided_by, "
    "voided_reason, extension_count, updated_at, version, campaign_id, inspection_id, item_code, submitted_at";
// `r[i]` is the i-th column of kHazardCols: an SqlRow, or a row in another column order seen
// through an index map (HazardFromSpecRow).
template <typename Cells>
domain::Hazard HazardFrom(const Cells& r) {
  domain::Hazard h;
  h.id = S(r[0]);
  h.number = S(r[1]);
  h.school_id = S(r[2]);
  h.path = S(r[3]);
  h.county_id = S(r[4]);
  h.supervising_org_id = S(r[5]);
  h.supervising_path = S(r[6]);
  h.source = domain::ParseHazardSource(S(r[7])).value_or(domain::HazardSource::kSelf);
  h.category = domain::ParseHazardCategory(S(r[8])).value_or(domain::HazardCategory::kOther);
  h.description = S(r[9]);
  h.location = S(r[10]);
  h.risk_level = domain::ParseRiskLevel(S(r[11])).value_or(domain::RiskLevel::kYellow);
  h.state = domain::ParseHazardState(S(r[12])).value_or(domain::HazardState::kRegistered);
  h.found_at = ParseDate(S(r[13])).value_or(Date{});
  h.found_by = S(r[14]);
  h.registered_at = S(r[15]);
  h.deadline = ParseDate(S(r[16])).value_or(Date{});
  h.measures = S(r[17]);
  h.responsible_person = S(r[18]);
  h.funds = S(r[19]);
  h.contingency_plan = S(r[20]);
  h.interim_measures = S(r[21]);
  h.closed_for_use = I(r[22]) != 0;
  h.planned_by = S(r[23]);
  h.started_by = S(r[24]);
  h.last_progress_by = S(r[25]);
  h.last_progress_note = S(r[26]);
  h.submitted_by = S(r[27]);
  h.rectifiers = S(r[28]);
  h.reviewed_by = S(r[29]);
  h.reviewed_at = S(r[30]);
  h.closed_at = S(r[31]);
  h.rejection_count = I(r[32]);
  h.last_rejection_reason = S(r[33]);
  h.voided_by = S(r[34]);
  h.voided_reason = S(r[35]);
  h.extension_count = I(r[36]);
  h.updated_at = S(r[37]);
  h.version = I(r[38]);
  h.campaign_id = S(r[39]);
  h.inspection_id = S(r[40]);
  h.item_code = S(r[41]);
  h.submitted_at = S(r[42]);
  return h;
}
domain::Hazard HazardFromRow(const SqlRow& r) { return HazardFrom(r); }

const domain::TableSpec& HazardSpec() {
  static const domain::TableSpec* spec = domain::FindTable("hazard");
  return *spec;
}

// The position of a column in a table spec, or npos.
std::size_t ColumnIndex(const domain::TableSpec& spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.columns.size(); ++i)
    if (spec.columns[i].name == name) return i;
  return std::string::npos;
}

// A hazard from a row in the projection's column order (HazardSpec(), as SelectByKeySql reads it).
domain::Hazard HazardFromSpecRow(const SqlRow& r) {
  static const std::vector<std::size_t> at = [] {
    std::vector<std::size_t> out;
    for (const auto& name : Split(kHazardCols, ',')) {
      out.push_back(ColumnIndex(HazardSpec(), TrimAscii(name)));
      if (out.back() == std::string::npos) throw std::logic_error("hazard column " + name + " is not projected");
    }
    return out;
  }();
  struct Reordered {
    const SqlRow& r;
    const Value& operator[](std::size_t i) const { return r[at[i]]; }
  };
  return HazardFrom(Reordered{r});
}

constexpr const char* kExtensionCols =
    "id, hazard_id, requested_by, requested_at, old_deadline, new_deadline, reason, state, decided_by, decided_at, "
    "decision_reason";
domain::HazardExtension ExtensionFromRow(const SqlRow& r) {
  domain::HazardExtension e;
  e.id = S(r[0]);
  e.hazard_id = S(r[1]);
  e.requested_by = S(r[2]);
  e.requested_at = S(r[3]);
  e.old_deadline = ParseDate(S(r[4])).value_or(Date{});
  e.new_deadline = ParseDate(S(r[5])).value_or(Date{});
  e.reason = S(r[6]);
  e.state = domain::ParseExtensionState(S(r[7])).value_or(domain::ExtensionState::kPending);
  e.decided_by = S(r[8]);
  e.decided_at = S(r[9]);
  e.decision_reason = S(r[10]);
  return e;
}

constexpr const char* kIdempotencyCols = "user_id, key, method, path, request_sha256, status, body, etag, created_ms";

// States in which a hazard is still with the school: the ones that can be overdue.
constexpr const char* kWithSchool = "state IN ('registered', 'planned', 'rectifying')";

constexpr const char* kJournalCols = "seq, at, actor, kind, subject, payload, prev_hash, hash";
domain::JournalEntry EntryFromRow(const SqlRow& r) {
  return domain::JournalEntry{I(r[0]), S(r[1]), S(r[2]), S(r[3]), S(r[4]), S(r[5]), S(r[6]), S(r[7])};
}

std::string ColumnList(const domain::TableSpec& spec) {
  std::string cols;
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) cols += ", ";
    cols += spec.columns[i].name;
  }
  return cols;
}

domain::Row RowFromSql(const domain::TableSpec& spec, const SqlRow& r) {
  domain::Row row;
  for (std::size_t i = 1; i < spec.columns.size(); ++i) row[spec.columns[i].name] = r[i];
  return row;
}

// The SQL of the projection's row operations, built once per table (and column set) and thread:
// a write runs several of them per event, and building the text each time cost more than the
// prepared-statement cache lookup it feeds.
const std::string& SelectByKeySql(const domain::TableSpec& spec) {
  thread_local std::unordered_map<const domain::TableSpec*, std::string> cache;
  auto [it, fresh] = cache.try_emplace(&spec);
  if (fresh)
    it->second = "SELECT " + ColumnList(spec) + " FROM " + spec.name + " WHERE " + spec.columns[0].name + " = ?";
  return it->second;
}

const std::string& InsertSql(const domain::TableSpec& spec) {
  thread_local std::unordered_map<const domain::TableSpec*, std::string> cache;
  auto [it, fresh] = cache.try_emplace(&spec);
  if (fresh) {
    std::string qs = "?";
    for (std::size_t i = 1; i < spec.columns.size(); ++i) qs += ", ?";
    it->second = "INSERT INTO " + spec.name + " (" + ColumnList(spec) + ") VALUES (" + qs + ")";
  }
  return it->second;
}

const std::string& DeleteByKeySql(const domain::TableSpec& spec) {
  thread_local std::unordered_map<const domain::TableSpec*, std::string> cache;
  auto [it, fresh] = cache.try_emplace(&spec);
  if (fresh) it->second = "DELETE FROM " + spec.name + " WHERE " + spec.columns[0].name + " = ?";
  return it->second;
}

// The upsert of `rows` kAdd ops (counter tables) in one statement: adds the values to the columns,
// inserting each row when missing, and returns the key and the columns' new values of each row
// (in no particular order). Valid on SQLite (3.35+) and PostgreSQL; the keys must be distinct.
const std::string& AddSql(const domain::TableSpec& spec, std::size_t rows) {
  thread_local std::map<std::pair<const domain::TableSpec*, std::size_t>, std::string> cache;
  auto [it, fresh] = cache.try_emplace({&spec, rows});
  if (fresh) {
    std::string qs = "(?", set, ret = spec.columns[0].name;
    for (std::size_t i = 1; i < spec.columns.size(); ++i) {
      const std::string& col = spec.columns[i].name;
      qs += ", ?";
      set += (i > 1 ? ", " : "") + col + " = " + spec.name + "." + col + " + excluded." + col;
      ret += ", " + col;
    }
    qs += ")";
    std::string values = qs;
    for (std::size_t r = 1; r < rows; ++r) values += ", " + qs;
    it->second = "INSERT INTO " + spec.name + " (" + ColumnList(spec) + ") VALUES " + values + " ON CONFLICT (" +
                 spec.columns[0].name + ") DO UPDATE SET " + set + " RETURNING " + ret;
  }
  return it->second;
}

// UPDATE of the given columns (in the order of `fields`, a std::map: sorted), by key.
const std::string& UpdateByKeySql(const domain::TableSpec& spec, const domain::Row& fields) {
  thread_local std::map<std::pair<const domain::TableSpec*, std::string>, std::string, std::less<>> cache;
  thread_local std::pair<const domain::TableSpec*, std::string> key;
  key.first = &spec;
  key.second.clear();
  for (const auto& [col, v] : fields) {
    key.second += col;
    key.second += ',';
  }
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::string sql = "UPDATE " + spec.name + " SET ";
  bool first = true;
  for (const auto& [col, v] : fields) {
    sql += (first ? "" : ", ") + col + " = ?";
    first = false;
  }
  sql += " WHERE " + spec.columns[0].name + " = ?";
  return cache.emplace(key, std::move(sql)).first->second;
}

// Queries over one connection inside an open transaction.
// A read view given an OrgCache serves the upper org tree from memory (see org_cache.hpp); write
// transactions read everything from the database.
class SqlView : public virtual domain::ReadView {
 public:
  explicit SqlView(Connection& c, OrgCache* cache = nullptr)
      : c_(c), cache_(cache), gen_(cache ? cache->Generation() : 0) {}

  Result<std::optional<Org>> FindOrg(const std::string& id) override {
    if (cache_) {
      if (auto o = cache_->FindOrg(id)) return o;
    }
    TRY_ASSIGN(auto o, One<Org>(c_, std::string("SELECT ") + kOrgCols + " FROM org WHERE id = ?", {id}, OrgFromRow));
    if (cache_ && o) cache_->PutOrg(gen_, *o);
    return o;
  }
  Result<std::optional<Org>> RootOrg() override {
    if (cache_) {
      if (auto id = cache_->RootId()) {
        if (auto o = cache_->FindOrg(*id)) return o;
      }
    }
    TRY_ASSIGN(
        auto o,
        One<Org>(c_, std::string("SELECT ") + kOrgCols + " FROM org WHERE parent_id IS NULL ORDER BY path LIMIT 1", {},
                 OrgFromRow));
    if (cache_ && o) {
      cache_->PutOrg(gen_, *o);
      cache_->PutRootId(gen_, o->id);
    }
    return o;
  }
  Result<std::optional<Org>> FindOrgByCode(const std::string& code) override {
    return One<Org>(c_, std::string("SELECT ") + kOrgCols + " FROM org WHERE code = ? ORDER BY depth LIMIT 1", {code},
                    OrgFromRow);
  }
  Result<std::vector<Org>> OrgChildren(const std::string& id) override {
    std::vector<Org> out;
    TRY_STATUS(
        c_.QueryEach(std::string("SELECT ") + kOrgCols +
                         " FROM org WHERE parent_id = ? ORDER BY CASE kind WHEN 'school' THEN 1 ELSE 0 END, code, id",
                     {id}, [&](const SqlRow& r) -> Status {
                       out.push_back(OrgFromRow(r));
                       return {};
                     }));
    return out;
  }
  Result<std::int64_t> CountSchoolsUnder(const std::string& path) override {
    std::int64_t n = 0;
    // An org's path ends with its own id: its count is kept in org_stat (projection of
    // school.created). Paths of schools, or of nothing, are counted from the register.
    if (path.size() > 2 && path.back() == '/') {
      const std::string inner = path.substr(0, path.size() - 1);
      const std::string id = inner.substr(inner.rfind('/') + 1);
      if (cache_) {
        if (auto cached = cache_->SchoolCount(id)) return *cached;
      }
      bool found = false;
      TRY_STATUS(c_.QueryEach("SELECT school_count FROM org_stat WHERE id = ?", {id}, [&](const SqlRow& r) -> Status {
        n = I(r[0]);
        found = true;
        return {};
      }));
      if (found) {
        if (cache_) cache_->PutSchoolCount(gen_, id, n);
        return n;
      }
    }
    TRY_STATUS(c_.QueryEach("SELECT count(*) FROM school WHERE path >= ? AND path < ?", {path, PrefixEnd(path)},
                            [&](const SqlRow& r) -> Status {
                              n = I(r[0]);
                              return {};
                            }));
    return n;
  }
  Result<std::optional<School>> FindSchool(const std::string& id) override {
    return One<School>(c_, std::string("SELECT ") + kSchoolCols + " FROM school WHERE id = ?", {id}, SchoolFromRow);
  }
  Result<std::optional<School>> FindSchoolByCode(const std::string& code) override {
    return One<School>(c_, std::string("SELECT ") + kSchoolCols + " FROM school WHERE code = ?", {code}, SchoolFromRow);
  }
  Result<domain::PageOf<School>> SearchSchools(const domain::SchoolFilter& f) override {
    std::string where = " WHERE path >= ? AND path < ?";
    std::vector<Value> params{f.under_path, PrefixEnd(f.under_path)};
    if (!f.q.empty()) {
      // Name substring, code prefix, full-pinyin substring, initials prefix. Patterns are bound
      // values with LIKE metacharacters escaped.
      std::string lq = ToLowerAscii(f.q);
      where +=
          " AND (name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR name_pinyin LIKE ? ESCAPE '\\'"
          " OR name_initials LIKE ? ESCAPE '\\')";
      params.push_back("%" + LikeEscape(f.q) + "%");
      params.push_back(LikeEscape(f.q) + "%");
      params.push_back("%" + LikeEscape(lq) + "%");
      params.push_back(LikeEscape(lq) + "%");
    }
    if (f.type) where += " AND type = ?", params.push_back(std::string(domain::Name(*f.type)));
    if (f.ownership) where += " AND ownership = ?", params.push_back(std::string(domain::Name(*f.ownership)));
    if (f.location_class)
      where += " AND location_class = ?", params.push_back(std::string(domain::Name(*f.location_class)));
    if (f.boarding) where += " AND boarding = ?", params.push_back(std::int64_t{*f.boarding ? 1 : 0});
    return Page<School>(c_, kSchoolCols, "school" + where, std::move(params), "code", f.page, SchoolFromRow);
  }

  Result<std::optional<User>> FindUser(const std::string& id) override {
    return One<User>(c_, std::string("SELECT ") + kUserCols + " FROM app_user WHERE id = ?", {id}, UserFromRow);
  }
  Result<std::optional<User>> FindUserByUsername(const std::string& username) override {
    return One<User>(c_, std::string("SELECT ") + kUserCols + " FROM app_user WHERE username = ?", {username},
                     UserFromRow);
  }
  Result<domain::PageOf<User>> ListUsers(const domain::UserFilter& f) override {
    std::string where = " WHERE 1=1";
    std::vector<Value> params;
    if (!f.q.empty()) {
      where += " AND (username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')";
      params.push_back("%" + LikeEscape(f.q) + "%");
      params.push_back("%" + LikeEscape(f.q) + "%");
    }
    if (f.role) where += " AND role = ?", params.push_back(std::string(domain::Name(*f.role)));
    if (!f.any_role.empty()) {
      where += " AND role IN (";
      for (std::size_t i = 0; i < f.any_role.size(); ++i) {
        where += i ? ", ?" : "?";
        params.push_back(std::string(domain::Name(f.any_role[i])));
      }
      where += ")";
    }
    if (f.enabled_only) where += " AND disabled = 0";
    if (!f.under_path.empty()) {
      where += " AND scope_org_id IN (SELECT id FROM org WHERE (path >= ? AND path < ?)";
      params.push_back(f.under_path);
      params.push_back(PrefixEnd(f.under_path));
      if (f.or_above) {
        where += " OR substr(?, 1, length(path)) = path";
        params.push_back(f.under_path);
      }
      where += ")";
    }
    return Page<User>(c_, kUserCols, "app_user" + where, std::move(params), "username", f.page, UserFromRow);
  }
  Result<std::optional<std::string>> PasswordHash(const std::string& user_id) override {
    return One<std::string>(c_, "SELECT password_hash FROM credential WHERE user_id = ?", {user_id},
                            [](const SqlRow& r) { return S(r[0]); });
  }
  Result<std::optional<domain::TokenRecord>> FindTokenBySha(const std::string& sha) override {
    return One<domain::TokenRecord>(c_, "SELECT id, user_id, revoked FROM api_token WHERE token_sha256 = ?", {sha},
                                    [](const SqlRow& r) {
                                      return domain::TokenRecord{S(r[0]), S(r[1]), I(r[2]) != 0};
                                    });
  }
  Result<std::optional<domain::SessionRecord>> FindSession(const std::string& sha) override {
    return One<domain::SessionRecord>(
        c_, "SELECT token_sha256, user_id, csrf_token, created_ms, expires_ms FROM session WHERE token_sha256 = ?",
        {sha}, [](const SqlRow& r) {
          return domain::SessionRecord{S(r[0]), S(r[1]), S(r[2]), I(r[3]), I(r[4])};
        });
  }

  Result<domain::JournalHead> Head() override {
    domain::JournalHead h;
    TRY_STATUS(
        c_.QueryEach("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", {}, [&](const SqlRow& r) -> Status {
          h.seq = I(r[0]);
          h.hash = S(r[1]);
          return {};
        }));
    return h;
  }
  Result<std::vector<domain::Checkpoint>> Checkpoints(int limit) override {
    std::vector<domain::Checkpoint> out;
    TRY_STATUS(c_.QueryEach("SELECT id, seq, hash, at, reason FROM checkpoint ORDER BY id DESC LIMIT ?",
                            {std::int64_t{limit}}, [&](const SqlRow& r) -> Status {
                              out.push_back(domain::Checkpoint{I(r[0]), I(r[1]), S(r[2]), S(r[3]), S(r[4])});
                              return {};
                            }));
    return out;
  }
  Result<std::vector<domain::JournalEntry>> JournalFor(const std::string& subject) override {
    std::vector<domain::JournalEntry> out;
    TRY_STATUS(c_.QueryEach(std::string("SELECT ") + kJournalCols + " FROM journal WHERE subject = ? ORDER BY seq",
                            {subject}, [&](const SqlRow& r) -> Status {
                              out.push_back(EntryFromRow(r));
                              return {};
                            }));
    return out;
  }

  Result<std::optional<domain::Hazard>> FindHazard(const std::string& id) override {
    return One<domain::Hazard>(c_, std::string("SELECT ") + kHazardCols + " FROM hazard WHERE id = ?", {id},
                               HazardFromRow);
  }
  Result<domain::PageOf<domain::Hazard>> SearchHazards(const domain::HazardFilter& f) override {
    std::string where = " WHERE path >= ? AND path < ?";
    std::vector<Value> params{f.under_path, PrefixEnd(f.under_path)};
    auto eq = [&](const char* col, std::string v) {
      where += std::string(" AND ") + col + " = ?";
      params.push_back(std::move(v));
    };
    if (!f.school_id.empty()) eq("school_id", f.school_id);
    if (!f.campaign_id.empty()) eq("campaign_id", f.campaign_id);
    if (f.state) eq("state", std::string(domain::Name(*f.state)));
    if (f.risk_level) eq("risk_level", std::string(domain::Name(*f.risk_level)));
    if (f.category) eq("category", std::string(domain::Name(*f.category)));
    if (f.source) eq("source", std::string(domain::Name(*f.source)));
    // Dates are ISO text, so text comparison is date comparison.
    const std::string today = FormatDate(f.today);
    if (f.overdue) {
      where += *f.overdue ? std::string(" AND ") + kWithSchool + " AND deadline < ?"
                          : std::string(" AND NOT (") + kWithSchool + " AND deadline < ?)";
      params.push_back(today);
    }
    if (f.due_within_days) {
      where += std::string(" AND ") + kWithSchool + " AND deadline >= ? AND deadline <= ?";
      params.push_back(today);
      params.push_back(FormatDate(CivilFromDays(DaysFromCivil(f.today) + *f.due_within_days)));
    }
    if (!f.q.empty()) {
      where += " AND (number LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')";
      params.push_back("%" + LikeEscape(f.q) + "%");
      params.push_back("%" + LikeEscape(f.q) + "%");
    }
    const char* order = "deadline, number";
    switch (f.sort) {
      case domain::HazardSort::kDeadline: order = "deadline, number"; break;
      case domain::HazardSort::kDeadlineDesc: order = "deadline DESC, number DESC"; break;
      case domain::HazardSort::kFoundAt: order = "found_at, number"; break;
      case domain::HazardSort::kFoundAtDesc: order = "found_at DESC, number DESC"; break;
      case domain::HazardSort::kRisk: order = "risk_rank, deadline, number"; break;
      case domain::HazardSort::kNumber: order = "number"; break;
    }
    domain::PageOf<domain::Hazard> out;
    TRY_STATUS(c_.QueryEach("SELECT count(*) FROM hazard" + where, params, [&](const SqlRow& r) -> Status {
      out.total = I(r[0]);
      return {};
    }));
    params.push_back(std::int64_t{f.page.page_size});
    params.push_back(std::int64_t{(f.page.page - 1) * std::int64_t{f.page.page_size}});
    TRY_STATUS(c_.QueryEach(
        std::string("SELECT ") + kHazardCols + " FROM hazard" + where + " ORDER BY " + order + " LIMIT ? OFFSET ?",
        params, [&](const SqlRow& r) -> Status {
          out.items.push_back(HazardFromRow(r));
          return {};
        }));
    return out;
  }
  Result<std::int64_t> NextHazardSeq(const std::string& county_id, int year) override {
    std::int64_t last = 0;
    TRY_STATUS(c_.QueryEach("SELECT last_seq FROM hazard_counter WHERE id = ?",
                            {county_id + ":" + std::to_string(year)}, [&](const SqlRow& r) -> Status {
                              last = I(r[0]);
                              return {};
                            }));
    return last + 1;
  }
  Result<std::vector<domain::HazardExtension>> HazardExtensions(const std::string& hazard_id) override {
    std::vector<domain::HazardExtension> out;
    TRY_STATUS(c_.QueryEach(std::string("SELECT ") + kExtensionCols +
                                " FROM hazard_extension WHERE hazard_id = ? ORDER BY requested_at, id",
                            {hazard_id}, [&](const SqlRow& r) -> Status {
                              out.push_back(ExtensionFromRow(r));
                              return {};
                            }));
    return out;
  }
  Result<std::vector<domain::HazardEvidence>> HazardEvidenceFor(const std::string& hazard_id) override {
    std::vector<domain::HazardEvidence> out;
    TRY_STATUS(
        c_.QueryEach("SELECT he.hazard_id, he.sha256, he.kind, he.added_seq, e.mime, e.taken_at, e.width, e.height "
                     "FROM hazard_evidence he LEFT JOIN evidence e ON e.id = he.sha256 WHERE he.hazard_id = ? "
                     "ORDER BY he.added_seq, he.id",
                     {hazard_id}, [&](const SqlRow& r) -> Status {
                       out.push_back(domain::HazardEvidence{
                           S(r[0]), S(r[1]), domain::ParseEvidenceKind(S(r[2])).value_or(domain::EvidenceKind::kBefore),
                           I(r[3]), S(r[4]), S(r[5]), I(r[6]), I(r[7])});
                       return {};
                     }));
    return out;
  }
  Result<std::optional<domain::EvidenceRecord>> FindEvidence(const std::string& sha) override {
    return One<domain::EvidenceRecord>(c_,
                                       "SELECT id, size, mime, width, height, taken_at, latitude, longitude, phash, "
                                       "uploaded_by, stored_at, stored_seq "
                                       "FROM evidence WHERE id = ?",
                                       {sha}, [](const SqlRow& r) {
                                         return domain::EvidenceRecord{S(r[0]), I(r[1]), S(r[2]),  I(r[3]),
                                                                       I(r[4]), S(r[5]), S(r[6]),  S(r[7]),
                                                                       S(r[8]), S(r[9]), S(r[10]), I(r[11])};
                                       });
  }
  Result<bool> EvidenceUploadedBy(const std::string& sha, const std::string& user_id) override {
    TRY_ASSIGN(auto row, One<bool>(c_, "SELECT 1 FROM evidence_upload WHERE id = ?", {sha + ":" + user_id},
                                   [](const SqlRow&) { return true; }));
    return row.has_value();
  }
  Result<bool> EvidenceReferenced(const std::string& sha, const std::string& under_path) override {
    std::optional<bool> row;
    if (under_path.empty()) {
      TRY_ASSIGN(row, One<bool>(c_, "SELECT 1 FROM hazard_evidence WHERE sha256 = ? LIMIT 1", {sha},
                                [](const SqlRow&) { return true; }));
    } else {
      TRY_ASSIGN(row, One<bool>(c_,
                                "SELECT 1 FROM hazard_evidence he JOIN hazard h ON h.id = he.hazard_id "
                                "WHERE he.sha256 = ? AND h.path >= ? AND h.path < ? LIMIT 1",
                                {sha, under_path, PrefixEnd(under_path)}, [](const SqlRow&) { return true; }));
    }
    return row.has_value();
  }
  Result<std::optional<domain::IdempotencyRecord>> FindIdempotency(const std::string& user_id,
                                                                   const std::string& key) override {
    return One<domain::IdempotencyRecord>(
        c_, std::string("SELECT ") + kIdempotencyCols + " FROM idempotency WHERE user_id = ? AND key = ?",
        {user_id, key}, [](const SqlRow& r) {
          return domain::IdempotencyRecord{S(r[0]), S(r[1]), S(r[2]), S(r[3]), S(r[4]), static_cast<int>(I(r[5])),
                                           S(r[6]), S(r[7]), I(r[8])};
        });
  }

  Result<std::optional<std::string>> FindSetting(const std::string& key) override {
    return One<std::string>(c_, "SELECT value FROM setting WHERE id = ?", {key},
                            [](const SqlRow& r) { return S(r[0]); });
  }
  Result<domain::PageOf<domain::NoticeRecord>> SearchNotices(const std::string& under_path,
                                                             const domain::PageRequest& p) override {
    domain::PageOf<domain::NoticeRecord> out;
    const std::string where = " FROM notice n JOIN org o ON o.id = n.to_org_id WHERE o.path >= ? AND o.path < ?";
    const std::vector<Value> params{under_path, PrefixEnd(under_path)};
    TRY_STATUS(c_.QueryEach("SELECT count(*)" + where, params, [&](const SqlRow& r) -> Status {
      out.total = I(r[0]);
      return {};
    }));
    auto page_params = params;
    page_params.push_back(std::int64_t{p.page_size});
    page_params.push_back(std::int64_t{(p.page - 1) * p.page_size});
    TRY_STATUS(c_.QueryEach("SELECT n.id, n.to_org_id, n.kind, n.hazard_id, n.at" + where +
                                " ORDER BY n.at DESC, n.id DESC LIMIT ? OFFSET ?",
                            page_params, [&](const SqlRow& r) -> Status {
                              out.items.push_back(domain::NoticeRecord{S(r[0]), S(r[1]), S(r[2]), S(r[3]), S(r[4])});
                              return {};
                            }));
    return out;
  }

  // Campaigns, teams, checklists and inspections: the SQL is in campaign_queries.cpp.
  static domain::DrawRecord DrawFromRow(const SqlRow& r) {
    domain::DrawRecord d;
    d.id = S(r[0]);
    d.org_id = S(r[1]);
    d.org_path = S(r[2]);
    d.name = S(r[3]);
    d.state = domain::ParseDrawState(S(r[4])).value_or(domain::DrawState::kCommitted);
    d.definition = S(r[5]);
    d.schools_register_id = S(r[6]);
    d.inspectors_register_id = S(r[7]);
    d.schools_sha256 = S(r[8]);
    d.inspectors_sha256 = S(r[9]);
    d.commitment = S(r[10]);
    d.committed_by = S(r[11]);
    d.committed_at = S(r[12]);
    d.seed = S(r[13]);
    d.public_value = S(r[14]);
    d.result = S(r[15]);
    d.problems = S(r[16]);
    d.executed_by = S(r[17]);
    d.executed_at = S(r[18]);
    d.version = I(r[19]);
    return d;
  }
  static constexpr const char* kDrawCols =
      "id, org_id, org_path, name, state, definition, schools_register_id, inspectors_register_id, schools_sha256, "
      "inspectors_sha256, commitment, committed_by, committed_at, seed, public_value, result, problems, executed_by, "
      "executed_at, version";
  Result<std::optional<domain::DrawRecord>> FindDraw(const std::string& id) override {
    return One<domain::DrawRecord>(c_, std::string("SELECT ") + kDrawCols + " FROM draw WHERE id = ?", {id},
                                   [](const SqlRow& r) { return DrawFromRow(r); });
  }
  Result<domain::PageOf<domain::DrawRecord>> ListDraws(const std::string& under_path,
                                                       const domain::PageRequest& p) override {
    domain::PageOf<domain::DrawRecord> out;
    const std::vector<Value> params{under_path, PrefixEnd(under_path)};
    TRY_STATUS(c_.QueryEach("SELECT count(*) FROM draw WHERE org_path >= ? AND org_path < ?", params,
                            [&](const SqlRow& r) -> Status {
                              out.total = I(r[0]);
                              return {};
                            }));
    auto page_params = params;
    page_params.push_back(std::int64_t{p.page_size});
    page_params.push_back(std::int64_t{(p.page - 1) * p.page_size});
    TRY_STATUS(c_.QueryEach(std::string("SELECT ") + kDrawCols +
                                " FROM draw WHERE org_path >= ? AND org_path < ? ORDER BY committed_at DESC, id DESC "
                                "LIMIT ? OFFSET ?",
                            page_params, [&](const SqlRow& r) -> Status {
                              out.items.push_back(DrawFromRow(r));
                              return {};
                            }));
    return out;
  }
  static domain::DrawRegisterVersion RegisterFromRow(const SqlRow& r) {
    return domain::DrawRegisterVersion{S(r[0]), S(r[1]), S(r[2]), S(r[3]), I(r[4]),
                                       S(r[5]), I(r[6]), S(r[7]), S(r[8]), S(r[9])};
  }
  static std::string RegisterCols(bool with_records) {
    return std::string("r.id, r.kind, r.org_id, r.org_path, r.number, r.sha256, r.count, ") +
           (with_records ? "r.records" : "''") + ", r.published_by, r.published_at";
  }
  Result<std::optional<domain::DrawRegisterVersion>> FindDrawRegister(const std::string& id,
                                                                      bool with_records) override {
    return One<domain::DrawRegisterVersion>(
        c_, "SELECT " + RegisterCols(with_records) + " FROM draw_register r WHERE r.id = ?", {id},
        [](const SqlRow& r) { return RegisterFromRow(r); });
  }
  Result<std::optional<domain::DrawRegisterVersion>> LatestDrawRegister(const std::string& kind,
                                                                        const std::string& org_id,
                                                                        bool with_records) override {
    return One<domain::DrawRegisterVersion>(
        c_,
        "SELECT " + RegisterCols(with_records) +
            " FROM draw_register_head h JOIN draw_register r ON r.id = h.register_id WHERE h.id = ?",
        {kind + ":" + org_id}, [](const SqlRow& r) { return RegisterFromRow(r); });
  }
  Result<std::vector<domain::RegisterSchoolRow>> RegisterSchoolsUnder(const std::string& under_path) override {
    std::vector<domain::RegisterSchoolRow> out;
    TRY_STATUS(c_.QueryEach(
        "SELECT s.id, s.code, s.name, s.parent_id, s.type, s.ownership, s.location_class, "
        "(SELECT max(i.submitted_at) FROM inspection i WHERE i.school_id = s.id AND i.state = 'submitted' "
        "AND i.self_inspection = 0) "
        "FROM school s WHERE s.path >= ? AND s.path < ? ORDER BY s.code",
        {under_path, PrefixEnd(under_path)}, [&](const SqlRow& r) -> Status {
          domain::RegisterSchoolRow row;
          row.school.id = S(r[0]);
          row.school.code = S(r[1]);
          row.school.name = S(r[2]);
          row.school.county = S(r[3]);
          row.school.type = domain::ParseSchoolType(S(r[4])).value_or(domain::SchoolType::kPrimary);
          row.school.ownership = domain::ParseOwnership(S(r[5])).value_or(domain::Ownership::kPublic);
          row.school.location_class = domain::ParseLocationClass(S(r[6])).value_or(domain::LocationClass::kUrban);
          row.last_inspected_at = S(r[7]);
          out.push_back(std::move(row));
          return {};
        }));
    return out;
  }
  Result<std::optional<std::string>> FindDrawSecret(const std::string& draw_id) override {
    return One<std::string>(c_, "SELECT seed FROM draw_secret WHERE draw_id = ?", {draw_id},
                            [](const SqlRow& r) { return S(r[0]); });
  }

  static constexpr const char* kLevelReportCols =
      "id, org_id, org_path, org_kind, supervising_org_id, campaign_id, period_end, state, supersedes, body, sha256, "
      "signature, public_key, checkpoint_seq, checkpoint_hash, prepared_by, prepared_at, prepared_seq, approved_by, "
      "approved_at, submitted_at, decided_by, decided_at, return_reason, version";
  static domain::LevelReport LevelReportFromRow(const SqlRow& r) {
    domain::LevelReport x;
    x.id = S(r[0]);
    x.org_id = S(r[1]);
    x.org_path = S(r[2]);
    x.org_kind = domain::ParseOrgKind(S(r[3])).value_or(domain::OrgKind::kSchool);
    x.supervising_org_id = S(r[4]);
    x.campaign_id = S(r[5]);
    x.period_end = S(r[6]);
    x.state = domain::ParseLevelReportState(S(r[7])).value_or(domain::LevelReportState::kSubmitted);
    x.supersedes = S(r[8]);
    x.body = S(r[9]);
    x.sha256 = S(r[10]);
    x.signature = S(r[11]);
    x.public_key = S(r[12]);
    x.checkpoint_seq = I(r[13]);
    x.checkpoint_hash = S(r[14]);
    x.prepared_by = S(r[15]);
    x.prepared_at = S(r[16]);
    x.prepared_seq = I(r[17]);
    x.approved_by = S(r[18]);
    x.approved_at = S(r[19]);
    x.submitted_at = S(r[20]);
    x.decided_by = S(r[21]);
    x.decided_at = S(r[22]);
    x.return_reason = S(r[23]);
    x.version = I(r[24]);
    return x;
  }
  Result<std::optional<domain::LevelReport>> FindLevelReport(const std::string& id) override {
    return One<domain::LevelReport>(c_, std::string("SELECT ") + kLevelReportCols + " FROM level_report WHERE id = ?",
                                    {id}, [](const SqlRow& r) { return LevelReportFromRow(r); });
  }
  Result<domain::PageOf<domain::LevelReport>> SearchLevelReports(const domain::LevelReportFilter& f) override {
    std::string where = " WHERE org_path >= ? AND org_path < ?";
    std::vector<Value> params{f.under_path, PrefixEnd(f.under_path)};
    auto eq = [&](const char* col, const std::string& v) {
      if (v.empty()) return;
      where += std::string(" AND ") + col + " = ?";
      params.push_back(v);
    };
    eq("org_id", f.org_id);
    eq("supervising_org_id", f.supervising_org_id);
    eq("campaign_id", f.campaign_id);
    eq("period_end", f.period_end);
    if (f.state) eq("state", std::string(domain::Name(*f.state)));
    if (f.live_only) {
      where += " AND state <> ?";
      params.push_back(std::string(domain::Name(domain::LevelReportState::kReturned)));
    }
    return Page<domain::LevelReport>(c_, kLevelReportCols, "level_report" + where, std::move(params),
                                     "prepared_seq DESC", f.page, LevelReportFromRow);
  }
  Result<std::optional<std::string>> FindSigningKey(const std::string& org_id) override {
    return One<std::string>(c_, "SELECT public_key FROM org_signing_key WHERE id = ?", {org_id},
                            [](const SqlRow& r) { return S(r[0]); });
  }
  Result<std::optional<std::string>> FindSigningSecret(const std::string& org_id) override {
    return One<std::string>(c_, "SELECT secret_key FROM org_signing_secret WHERE org_id = ?", {org_id},
                            [](const SqlRow& r) { return S(r[0]); });
  }
  Result<std::optional<domain::JournalEntry>> JournalEntryAt(std::int64_t seq) override {
    return One<domain::JournalEntry>(c_, std::string("SELECT ") + kJournalCols + " FROM journal WHERE seq = ?", {seq},
                                     [](const SqlRow& r) { return EntryFromRow(r); });
  }

  Result<std::optional<domain::Campaign>> FindCampaign(const std::string& id) override { return Q().FindCampaign(id); }
  Result<domain::PageOf<domain::Campaign>> ListCampaigns(const std::string& scope,
                                                         const domain::PageRequest& p) override {
    return Q().ListCampaigns(scope, p);
  }
  Result<std::optional<domain::Team>> FindTeam(const std::string& id) override { return Q().FindTeam(id); }
  Result<domain::PageOf<domain::Team>> ListTeams(const std::string& campaign_id, const std::string& under,
                                                 const std::string& member, const domain::PageRequest& p) override {
    return Q().ListTeams(campaign_id, under, member, p);
  }
  Result<std::optional<domain::ChecklistTemplate>> FindChecklistTemplate(const std::string& id) override {
    return Q().FindChecklistTemplate(id);
  }
  Result<domain::PageOf<domain::ChecklistTemplate>> ListChecklistTemplates(const domain::PageRequest& p) override {
    return Q().ListChecklistTemplates(p);
  }
  Result<std::optional<domain::ChecklistVersion>> FindChecklistVersion(const std::string& id, std::int64_t n) override {
    return Q().FindChecklistVersion(id, n);
  }
  Result<std::optional<domain::Inspection>> FindInspection(const std::string& id) override {
    return Q().FindInspection(id);
  }
  Result<domain::PageOf<domain::Inspection>> SearchInspections(const domain::InspectionFilter& f) override {
    return Q().SearchInspections(f);
  }
  Result<std::vector<domain::ItemRecord>> InspectionItems(const std::string& id) override {
    return Q().InspectionItems(id);
  }
  Result<std::vector<domain::Signature>> InspectionSignatures(const std::string& id) override {
    return Q().InspectionSignatures(id);
  }
  Result<domain::CampaignFigures> FigureCampaign(const domain::Campaign& c, const std::string& under, Date today,
                                                 bool hidden) override {
    return Q().FigureCampaign(c, under, today, hidden);
  }
  Result<std::vector<domain::SelfInspectionProgress>> SelfInspectionProgressOf(const std::string& campaign_id,
                                                                               const std::string& under,
                                                                               Date today) override {
    return Q().SelfInspectionProgressOf(campaign_id, under, today);
  }
  Result<std::vector<domain::SelfCheckMisses>> SelfInspectionMisses(const std::vector<std::string>& prefixes,
                                                                    Date as_of, const std::string& campaign_id,
                                                                    domain::AggregateSource source) override {
    if (source == domain::AggregateSource::kScan) return Q().SelfInspectionMisses(prefixes, as_of, campaign_id);
    TRY_STATUS(BeforeStatRead());
    // The counters answer exactly when nothing under the node was found or submitted after as_of.
    const std::string asof = FormatDate(as_of);
    std::vector<domain::SelfCheckMisses> out;
    for (const auto& prefix : prefixes) {
      const std::string node = domain::NodeOfPath(prefix);
      if (node.empty()) return Q().SelfInspectionMisses(prefixes, as_of, campaign_id);
      const std::string p = domain::StatPrefix(node, campaign_id);
      TRY_ASSIGN(const bool later, StatsAfter(p, asof, {"~f:", "~s:"}));
      if (later) return Q().SelfInspectionMisses(prefixes, as_of, campaign_id);
      domain::SelfCheckMisses m;
      TRY_STATUS(c_.QueryEach("SELECT id, n FROM hazard_stat WHERE id >= ? AND id < ?", {p + "sc_", p + "sc`"},
                              [&](const SqlRow& r) -> Status {
                                const std::string key = S(r[0]).substr(p.size());
                                if (key == "sc_clean") m.clean_schools = I(r[1]);
                                if (key == "sc_missed") m.missed_schools = I(r[1]);
                                if (key == "sc_missed_h") m.missed_hazards = I(r[1]);
                                return {};
                              }));
      out.push_back(m);
    }
    return out;
  }
  // Whether a dated counter of one of `kinds` ("~f:") under prefix `p` lies after `day`.
  Result<bool> StatsAfter(const std::string& p, const std::string& day, std::initializer_list<const char*> kinds) {
    bool later = false;
    for (const char* k : kinds) {
      std::string end = p + k;
      end.back() = ';';  // the character after ':'
      TRY_STATUS(c_.QueryEach("SELECT id FROM hazard_stat WHERE id > ? AND id < ? LIMIT 1", {p + k + day, end},
                              [&](const SqlRow&) -> Status {
                                later = true;
                                return {};
                              }));
      if (later) break;
    }
    return later;
  }
  Result<std::optional<domain::RectificationNoticeRecord>> FindRectificationNotice(const std::string& id) override {
    return One<domain::RectificationNoticeRecord>(
        c_, std::string("SELECT ") + kNoticeCols + " FROM rectification_notice WHERE id = ?", {id}, NoticeFromRow);
  }
  Result<std::optional<domain::RectificationNoticeRecord>> LatestRectificationNotice(
      const std::string& inspection_id) override {
    return One<domain::RectificationNoticeRecord>(
        c_,
        std::string("SELECT ") + kNoticeCols +
            " FROM rectification_notice WHERE inspection_id = ? ORDER BY issued_seq DESC LIMIT 1",
        {inspection_id}, NoticeFromRow);
  }
  Result<std::int64_t> NextRectificationNoticeSerial(const std::string& bureau_org_id, int year) override {
    std::int64_t last = 0;
    TRY_STATUS(c_.QueryEach("SELECT max(serial) FROM rectification_notice WHERE bureau_org_id = ? AND year = ?",
                            {bureau_org_id, std::int64_t{year}}, [&](const SqlRow& r) -> Status {
                              if (!std::holds_alternative<std::monostate>(r[0])) last = I(r[0]);
                              return {};
                            }));
    return last + 1;
  }
  Result<std::vector<domain::Hazard>> OpenHazardsOfInspection(const std::string& inspection_id) override {
    TRY_ASSIGN(auto ids, Q().OpenHazardIdsOfInspection(inspection_id));
    std::vector<domain::Hazard> out;
    for (const auto& id : ids) {
      TRY_ASSIGN(auto h, FindHazard(id));
      if (h) out.push_back(std::move(*h));
    }
    return out;
  }
  Result<std::vector<domain::TrendDay>> HazardTrend(const std::string& prefix, Date from, Date to,
                                                    const std::string& campaign_id,
                                                    domain::AggregateSource source) override {
    const std::string node = domain::NodeOfPath(prefix);
    if (source == domain::AggregateSource::kScan || node.empty()) return HazardTrendScan(prefix, from, to, campaign_id);
    TRY_STATUS(BeforeStatRead());
    std::vector<domain::TrendDay> out;
    const std::int64_t d0 = DaysFromCivil(from), d1 = DaysFromCivil(to);
    for (std::int64_t d = d0; d <= d1; ++d) out.push_back(domain::TrendDay{CivilFromDays(d), 0, 0});
    if (out.empty()) return out;
    const std::string p = domain::StatPrefix(node, campaign_id);
    for (const char* k : {"~f:", "~c:"}) {
      const bool found = k[1] == 'f';
      TRY_STATUS(c_.QueryEach("SELECT id, n FROM hazard_stat WHERE id >= ? AND id <= ?",
                              {p + k + FormatDate(from), p + k + FormatDate(to)}, [&](const SqlRow& r) -> Status {
                                auto day = ParseDate(S(r[0]).substr(p.size() + 3));
                                if (!day) return {};
                                const std::int64_t i = DaysFromCivil(*day) - d0;
                                if (i < 0 || i >= static_cast<std::int64_t>(out.size())) return {};
                                (found ? out[static_cast<std::size_t>(i)].found
                                       : out[static_cast<std::size_t>(i)].closed) = I(r[1]);
                                return {};
                              }));
    }
    return out;
  }
  Result<std::vector<domain::TrendDay>> HazardTrendScan(const std::string& prefix, Date from, Date to,
                                                        const std::string& campaign_id) {
    std::vector<domain::TrendDay> out;
    const std::int64_t d0 = DaysFromCivil(from), d1 = DaysFromCivil(to);
    for (std::int64_t d = d0; d <= d1; ++d) out.push_back(domain::TrendDay{CivilFromDays(d), 0, 0});
    if (out.empty()) return out;
    auto slot = [&](const std::string& day) -> domain::TrendDay* {
      auto dt = ParseDate(day);
      if (!dt) return nullptr;
      const std::int64_t k = DaysFromCivil(*dt) - d0;
      return k >= 0 && k < static_cast<std::int64_t>(out.size()) ? &out[static_cast<std::size_t>(k)] : nullptr;
    };
    std::string where = " WHERE path >= ? AND path < ? AND state <> 'voided'";
    std::vector<Value> params{prefix, PrefixEnd(prefix)};
    if (!campaign_id.empty()) {
      where += " AND campaign_id = ?";
      params.push_back(campaign_id);
    }
    std::vector<Value> p1 = params;
    p1.push_back(FormatDate(from));
    p1.push_back(FormatDate(to));
    TRY_STATUS(c_.QueryEach(
        "SELECT found_at, count(*) FROM hazard" + where + " AND found_at >= ? AND found_at <= ? GROUP BY found_at", p1,
        [&](const SqlRow& r) -> Status {
          if (auto* t = slot(S(r[0]))) t->found = I(r[1]);
          return {};
        }));
    // closed_at is a UTC timestamp: the China day is 8 hours later. The range is widened by a day
    // on the UTC side and the day is computed in SQL.
    const std::string day = c_.dialect() == Dialect::kSqlite
                                ? "date(closed_at, '+8 hours')"
                                : "to_char((closed_at::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')";
    std::vector<Value> p2 = params;
    p2.push_back(FormatDate(CivilFromDays(d0 - 1)));
    p2.push_back(FormatDate(CivilFromDays(d1 + 1)));
    TRY_STATUS(c_.QueryEach("SELECT " + day + ", count(*) FROM hazard" + where +
                                " AND state = 'closed' AND closed_at >= ? AND closed_at < ? GROUP BY " + day,
                            p2, [&](const SqlRow& r) -> Status {
                              if (auto* t = slot(S(r[0]))) t->closed = I(r[1]);
                              return {};
                            }));
    return out;
  }
  Result<std::vector<domain::HazardAggregate>> AggregateHazards(const std::vector<std::string>& prefixes, Date as_of,
                                                                int due_days, const std::string& campaign_id,
                                                                domain::AggregateSource source) override {
    if (source == domain::AggregateSource::kScan) return AggregateHazardsScan(prefixes, as_of, due_days, campaign_id);
    TRY_STATUS(BeforeStatRead());
    // The counters answer exactly when every hazard under the node was found by as_of.
    const std::string asof = FormatDate(as_of);
    std::vector<domain::HazardAggregate> out;
    for (const auto& prefix : prefixes) {
      const std::string node = domain::NodeOfPath(prefix);
      if (node.empty()) return AggregateHazardsScan(prefixes, as_of, due_days, campaign_id);
      const std::string p = domain::StatPrefix(node, campaign_id);
      TRY_ASSIGN(const bool later, StatsAfter(p, asof, {"~f:"}));
      if (later) return AggregateHazardsScan(prefixes, as_of, due_days, campaign_id);
      std::map<std::string, std::int64_t> counters;
      TRY_STATUS(c_.QueryEach("SELECT id, n FROM hazard_stat WHERE id >= ? AND id < ?", {p, p + "~"},
                              [&](const SqlRow& r) -> Status {
                                counters.emplace(S(r[0]).substr(p.size()), I(r[1]));
                                return {};
                              }));
      out.push_back(domain::AggregateFromStats(counters, as_of, due_days));
    }
    return out;
  }
  Result<std::vector<domain::HazardAggregate>> AggregateHazardsScan(const std::vector<std::string>& prefixes,
                                                                    Date as_of, int due_days,
                                                                    const std::string& campaign_id) {
    std::vector<domain::HazardAggregate> out(prefixes.size());
    if (prefixes.empty()) return out;
    // The groups as a CTE of (prefix, end of prefix range), so that each group is one index range
    // scan over hazard(path, …) and the database returns one row per group, not per hazard.
    std::string groups = "WITH g(p, e) AS (VALUES ";
    std::vector<Value> gparams;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
      groups += i == 0 ? "(?, ?)" : ", (?, ?)";
      gparams.push_back(prefixes[i]);
      gparams.push_back(PrefixEnd(prefixes[i]));
      index.emplace(prefixes[i], i);
    }
    groups += ") ";
    const std::string from = " FROM g JOIN hazard h ON h.path >= g.p AND h.path < g.e WHERE h.found_at <= ? " +
                             std::string(campaign_id.empty() ? "" : "AND h.campaign_id = ? ");
    const std::string asof = FormatDate(as_of);
    const std::string due = FormatDate(CivilFromDays(DaysFromCivil(as_of) + due_days));
    auto at = [&](const SqlRow& r) -> domain::HazardAggregate& { return out[index.at(S(r[0]))]; };

    // Dates are ISO text, so text comparison is date comparison.
    const std::string live = "h.state <> 'voided'";
    const std::string open = "h.state NOT IN ('closed', 'voided')";
    const std::string with_school = "h.state IN ('registered', 'planned', 'rectifying')";
    auto sum = [](const std::string& cond) { return ", SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)"; };
    std::string sql =
        groups + "SELECT g.p" + sum(live) + sum(open) + sum("h.state = 'closed'") + sum("h.state = 'voided'");
    for (int rank = 0; rank < 4; ++rank) sql += sum(live + " AND h.risk_rank = " + std::to_string(rank));
    for (int rank = 0; rank < 4; ++rank) sql += sum(open + " AND h.risk_rank = " + std::to_string(rank));
    sql += sum("h.state IN ('planned', 'rectifying', 'awaiting_review')");
    const std::string red_open = open + " AND h.risk_rank = 0";
    sql += sum(red_open);
    sql += sum(red_open + " AND h.interim_measures <> ''");
    sql += sum(red_open +
               " AND h.state <> 'registered' AND h.measures <> '' AND h.responsible_person <> '' AND h.funds <> '' "
               "AND h.contingency_plan <> '' AND h.interim_measures <> ''");
    sql += sum(with_school + " AND h.deadline < ?");
    sql += sum(with_school + " AND h.deadline >= ? AND h.deadline <= ?");
    sql += sum(live + " AND h.extension_count > 0");
    sql += ", SUM(CASE WHEN " + live + " THEN h.rejection_count ELSE 0 END)";
    sql += from + "GROUP BY g.p";
    std::vector<Value> params = gparams;
    params.push_back(asof);  // overdue
    params.push_back(asof);  // due soon: from
    params.push_back(due);   //           to
    params.push_back(asof);  // found on or before
    if (!campaign_id.empty()) params.push_back(campaign_id);
    TRY_STATUS(c_.QueryEach(sql, params, [&](const SqlRow& r) -> Status {
      auto& a = at(r);
      std::size_t i = 1;
      std::int64_t live_n = I(r[i++]);
      a.open = I(r[i++]);
      a.closed = I(r[i++]);
      a.voided = I(r[i++]);
      a.total = live_n;
      for (auto& v : a.by_risk) v = I(r[i++]);
      for (auto& v : a.open_by_risk) v = I(r[i++]);
      a.open_with_plan = I(r[i++]);
      a.red_open = I(r[i++]);
      a.red_open_interim = I(r[i++]);
      a.red_open_five = I(r[i++]);
      a.overdue = I(r[i++]);
      a.due_soon = I(r[i++]);
      a.extended = I(r[i++]);
      a.rejections = I(r[i++]);
      return {};
    }));

    std::vector<Value> p2 = gparams;
    p2.push_back(asof);
    if (!campaign_id.empty()) p2.push_back(campaign_id);
    for (const char* col : {"category", "source"}) {
      TRY_STATUS(c_.QueryEach(
          groups + "SELECT g.p, h." + col + ", count(*)" + from + "AND " + live + " GROUP BY g.p, h." + col, p2,
          [&](const SqlRow& r) -> Status {
            auto& m = std::string_view(col) == "category" ? at(r).by_category : at(r).by_source;
            m[S(r[1])] = I(r[2]);
            return {};
          }));
    }
    // Days to close between China dates: closed_at is a UTC timestamp, found_at a China date.
    const std::string days = c_.dialect() == Dialect::kSqlite
                                 ? "CAST(julianday(date(h.closed_at, '+8 hours')) - julianday(h.found_at) AS INTEGER)"
                                 : "((h.closed_at::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - h.found_at::date)";
    TRY_STATUS(c_.QueryEach(groups + "SELECT g.p, " + days + ", count(*)" + from +
                                "AND h.state = 'closed' AND h.closed_at <> '' GROUP BY g.p, " + days,
                            p2, [&](const SqlRow& r) -> Status {
                              at(r).close_days[I(r[1])] += I(r[2]);
                              return {};
                            }));
    return out;
  }

 protected:
  CampaignQueries Q() { return CampaignQueries(c_); }
  // Called before a query reads hazard_stat itself (rather than through a ProjectionReader): the
  // write transaction puts its held-back counter deltas into the table first (AddBuffer).
  virtual Status BeforeStatRead() { return {}; }
  Connection& c_;

 private:
  OrgCache* cache_;
  std::uint64_t gen_;
};

// The hazard rows one write has read or changed, in the projection's column order (HazardSpec())
// and kept in step with the write's row ops: a transition reads its hazard from the database once,
// for the use case's checks, the projection, the statistics and the answer (BENCHMARKS.md, "Write
// path, session 5"). Emptied at the start of every write of a batch and when one is rolled back to
// its savepoint, so it never outlives the state it was read from.
class HazardRowCache {
 public:
  struct Entry {
    bool exists = false;
    SqlRow cells;  // HazardSpec() order, the key first
  };

  Result<const Entry*> Get(Connection& c, const std::string& id) {
    auto it = rows_.find(id);
    if (it != rows_.end()) return &it->second;
    Entry e;
    TRY_STATUS(c.QueryEach(SelectByKeySql(HazardSpec()), {id}, [&](const SqlRow& r) -> Status {
      e.exists = true;
      e.cells = r;
      return {};
    }));
    return &rows_.insert_or_assign(id, std::move(e)).first->second;
  }

  // After the op was applied to the table.
  void Applied(const domain::RowOp& op, const std::vector<Value>& insert_params) {
    if (op.kind == domain::RowOp::Kind::kInsert) {
      rows_.insert_or_assign(op.key, Entry{true, insert_params});
    } else if (op.kind == domain::RowOp::Kind::kDelete) {
      rows_.insert_or_assign(op.key, Entry{});
    } else {
      auto it = rows_.find(op.key);
      if (it == rows_.end() || !it->second.exists) return;
      for (const auto& [col, v] : op.fields) {
        const std::size_t i = ColumnIndex(HazardSpec(), col);
        if (i == std::string::npos) {  // cannot happen (ApplyOp checked the column): forget the row
          rows_.erase(it);
          return;
        }
        it->second.cells[i] = v;
      }
    }
  }

  void Clear() { rows_.clear(); }

 private:
  std::unordered_map<std::string, Entry> rows_;
};

// The counter deltas (RowOp::kAdd) of a group commit, held back and written once per counter at
// the end of the batch instead of once per write: every write under one county moves the same
// county, city and province counters (BENCHMARKS.md, "Write path, session 6"). Reads through the
// write's ProjectionReader see the table as if the deltas were written (Overlay); a query that
// reads the table itself, and any other kind of op on a table with deltas held, flushes them first.
//
// `write_` holds the current write's deltas, `batch_` those of the batch's writes that succeeded.
// A write rolled back to its savepoint drops `write_`; if it flushed, the database also dropped
// `batch_`'s deltas written in that flush, so they come back from `restore_`.
class AddBuffer {
 public:
  void Add(const domain::TableSpec& spec, const std::string& key, const std::vector<std::int64_t>& d) {
    auto& slot = write_[&spec][key];
    if (slot.empty()) slot.assign(d.size(), 0);
    for (std::size_t i = 0; i < d.size() && i < slot.size(); ++i) slot[i] += d[i];
  }

  bool Holds(const domain::TableSpec& spec) const { return write_.count(&spec) || batch_.count(&spec); }

  // `row` (as read from the table, or none) becomes the row as the transaction would read it after
  // a flush: the deltas added to the integer columns, none when they all come to zero.
  void Overlay(const domain::TableSpec& spec, const std::string& key, std::optional<domain::Row>* row) const {
    std::vector<std::int64_t> sum(spec.columns.size() - 1, 0);
    bool held = false;
    for (const Tables* t : {&batch_, &write_}) {
      auto ti = t->find(&spec);
      if (ti == t->end()) continue;
      auto ki = ti->second.find(key);
      if (ki == ti->second.end()) continue;
      held = true;
      for (std::size_t i = 0; i < sum.size() && i < ki->second.size(); ++i) sum[i] += ki->second[i];
    }
    if (!held) return;
    domain::Row out = *row ? **row : domain::Row{};
    bool zero = true;
    for (std::size_t i = 1; i < spec.columns.size(); ++i) {
      std::int64_t n = sum[i - 1];
      auto it = out.find(spec.columns[i].name);
      if (it != out.end())
        if (auto* v = std::get_if<std::int64_t>(&it->second)) n += *v;
      out[spec.columns[i].name] = n;
      zero = zero && n == 0;
    }
    if (zero) {
      row->reset();
    } else {
      *row = std::move(out);
    }
  }

  // Writes every held delta: upserts of up to 64 counters each (AddSql), a row deleted when it
  // comes to zero, kCorrupt below zero. Keys in order, so the B-tree inserts are local.
  Status Flush(Connection& c) {
    if (write_.empty() && batch_.empty()) return {};
    // At the end of a batch only `batch_` holds deltas: written as it is, without a merged copy.
    Tables merged;
    const Tables* all = &batch_;
    if (!write_.empty()) {
      merged = batch_;
      Merge(write_, &merged);
      all = &merged;
    }
    for (const auto& [spec, deltas] : *all) {
      std::vector<const std::pair<const std::string, std::vector<std::int64_t>>*> order;
      order.reserve(deltas.size());
      for (const auto& kv : deltas)
        if (std::any_of(kv.second.begin(), kv.second.end(), [](std::int64_t d) { return d != 0; }))
          order.push_back(&kv);
      std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
      // Up to kMaxRows counters per statement, the rest in halving chunks (at most seven
      // statement texts per table for the connection to keep prepared): one round trip per chunk
      // instead of one per counter.
      constexpr std::size_t kMaxRows = 64;
      std::vector<Value> params;
      std::vector<std::string> zeros;  // rows that came to zero, deleted after the upserts
      for (std::size_t i = 0; i < order.size();) {
        std::size_t n = kMaxRows;
        while (n > order.size() - i) n /= 2;
        params.clear();
        for (std::size_t k = i; k < i + n; ++k) {
          params.push_back(order[k]->first);
          for (std::int64_t d : order[k]->second) params.push_back(d);
        }
        std::size_t returned = 0;
        TRY_STATUS(c.QueryEach(AddSql(*spec, n), params, [&](const SqlRow& r) -> Status {
          ++returned;
          bool zero = true;
          for (std::size_t j = 1; j < r.size(); ++j) {
            const std::int64_t v = I(r[j]);
            if (v < 0) return Fail(Corrupt(spec->name + " " + S(r[0]) + " would fall below zero"));
            zero = zero && v == 0;
          }
          if (zero) zeros.push_back(S(r[0]));
          return {};
        }));
        if (returned != n)
          return Fail(Internal("add to " + spec->name + " returned " + std::to_string(returned) + " of " +
                               std::to_string(n) + " rows"));
        i += n;
      }
      for (const auto& key : zeros) TRY_STATUS(c.Exec(DeleteByKeySql(*spec), {key}));
    }
    if (restore_.empty()) {
      restore_.swap(batch_);
    } else {
      Merge(batch_, &restore_);
    }
    batch_.clear();
    write_.clear();
    return {};
  }

  // The current write was released (kept) or rolled back to its savepoint.
  void Released() {
    restore_.clear();
    Merge(write_, &batch_);
    write_.clear();
  }
  void RolledBack() {
    Merge(restore_, &batch_);
    restore_.clear();
    write_.clear();
  }

 private:
  using Deltas = std::unordered_map<std::string, std::vector<std::int64_t>>;  // key → column deltas
  using Tables = std::map<const domain::TableSpec*, Deltas>;
  static void Merge(const Tables& from, Tables* into) {
    for (const auto& [spec, deltas] : from) {
      auto& dst = (*into)[spec];
      for (const auto& [key, d] : deltas) {
        auto& slot = dst[key];
        if (slot.empty()) slot.assign(d.size(), 0);
        for (std::size_t i = 0; i < d.size() && i < slot.size(); ++i) slot[i] += d[i];
      }
    }
  }
  Tables write_, batch_, restore_;
};

// The projection state inside the write transaction.
class TxProjectionReader final : public domain::ProjectionReader {
 public:
  TxProjectionReader(Connection& c, HazardRowCache& hazards, const AddBuffer& adds)
      : c_(c), hazards_(hazards), adds_(adds) {}
  Result<std::optional<domain::Row>> GetRow(const std::string& table, const std::string& key) override {
    const domain::TableSpec* spec = domain::FindTable(table);
    if (!spec) return Fail(Internal("unknown table " + table));
    if (spec == &HazardSpec()) {
      TRY_ASSIGN(const auto* e, hazards_.Get(c_, key));
      if (!e->exists) return std::optional<domain::Row>();
      return std::optional<domain::Row>(RowFromSql(*spec, e->cells));
    }
    TRY_ASSIGN(auto row, One<domain::Row>(c_, SelectByKeySql(*spec), {key},
                                          [&](const SqlRow& r) { return RowFromSql(*spec, r); }));
    adds_.Overlay(*spec, key, &row);
    return row;
  }

 private:
  Connection& c_;
  HazardRowCache& hazards_;
  const AddBuffer& adds_;
};

class SqlTx final : public SqlView, public domain::WriteTx {
 public:
  SqlTx(Connection& c, domain::Clock* clock, OrgCache& cache) : SqlView(c), clock_(clock), org_cache_(cache) {}

  // Served from the write's hazard rows (HazardRowCache).
  Result<std::optional<domain::Hazard>> FindHazard(const std::string& id) override {
    TRY_ASSIGN(const auto* e, hazards_.Get(c_, id));
    if (!e->exists) return std::optional<domain::Hazard>();
    return std::optional<domain::Hazard>(HazardFromSpecRow(e->cells));
  }
  // Orgs as this transaction reads them, kept for the batch: the writes of one batch mostly read
  // the same few (the actors' scope orgs, the school's county), one round trip each on
  // PostgreSQL. Exact, unlike the read views' OrgCache: the transaction holds the write lock, an
  // org row changes only through ApplyOp (which empties the memo), and a write rolled back to its
  // savepoint empties it too (it may have read an org it had inserted).
  Result<std::optional<Org>> FindOrg(const std::string& id) override {
    if (auto it = orgs_.find(id); it != orgs_.end()) return it->second;
    TRY_ASSIGN(auto o, SqlView::FindOrg(id));
    orgs_.emplace(id, o);
    return o;
  }
  // Called before each write of a batch and after one is rolled back.
  void ForgetRows() { hazards_.Clear(); }
  // The batch's held-back counter deltas (AddBuffer): the current write kept or rolled back, and
  // all of them written before the commit.
  void WriteReleased() { adds_.Released(); }
  void WriteRolledBack() {
    adds_.RolledBack();
    orgs_.clear();
  }
  Status FlushAdds() { return adds_.Flush(c_); }

  Result<domain::JournalEntry> Append(const std::string& actor, const domain::Event& e) override {
    TRY_STATUS(domain::ValidateEvent(actor, e));
    if (!head_loaded_) {
      TRY_STATUS(c_.QueryEach("SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1", {},
                              [&](const SqlRow& r) -> Status {
                                head_.seq = I(r[0]);
                                head_.hash = S(r[1]);
                                last_at_ = S(r[2]);
                                return {};
                              }));
      head_loaded_ = true;
    }
    domain::JournalEntry entry;
    entry.seq = head_.seq + 1;
    // `at` never goes backwards, even if the wall clock does (ISO text compares like time).
    entry.at = std::max(FormatIso(clock_->Now()), last_at_);
    entry.actor = actor;
    entry.kind = e.kind;
    entry.subject = e.subject;
    TRY_ASSIGN(entry.payload, CanonicalChecked(e.payload));
    entry.prev_hash = head_.hash;
    entry.hash = domain::ComputeHash(entry);

    TxProjectionReader reader(c_, hazards_, adds_);
    TRY_ASSIGN(auto ops, domain::Project(e.kind, e.subject, e.payload, reader, {entry.actor, entry.at, entry.seq}));
    TRY_STATUS(c_.Exec(
        "INSERT INTO journal (seq, at, actor, kind, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {entry.seq, entry.at, entry.actor, entry.kind, entry.subject, entry.payload, entry.prev_hash, entry.hash}));
    for (const auto& op : ops) TRY_STATUS(ApplyOp(op));
    head_.seq = entry.seq;
    head_.hash = entry.hash;
    last_at_ = entry.at;
    return entry;
  }

  // The cached journal head, saved before each write of a group commit and restored when that
  // write is rolled back to its savepoint.
  struct HeadState {
    bool loaded;
    domain::JournalHead head;
    std::string last_at;
  };
  HeadState SaveHead() const { return {head_loaded_, head_, last_at_}; }
  void RestoreHead(HeadState s) {
    head_loaded_ = s.loaded;
    head_ = std::move(s.head);
    last_at_ = std::move(s.last_at);
  }

  Status PutPasswordHash(const std::string& user_id, const std::string& hash) override {
    TRY_STATUS(
        c_.Exec("INSERT INTO credential (user_id, password_hash) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash",
                {user_id, hash}));
    return {};
  }
  Status PutDrawSecret(const std::string& draw_id, const std::string& seed_hex) override {
    TRY_STATUS(c_.Exec("INSERT INTO draw_secret (draw_id, seed) VALUES (?, ?)", {draw_id, seed_hex}));
    return {};
  }
  Status PutSigningSecret(const std::string& org_id, const std::string& secret_key_hex) override {
    TRY_STATUS(c_.Exec("INSERT INTO org_signing_secret (org_id, secret_key) VALUES (?, ?)", {org_id, secret_key_hex}));
    return {};
  }
  Status PutSession(const domain::SessionRecord& s) override {
    TRY_STATUS(c_.Exec(
        "INSERT INTO session (token_sha256, user_id, csrf_token, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)",
        {s.token_sha256, s.user_id, s.csrf_token, s.created_ms, s.expires_ms}));
    return {};
  }
  Status DeleteSession(const std::string& sha) override {
    TRY_STATUS(c_.Exec("DELETE FROM session WHERE token_sha256 = ?", {sha}));
    return {};
  }
  Status AddCheckpoint(const std::string& reason) override {
    TRY_ASSIGN(auto head, Head());
    TRY_STATUS(c_.Exec("INSERT INTO checkpoint (seq, hash, at, reason) VALUES (?, ?, ?, ?)",
                       {head.seq, head.hash, FormatIso(clock_->Now()), reason}));
    return {};
  }
  Result<bool> ClaimIdempotency(const domain::IdempotencyRecord& r) override {
    TRY_ASSIGN(auto n, c_.Exec(std::string("INSERT INTO idempotency (") + kIdempotencyCols +
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING",
                               {r.user_id, r.key, r.method, r.path, r.request_sha256, std::int64_t{r.status}, r.body,
                                r.etag, r.created_ms}));
    return n == 1;
  }
  Status PutIdempotency(const domain::IdempotencyRecord& r) override {
    TRY_STATUS(c_.Exec(
        std::string("INSERT INTO idempotency (") + kIdempotencyCols +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET "
            "method = excluded.method, path = excluded.path, request_sha256 = excluded.request_sha256, "
            "status = excluded.status, body = excluded.body, etag = excluded.etag, created_ms = excluded.created_ms",
        {r.user_id, r.key, r.method, r.path, r.request_sha256, std::int64_t{r.status}, r.body, r.etag, r.created_ms}));
    return {};
  }
  Status DeleteIdempotency(const std::string& user_id, const std::string& key) override {
    TRY_STATUS(c_.Exec("DELETE FROM idempotency WHERE user_id = ? AND key = ?", {user_id, key}));
    return {};
  }
  Status PurgeIdempotency(std::int64_t before_ms) override {
    TRY_STATUS(c_.Exec("DELETE FROM idempotency WHERE created_ms < ?", {before_ms}));
    return {};
  }

 private:
  Status ApplyOp(const domain::RowOp& op) {
    const domain::TableSpec* spec = domain::FindTable(op.table);
    if (!spec) return Fail(Internal("unknown table " + op.table));
    if (op.table == "org" || op.table == "org_stat") org_cache_.MarkDirty();
    if (op.table == "org") orgs_.clear();
    std::vector<Value> params;
    params.reserve(spec->columns.size());
    if (op.kind == domain::RowOp::Kind::kInsert) {
      params.push_back(op.key);
      for (std::size_t i = 1; i < spec->columns.size(); ++i) {
        auto it = op.fields.find(spec->columns[i].name);
        if (it == op.fields.end()) return Fail(Internal("insert into " + op.table + " lacks " + spec->columns[i].name));
        params.push_back(it->second);
      }
      TRY_STATUS(c_.Exec(InsertSql(*spec), params));
      if (spec == &HazardSpec()) hazards_.Applied(op, params);
      return {};
    }
    if (op.kind == domain::RowOp::Kind::kAdd) {
      std::vector<std::int64_t> d;
      d.reserve(spec->columns.size() - 1);
      for (std::size_t i = 1; i < spec->columns.size(); ++i) {
        auto it = op.fields.find(spec->columns[i].name);
        if (spec->columns[i].type != domain::ColumnType::kInt || it == op.fields.end() ||
            !std::holds_alternative<std::int64_t>(it->second))
          return Fail(Internal("add to " + op.table + " needs an integer " + spec->columns[i].name));
        d.push_back(std::get<std::int64_t>(it->second));
      }
      adds_.Add(*spec, op.key, d);  // written at the end of the batch (AddBuffer)
      return {};
    }
    if (adds_.Holds(*spec)) TRY_STATUS(adds_.Flush(c_));
    if (op.kind == domain::RowOp::Kind::kDelete) {
      TRY_ASSIGN(auto n, c_.Exec(DeleteByKeySql(*spec), {op.key}));
      if (n != 1) return Fail(Corrupt("delete of missing " + op.table + " " + op.key));
      if (spec == &HazardSpec()) hazards_.Applied(op, {});
      return {};
    }
    for (const auto& [col, v] : op.fields) {
      bool known =
          std::any_of(spec->columns.begin(), spec->columns.end(), [&](const auto& c) { return c.name == col; });
      if (!known) return Fail(Internal("unknown column " + op.table + "." + col));
      params.push_back(v);
    }
    params.push_back(op.key);
    TRY_ASSIGN(auto n, c_.Exec(UpdateByKeySql(*spec, op.fields), params));
    if (n != 1) return Fail(Corrupt("update of missing " + op.table + " " + op.key));
    if (spec == &HazardSpec()) hazards_.Applied(op, {});
    return {};
  }

  Status BeforeStatRead() override { return adds_.Flush(c_); }

  domain::Clock* clock_;
  OrgCache& org_cache_;
  HazardRowCache hazards_;
  AddBuffer adds_;
  std::unordered_map<std::string, std::optional<Org>> orgs_;  // FindOrg's memo for the batch
  bool head_loaded_ = false;
  domain::JournalHead head_;
  std::string last_at_;
};

// Recomputes hazard_stat from the hazard and self-inspection rows with the projection's own
// functions, inside the caller's transaction.
Status RebuildHazardStatsOn(Connection& c) {
  const domain::TableSpec* spec = domain::FindTable("hazard");
  TRY_ASSIGN(auto deleted, c.Exec("DELETE FROM hazard_stat", {}));
  (void)deleted;
  // Summed per (path, campaign) first, since the hazards of one school share their prefixes.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::int64_t>> by_leaf;
  TRY_STATUS(c.QueryEach("SELECT " + ColumnList(*spec) + " FROM hazard", {}, [&](const SqlRow& r) -> Status {
    const domain::Row row = RowFromSql(*spec, r);
    auto& m = by_leaf[{std::get<std::string>(row.at("path")), std::get<std::string>(row.at("campaign_id"))}];
    for (const auto& [k, w] : domain::HazardStatKeys(row)) m[k] += w;
    return {};
  }));
  std::map<std::string, std::int64_t> sums;
  std::set<std::pair<std::string, std::string>> schools;
  for (const auto& [leaf, keys] : by_leaf) {
    schools.insert(leaf);
    const domain::Row where{{"path", leaf.first}, {"campaign_id", leaf.second}};
    for (const auto& p : domain::HazardStatPrefixes(where))
      for (const auto& [k, n] : keys) sums[p + k] += n;
  }
  const domain::TableSpec* ins = domain::FindTable("inspection");
  TRY_STATUS(c.QueryEach(
      "SELECT " + ColumnList(*ins) + " FROM inspection WHERE self_inspection = 1", {}, [&](const SqlRow& r) -> Status {
        const domain::Row row = RowFromSql(*ins, r);
        domain::AddInspectionStats(row, +1, &sums);
        schools.emplace(std::get<std::string>(row.at("school_path")), std::get<std::string>(row.at("campaign_id")));
        return {};
      }));
  domain::AddSelfCheckStats(schools, &sums);
  for (const auto& [id, n] : sums) {
    if (n == 0) continue;
    TRY_ASSIGN(auto k, c.Exec("INSERT INTO hazard_stat (id, n) VALUES (?, ?)", {id, n}));
    (void)k;
  }
  return {};
}

}  // namespace

Status SqlStore::RebuildHazardStats() {
  TRY_ASSIGN(auto lease, Acquire());
  Connection& c = *lease;
  std::lock_guard w(write_mu_);
  TRY_STATUS(c.BeginWrite());
  auto st = RebuildHazardStatsOn(c);
  if (!st) {
    (void)c.Rollback();
    return st;
  }
  return c.Commit();
}

SqlStore::SqlStore(ConnectionFactory factory, Dialect dialect, domain::Clock* clock, int pool_size)
    : factory_(std::move(factory)), dialect_(dialect), clock_(clock), pool_size_(std::max(1, pool_size)) {}

SqlStore::~SqlStore() {
  {
    std::lock_guard g(gc_mu_);
    stopping_ = true;
  }
  committer_cv_.notify_one();
  if (committer_.joinable()) committer_.join();
  deferred_sync_ = nullptr;  // a syncer completes what it holds before the connections close
}

SqlStore::Lease::~Lease() {
  if (conn_) store_->Release(std::move(conn_));
}

Result<SqlStore::Lease> SqlStore::Acquire() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [&] { return !idle_.empty() || open_ < pool_size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto c = factory_();
  if (!c) {
    std::lock_guard g(pool_mu_);
    --open_;
    pool_cv_.notify_one();
    return tl::unexpected(c.error());
  }
  return Lease(this, std::move(*c));
}

void SqlStore::Release(std::unique_ptr<Connection> c) {
  std::lock_guard g(pool_mu_);
  idle_.push_back(std::move(c));
  pool_cv_.notify_one();
}

int SqlStore::SchemaVersion() {
  auto lease = Acquire();
  if (!lease) return 0;
  int v = 0;
  auto r = (*lease)->QueryEach("SELECT max(version) FROM schema_migrations", {}, [&](const SqlRow& row) -> Status {
    v = static_cast<int>(I(row[0]));
    return {};
  });
  return r ? v : 0;
}

Status SqlStore::Migrate() {
  TRY_ASSIGN(auto lease, Acquire());
  Connection& c = *lease;
  std::lock_guard w(write_mu_);
  TRY_STATUS(c.BeginWrite());
  auto st = c.ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT "
      "NOT NULL)");
  if (!st) {
    (void)c.Rollback();
    return st;
  }
  int current = 0;
  st = c.QueryEach("SELECT coalesce(max(version), 0) FROM schema_migrations", {}, [&](const SqlRow& r) -> Status {
    current = static_cast<int>(I(r[0]));
    return {};
  });
  if (!st) {
    (void)c.Rollback();
    return st;
  }
  const auto& list = dialect_ == Dialect::kSqlite ? SqliteMigrations() : PostgresMigrations();
  bool stats_created = false;
  for (const auto& m : list) {
    if (m.version <= current) continue;
    stats_created = stats_created || m.version == 8 || m.version == 11;
    st = c.ExecScript(m.sql);
    if (st)
      st = c.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                  {std::int64_t{m.version}, std::string(m.name), FormatIso(clock_->Now())})
               .map([](std::int64_t) {});
    if (!st) {
      (void)c.Rollback();
      return Fail(Internal("migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                           ") failed: " + st.error().internal));
    }
  }
  // Migration 0008 creates hazard_stat empty, and 0011 adds the self-check counters: fill it from
  // the rows already there.
  if (stats_created) {
    st = RebuildHazardStatsOn(c);
    if (!st) {
      (void)c.Rollback();
      return Fail(Internal("filling hazard_stat failed: " + st.error().internal));
    }
  }
  return c.Commit();
}

Status SqlStore::Read(const std::function<Status(domain::ReadView&)>& fn) {
  TRY_ASSIGN(auto lease, Acquire());
  Connection& c = *lease;
  TRY_STATUS(c.BeginRead());
  SqlView view(c, &org_cache_);
  Status st;
  try {
    st = fn(view);
  } catch (...) {
    (void)c.Rollback();
    throw;
  }
  auto end = c.Rollback();  // read-only: nothing to commit
  if (!st) return st;
  return end;
}

// Group commit: every writer queues its function; whoever finds no batch running becomes the
// leader, takes the queue (up to kMaxBatch) and runs the functions one after another in ONE
// transaction, each inside a savepoint so that a failing one is rolled back alone, then commits
// once (one fsync for the whole batch) and wakes the writers of the batch. A writer returns only after the
// commit that contains its changes, so nothing is acknowledged before it is durable. While a
// batch commits the next one queues up, which is what makes batches grow under load.
Status SqlStore::Write(const std::function<Status(domain::WriteTx&)>& fn) {
  PendingWrite me{&fn};
  std::unique_lock lk(gc_mu_);
  queue_.push_back(&me);
  if (leader_active_) {
    // Sleep until the leader has committed this write, or has handed leadership over to it. Each
    // waiter has its own condition variable, so a commit wakes exactly the writers it acknowledges.
    me.wake.wait(lk, [&] { return me.done || me.leader; });
    if (me.done) {
      lk.unlock();
      if (me.error) std::rethrow_exception(me.error);
      return me.result;
    }
    // Woken as the next leader: leader_active_ was kept true for us.
  } else {
    leader_active_ = true;
  }
  while (!me.done) LeadOneBatch(lk, &me);
  HandOver();
  lk.unlock();
  if (me.error) std::rethrow_exception(me.error);
  return me.result;
}

// An asynchronous write joins the queue like any other. If no batch is running, the commit
// thread leads (never the caller: an HTTP I/O thread must not block on fsync, and a leader keeps
// leading while writes keep coming).
void SqlStore::WriteAsync(std::function<Status(domain::WriteTx&)> fn, std::function<void(Status)> done) {
  auto* p = new PendingWrite{nullptr};
  p->owned = std::move(fn);
  p->fn = &p->owned;
  p->on_done = std::move(done);
  std::lock_guard g(gc_mu_);
  if (!committer_.joinable()) committer_ = std::thread([this] { CommitThread(); });
  queue_.push_back(p);
  if (!leader_active_) {
    leader_active_ = true;
    committer_lead_ = true;
    committer_cv_.notify_one();
  }
}

void SqlStore::LeadOneBatch(std::unique_lock<std::mutex>& lk, PendingWrite* self) {
  std::vector<PendingWrite*> batch;
  batch.reserve(std::min(queue_.size(), kMaxBatch));
  while (!queue_.empty() && batch.size() < kMaxBatch) {
    batch.push_back(queue_.front());
    queue_.pop_front();
  }
  // A batch of asynchronous writes only commits without waiting for the disk; its completions
  // wait for the syncer instead (SetDeferredSync). A waiting writer's commit is durable at once.
  const bool deferred =
      deferred_sync_ && std::all_of(batch.begin(), batch.end(), [](const PendingWrite* p) { return p->on_done; });
  lk.unlock();
  RunBatch(batch, deferred);
  lk.lock();
  std::vector<PendingWrite*> async;
  for (auto* p : batch) {
    if (p->on_done) {
      async.push_back(p);
      continue;
    }
    p->done = true;
    // Notified with gc_mu_ held: `p` cannot see `done` (and return) before this call is over.
    if (p != self) p->wake.notify_one();
  }
  if (async.empty()) return;
  lk.unlock();
  // Calls each write's completion with its result (or the sync's failure) and deletes it.
  auto complete = [](const std::vector<PendingWrite*>& writes, const Status& synced) {
    for (auto* p : writes) {
      Status st = p->result;
      if (st && !synced) st = synced;
      try {
        p->on_done(std::move(st));
      } catch (...) {  // a completion must not take the leader or the syncer down with it
      }
      delete p;
    }
  };
  if (deferred) {
    // Also the writes that failed: their answers may rest on batches not yet on disk.
    deferred_sync_([complete, async = std::move(async)](Status synced) { complete(async, synced); });
  } else {
    complete(async, Status{});
  }
  lk.lock();
}

void SqlStore::HandOver() {
  if (queue_.empty()) {
    leader_active_ = false;
  } else if (queue_.front()->on_done) {
    committer_lead_ = true;  // nobody waits for an asynchronous write: the commit thread leads
    committer_cv_.notify_one();
  } else {
    queue_.front()->leader = true;  // hand over; leader_active_ stays true
    queue_.front()->wake.notify_one();
  }
}

// Leads while there are writes, then sleeps until WriteAsync or a leader hands over.
void SqlStore::CommitThread() {
  // Named so that its CPU time, the serial cap of the write path, can be read from
  // /proc/PID/task/*/comm and stat (BENCHMARKS.md).
  pthread_setname_np(pthread_self(), "anxiao-commit");
  std::unique_lock lk(gc_mu_);
  for (;;) {
    committer_cv_.wait(lk, [&] { return committer_lead_ || stopping_; });
    if (!committer_lead_) return;  // stopping, nothing to lead
    committer_lead_ = false;
    while (!queue_.empty()) LeadOneBatch(lk, nullptr);
    leader_active_ = false;
  }
}

void SqlStore::RunBatch(const std::vector<PendingWrite*>& batch, bool deferred) {
  auto fail_all = [&](const Status& st) {
    for (auto* p : batch)
      if (p->result) p->result = st;
  };
  auto lease = Acquire();
  if (!lease) return fail_all(tl::unexpected(lease.error()));
  Connection& c = **lease;
  std::lock_guard w(write_mu_);
  // A deferred batch commits with the connection's durable commit off, back on however it ends
  // (the pool's other users expect it). If it cannot be turned off, the commit is durable anyway.
  struct DurableAgain {
    Connection& c;
    bool off;
    ~DurableAgain() {
      if (off) (void)c.SetDurableCommit(true);
    }
  } durable_again{c, deferred && c.SetDurableCommit(false).has_value()};
  // However this batch ends, a change to the upper org tree empties the read cache afterwards.
  struct AfterTx {
    OrgCache& cache;
    ~AfterTx() { cache.AfterTransaction(); }
  } after_tx{org_cache_};
  if (auto st = c.BeginWrite(); !st) return fail_all(st);
  SqlTx tx(c, clock_, org_cache_);
  // With more than one write, each runs inside the savepoint anxiao_w, so that a failed one is
  // rolled back alone. After a kept write the savepoint is renewed (released and set again: one
  // round trip on PostgreSQL); after a rolled-back one it still stands (ROLLBACK TO keeps it) and
  // serves the next write as it is; after the last write COMMIT releases it.
  const bool savepoints = batch.size() > 1;
  if (savepoints) {
    if (auto st = c.Exec("SAVEPOINT anxiao_w", {}); !st) {
      (void)c.Rollback();
      return fail_all(tl::unexpected(st.error()));
    }
  }
  std::size_t ok = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    PendingWrite* p = batch[i];
    const bool last = i + 1 == batch.size();
    auto saved = tx.SaveHead();
    tx.ForgetRows();
    Status st;
    try {
      st = (*p->fn)(tx);
    } catch (...) {
      p->error = std::current_exception();
      st = Fail(Internal("write function threw"));
    }
    if (st) {
      ++ok;
      if (savepoints && !last) {
        if (auto r = c.RenewSavepoint("anxiao_w"); !r) {
          (void)c.Rollback();
          return fail_all(tl::unexpected(r.error()));
        }
      }
      tx.WriteReleased();
      continue;
    }
    p->result = st;
    if (!savepoints) {
      (void)c.Rollback();
      return;
    }
    if (auto r = c.Exec("ROLLBACK TO SAVEPOINT anxiao_w", {}); !r) {
      // The engine dropped the whole transaction (e.g. an I/O error): nobody's write survives.
      (void)c.Rollback();
      return fail_all(tl::unexpected(r.error()));
    }
    tx.RestoreHead(saved);
    tx.ForgetRows();
    tx.WriteRolledBack();
  }
  if (ok == 0) {
    (void)c.Rollback();
    return;
  }
  if (auto st = tx.FlushAdds(); !st) {
    (void)c.Rollback();
    return fail_all(st);
  }
  if (auto st = c.Commit(); !st) fail_all(st);
}

namespace {

// All verification scans over one connection in one read transaction (one snapshot). Scans run
// one after another: a QueryEach callback never issues another statement on the connection.
class SqlSnapshot final : public domain::Store::Snapshot {
 public:
  explicit SqlSnapshot(Connection& c) : c_(c) {}
  Status ScanJournal(const std::function<Status(const domain::JournalEntry&)>& fn) override {
    return c_.QueryEach(std::string("SELECT ") + kJournalCols + " FROM journal ORDER BY seq", {},
                        [&](const SqlRow& r) -> Status { return fn(EntryFromRow(r)); });
  }
  Status ScanTable(const domain::TableSpec& spec,
                   const std::function<Status(const std::string&, const domain::Row&)>& fn) override {
    return c_.QueryEach("SELECT " + ColumnList(spec) + " FROM " + spec.name + " ORDER BY " + spec.columns[0].name, {},
                        [&](const SqlRow& r) -> Status { return fn(S(r[0]), RowFromSql(spec, r)); });
  }
  Result<std::vector<domain::Checkpoint>> AllCheckpoints() override {
    std::vector<domain::Checkpoint> out;
    TRY_STATUS(c_.QueryEach("SELECT id, seq, hash, at, reason FROM checkpoint ORDER BY id", {},
                            [&](const SqlRow& r) -> Status {
                              out.push_back(domain::Checkpoint{I(r[0]), I(r[1]), S(r[2]), S(r[3]), S(r[4])});
                              return {};
                            }));
    return out;
  }
  Status ScanPasswordHashes(const std::function<Status(const std::string&, const std::string&)>& fn) override {
    return c_.QueryEach("SELECT user_id, password_hash FROM credential ORDER BY user_id", {},
                        [&](const SqlRow& r) -> Status { return fn(S(r[0]), S(r[1])); });
  }

 private:
  Connection& c_;
};

}  // namespace

Status SqlStore::ReadSnapshot(const std::function<Status(Snapshot&)>& fn) {
  TRY_ASSIGN(auto lease, Acquire());
  Connection& c = *lease;
  TRY_STATUS(c.BeginRead());
  SqlSnapshot snap(c);
  Status st;
  try {
    st = fn(snap);
  } catch (...) {
    (void)c.Rollback();
    throw;
  }
  auto end = c.Rollback();
  if (!st) return st;
  return end;
}

Status SqlStore::BackupTo(const std::string& path) {
  if (dialect_ != Dialect::kSqlite)
    return Fail(InvalidInput("backup_unsupported", "PostgreSQL installations are backed up with pg_dump"));
  TRY_STATUS(Write([](domain::WriteTx& tx) { return tx.AddCheckpoint("backup"); }));
  TRY_ASSIGN(auto lease, Acquire());
  TRY_STATUS(lease->Exec("VACUUM INTO ?", {path}));
  return {};
}

Status SqlStore::ScanJournal(const std::function<Status(const domain::JournalEntry&)>& fn) {
  return ReadSnapshot([&](Snapshot& s) { return s.ScanJournal(fn); });
}

Status SqlStore::ScanTable(const domain::TableSpec& spec,
                           const std::function<Status(const std::string&, const domain::Row&)>& fn) {
  return ReadSnapshot([&](Snapshot& s) { return s.ScanTable(spec, fn); });
}

Result<std::vector<domain::Checkpoint>> SqlStore::AllCheckpoints() {
  std::vector<domain::Checkpoint> out;
  TRY_STATUS(ReadSnapshot([&](Snapshot& s) -> Status {
    TRY_ASSIGN(out, s.AllCheckpoints());
    return {};
  }));
  return out;
}

Status SqlStore::ScanPasswordHashes(const std::function<Status(const std::string&, const std::string&)>& fn) {
  return ReadSnapshot([&](Snapshot& s) { return s.ScanPasswordHashes(fn); });
}

}  // namespace anxiao::store
