#pragma once
// Projections: the tables that queries read, defined as a pure function of journal events.
//
// The store applies the RowOps of each event in the same transaction as the append; `verify`
// replays the whole journal through the same function into memory and compares the result with
// the stored tables field by field. So a projection can never hold what the journal does not say.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/canonical_json.hpp"
#include "base/error.hpp"
#include "domain/journal.hpp"

namespace anxiao::domain {

using Value = std::variant<std::monostate, std::int64_t, std::string>;
std::string ValueText(const Value& v);  // for messages: null, 42, "text"

enum class ColumnType { kInt, kText };
struct ColumnSpec {
  std::string name;
  ColumnType type;
  bool nullable = false;
};
struct TableSpec {
  std::string name;
  std::vector<ColumnSpec> columns;  // columns[0] is the primary key (text)
};

// Every projection table, in a fixed order. Migrations must create exactly these columns
// (tests/contract checks it on both engines).
const std::vector<TableSpec>& ProjectionTables();
const TableSpec* FindTable(const std::string& name);

using Row = std::map<std::string, Value>;

struct RowOp {
  // kAdd is for counter tables (every column but the key an integer, hazard_stat): each field's
  // value is added to its column, the row is created when missing, and deleted when every column
  // comes to zero; a column below zero is kCorrupt. The writer does not need to read the row first
  // (in SQL one upsert instead of a read and a write).
  enum class Kind { kInsert, kUpdate, kDelete, kAdd };
  Kind kind = Kind::kInsert;
  std::string table;
  std::string key;  // primary key value
  Row fields;       // kInsert, kAdd: every column but the key; kUpdate: the columns that change; kDelete: none
};

// Read access to the projection state as of the previous event (the store's tables inside the
// write transaction, or the in-memory replay).
class ProjectionReader {
 public:
  virtual ~ProjectionReader() = default;
  virtual Result<std::optional<Row>> GetRow(const std::string& table, const std::string& key) = 0;
};

// The journal columns of the event being projected that some projections record (who did it, when,
// in which entry): hazard rows keep planned_by, closed_at, added_seq, ….
struct EventContext {
  std::string actor;
  std::string at;
  std::int64_t seq = 0;
};

// The row operations for one event. Errors are kCorrupt: an event the projector cannot apply
// means the journal is inconsistent (or the event was built wrongly, which is a bug).
Result<std::vector<RowOp>> Project(const std::string& kind, const std::string& subject, const Json& payload,
                                   ProjectionReader& reader, const EventContext& ctx = {});

// In-memory projection state used by verify's replay and by domain tests.
class MemoryProjection final : public ProjectionReader {
 public:
  Result<std::optional<Row>> GetRow(const std::string& table, const std::string& key) override;
  Status Apply(const std::vector<RowOp>& ops);
  const std::map<std::string, Row>& Table(const std::string& name) const;

 private:
  std::map<std::string, std::map<std::string, Row>> tables_;
};

}  // namespace anxiao::domain
