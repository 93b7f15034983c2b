#include "domain/draw.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace anxiao::domain {
namespace {

// ---- strict JSON reading
// ----------------------------------------------------------------------

Error Bad(const char* slug, const std::string& path, const std::string& what) {
  return InvalidInput(slug, path + ": " + what, path);
}

constexpr const char* kDefSlug = "invalid_draw_definition";
constexpr const char* kRegSlug = "invalid_register";

// Reads one object with a fixed set of keys; unknown keys are errors so that a
// typo never silently falls back to a default.
class Obj {
 public:
  Obj(const Json& j, std::string path, const char* slug) : j_(j), path_(std::move(path)), slug_(slug) {}

  Status Check(std::initializer_list<const char*> keys) const {
    if (!j_.is_object()) return Fail(Bad(slug_, Path(), "must be an object"));
    for (const auto& [k, v] : j_.items()) {
      bool known = false;
      for (const char* key : keys) known = known || k == key;
      if (!known) return Fail(Bad(slug_, At(k), "unknown key"));
    }
    return {};
  }
  bool Has(const char* k) const { return j_.contains(k); }
  const Json& Get(const char* k) const { return j_.at(k); }
  std::string At(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }
  std::string Path() const { return path_.empty() ? "(root)" : path_; }

  Result<std::string> Str(const char* k, bool required, bool non_empty = true) const {
    if (!Has(k)) {
      if (required) return Fail(Bad(slug_, At(k), "is required"));
      return std::string();
    }
    const Json& v = Get(k);
    if (!v.is_string()) return Fail(Bad(slug_, At(k), "must be a string"));
    std::string s = v.get<std::string>();
    if (non_empty && s.empty()) return Fail(Bad(slug_, At(k), "must not be empty"));
    return s;
  }
  Result<std::int64_t> Int(const char* k, std::int64_t dflt, std::int64_t lo, std::int64_t hi) const {
    if (!Has(k)) return dflt;
    const Json& v = Get(k);
    if (!v.is_number_integer()) return Fail(Bad(slug_, At(k), "must be an integer"));
    std::int64_t x = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)
                         ? hi + 1
                         : v.get<std::int64_t>();
    if (x < lo || x > hi)
      return Fail(Bad(slug_, At(k), "must be between " + std::to_string(lo) + " and " + std::to_string(hi)));
    return x;
  }
  Result<bool> Bool(const char* k, bool dflt) const {
    if (!Has(k)) return dflt;
    if (!Get(k).is_boolean()) return Fail(Bad(slug_, At(k), "must be true or false"));
    return Get(k).get<bool>();
  }
  Result<Date> DateField(const char* k) const {
    TRY_ASSIGN(std::string s, Str(k, true));
    auto d = ParseDate(s);
    if (!d) return Fail(Bad(slug_, At(k), "must be a date YYYY-MM-DD"));
    return *d;
  }
  // An array of strings, each checked by `parse`.
  template <typename T, typename F>
  Result<std::vector<T>> List(const char* k, F parse, const char* what) const {
    std::vector<T> out;
    if (!Has(k)) return out;
    const Json& v = Get(k);
    if (!v.is_array()) return Fail(Bad(slug_, At(k), "must be an array"));
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string p = At(k) + "[" + std::to_string(i) + "]";
      if (!v[i].is_string()) return Fail(Bad(slug_, p, "must be a string"));
      auto x = parse(v[i].get<std::string>());
      if (!x) return Fail(Bad(slug_, p, std::string("is not a known ") + what));
      out.push_back(*x);
    }
    return out;
  }

 private:
  const Json& j_;
  std::string path_;
  const char* slug_;
};

template <typename E>
void SortByName(std::vector<E>& v) {
  std::sort(v.begin(), v.end(), [](E a, E b) { return Name(a) < Name(b); });
}
template <typename E>
bool HasDuplicates(std::vector<E> v) {
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end()) != v.end();
}

template <typename E>
Json Names(const std::vector<E>& v) {
  Json a = Json::array();
  for (E e : v) a.push_back(std::string(Name(e)));
  return a;
}

std::string Dump(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

// ---- the draw
// ---------------------------------------------------------------------------------

// Validation of a definition on its own; the JSON reader and PrepareDraw both
// apply it so that a definition built in code is held to the same rules.
Status ValidateDefinition(DrawDefinition& d) {
  auto bad = [](const std::string& path, const std::string& what) { return Fail(Bad(kDefSlug, path, what)); };
  if (d.counties.empty()) return bad("counties", "must name at least one county");
  for (const auto& c : d.counties)
    if (c.empty()) return bad("counties", "must not contain an empty id");
  if (HasDuplicates(d.counties)) return bad("counties", "must not repeat a county");
  std::sort(d.counties.begin(), d.counties.end());
  if (HasDuplicates(d.types)) return bad("population.types", "must not repeat a type");
  if (HasDuplicates(d.ownerships)) return bad("population.ownerships", "must not repeat an ownership");
  SortByName(d.types);
  SortByName(d.ownerships);
  if (d.sample_size < 1 || d.sample_size > 10000) return bad("sample.size", "must be between 1 and 10000");
  if (d.min_ratio_permille < 0 || d.min_ratio_permille > 1000)
    return bad("sample.min_ratio_permille", "must be between 0 and 1000");
  std::set<LocationClass> seen;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < d.school_min_rules.size(); ++i) {
    auto& r = d.school_min_rules[i];
    std::string p = "sample.min_rules[" + std::to_string(i) + "]";
    if (r.location_classes.empty()) return bad(p + ".location_classes", "must name at least one location class");
    if (HasDuplicates(r.location_classes)) return bad(p + ".location_classes", "must not repeat a class");
    SortByName(r.location_classes);
    for (auto c : r.location_classes)
      if (!seen.insert(c).second)
        return bad(p + ".location_classes",
                   std::string(Name(c)) + " is already in an earlier rule; rules must be disjoint");
    if (r.count < 1) return bad(p + ".count", "must be at least 1");
    sum += r.count;
  }
  if (sum > d.sample_size)
    return bad("sample.min_rules", "the minimums add up to " + std::to_string(sum) + ", more than the sample size " +
                                       std::to_string(d.sample_size));
  if (d.exclude_inspected_within_days < 0 || d.exclude_inspected_within_days > 36500)
    return bad("exclude.inspected_within_days", "must be between 0 and 36500");
  if (d.team_size < 2 || d.team_size > 100) return bad("team.size", "must be between 2 and 100");
  std::set<std::string> fields;
  sum = 0;
  for (std::size_t i = 0; i < d.team_min_rules.size(); ++i) {
    const auto& r = d.team_min_rules[i];
    std::string p = "team.min_rules[" + std::to_string(i) + "]";
    if (r.field.empty()) return bad(p + ".field", "must not be empty");
    if (!fields.insert(r.field).second) return bad(p + ".field", r.field + " is already in an earlier rule");
    if (r.count < 1) return bad(p + ".count", "must be at least 1");
    sum += r.count;
  }
  if (sum > d.team_size)
    return bad("team.min_rules", "the minimums add up to " + std::to_string(sum) + ", more than the team size " +
                                     std::to_string(d.team_size));
  return {};
}

bool Contains(const std::vector<LocationClass>& v, LocationClass c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

struct Eligibility {
  std::vector<std::vector<std::uint32_t>> per_county;  // indices into registers.schools, code order
};

Eligibility EligibleSchools(const PreparedDraw& p) {
  const auto& d = p.definition;
  std::unordered_map<std::string_view, std::size_t> county_index;
  for (std::size_t i = 0; i < d.counties.size(); ++i) county_index.emplace(d.counties[i], i);
  const std::int64_t as_of = DaysFromCivil(d.as_of);
  Eligibility e;
  e.per_county.resize(d.counties.size());
  const auto& schools = p.registers.schools;
  for (std::size_t i = 0; i < schools.size(); ++i) {
    const auto& s = schools[i];
    auto it = county_index.find(s.county);
    if (it == county_index.end()) continue;
    if (!d.types.empty() && std::find(d.types.begin(), d.types.end(), s.type) == d.types.end()) continue;
    if (!d.ownerships.empty() && std::find(d.ownerships.begin(), d.ownerships.end(), s.ownership) == d.ownerships.end())
      continue;
    if (d.exclude_closed && s.closed) continue;
    if (d.exclude_inspected_within_days > 0 && s.last_inspected &&
        as_of - DaysFromCivil(*s.last_inspected) < d.exclude_inspected_within_days)
      continue;
    e.per_county[it->second].push_back(static_cast<std::uint32_t>(i));
  }
  return e;
}

int SampleSize(const DrawDefinition& d, std::int64_t eligible) {
  std::int64_t by_ratio = (eligible * d.min_ratio_permille + 999) / 1000;
  return static_cast<int>(std::max<std::int64_t>(d.sample_size, by_ratio));
}

std::string ClassList(const std::vector<LocationClass>& v) {
  std::string s;
  for (auto c : v) s += (s.empty() ? "" : " ∪ ") + std::string(Name(c));
  return s;
}

// Partial Fisher–Yates (docs/draw_algorithm.md §5): moves a uniformly random
// `m`-subset of `a` to its front, consuming exactly `m` draws of Uniform.
template <typename T>
void ChooseFront(std::vector<T>& a, std::size_t m, DrawStream& rng) {
  for (std::size_t i = 0; i < m; ++i) {
    std::size_t j = i + static_cast<std::size_t>(rng.Uniform(a.size() - i));
    std::swap(a[i], a[j]);
  }
}

}  // namespace

// ---- JSON
// -------------------------------------------------------------------------------------

Result<DrawDefinition> ParseDefinition(const Json& j) {
  DrawDefinition d;
  Obj o(j, "", kDefSlug);
  TRY_STATUS(o.Check({"as_of", "counties", "exclude", "population", "rotation", "sample", "team"}));
  TRY_ASSIGN(d.as_of, o.DateField("as_of"));
  TRY_ASSIGN(d.counties, o.List<std::string>(
                             "counties", [](const std::string& s) { return std::optional<std::string>(s); }, "county"));
  if (!o.Has("counties")) return Fail(Bad(kDefSlug, "counties", "is required"));
  TRY_ASSIGN(d.rotation, o.Bool("rotation", true));
  if (o.Has("population")) {
    Obj pop(o.Get("population"), "population", kDefSlug);
    TRY_STATUS(pop.Check({"types", "ownerships"}));
    TRY_ASSIGN(d.types, pop.List<SchoolType>("types", ParseSchoolType, "school type"));
    TRY_ASSIGN(d.ownerships, pop.List<Ownership>("ownerships", ParseOwnership, "ownership"));
  }
  if (o.Has("exclude")) {
    Obj ex(o.Get("exclude"), "exclude", kDefSlug);
    TRY_STATUS(ex.Check({"closed", "inspected_within_days"}));
    TRY_ASSIGN(d.exclude_closed, ex.Bool("closed", true));
    TRY_ASSIGN(auto days, ex.Int("inspected_within_days", 0, 0, 36500));
    d.exclude_inspected_within_days = static_cast<int>(days);
  }
  if (o.Has("sample")) {
    Obj s(o.Get("sample"), "sample", kDefSlug);
    TRY_STATUS(s.Check({"size", "min_ratio_permille", "min_rules"}));
    TRY_ASSIGN(auto size, s.Int("size", 12, 1, 10000));
    TRY_ASSIGN(auto ratio, s.Int("min_ratio_permille", 0, 0, 1000));
    d.sample_size = static_cast<int>(size);
    d.min_ratio_permille = static_cast<int>(ratio);
    if (s.Has("min_rules")) {
      const Json& rules = s.Get("min_rules");
      if (!rules.is_array()) return Fail(Bad(kDefSlug, "sample.min_rules", "must be an array"));
      for (std::size_t i = 0; i < rules.size(); ++i) {
        Obj r(rules[i], "sample.min_rules[" + std::to_string(i) + "]", kDefSlug);
        TRY_STATUS(r.Check({"count", "location_classes"}));
        SchoolMinRule rule;
        TRY_ASSIGN(auto count, r.Int("count", 0, 1, 10000));
        rule.count = static_cast<int>(count);
        if (!r.Has("count")) return Fail(Bad(kDefSlug, r.At("count"), "is required"));
        TRY_ASSIGN(rule.location_classes,
                   r.List<LocationClass>("location_classes", ParseLocationClass, "location class"));
        d.school_min_rules.push_back(std::move(rule));
      }
    }
  }
  if (o.Has("team")) {
    Obj t(o.Get("team"), "team", kDefSlug);
    TRY_STATUS(t.Check({"size", "min_rules", "recuse_inspected_county"}));
    TRY_ASSIGN(auto size, t.Int("size", 2, 2, 100));
    d.team_size = static_cast<int>(size);
    TRY_ASSIGN(d.recuse_inspected_county, t.Bool("recuse_inspected_county", true));
    if (t.Has("min_rules")) {
      const Json& rules = t.Get("min_rules");
      if (!rules.is_array()) return Fail(Bad(kDefSlug, "team.min_rules", "must be an array"));
      for (std::size_t i = 0; i < rules.size(); ++i) {
        Obj r(rules[i], "team.min_rules[" + std::to_string(i) + "]", kDefSlug);
        TRY_STATUS(r.Check({"count", "field"}));
        FieldMinRule rule;
        TRY_ASSIGN(auto count, r.Int("count", 0, 1, 100));
        if (!r.Has("count")) return Fail(Bad(kDefSlug, r.At("count"), "is required"));
        rule.count = static_cast<int>(count);
        TRY_ASSIGN(rule.field, r.Str("field", true));
        d.team_min_rules.push_back(std::move(rule));
      }
    }
  }
  TRY_STATUS(ValidateDefinition(d));
  return d;
}

Json DefinitionJson(const DrawDefinition& d) {
  Json school_rules = Json::array();
  for (const auto& r : d.school_min_rules)
    school_rules.push_back(Json{{"count", r.count}, {"location_classes", Names(r.location_classes)}});
  Json team_rules = Json::array();
  for (const auto& r : d.team_min_rules) team_rules.push_back(Json{{"count", r.count}, {"field", r.field}});
  return Json{
      {"as_of", FormatDate(d.as_of)},
      {"counties", d.counties},
      {"exclude", {{"closed", d.exclude_closed}, {"inspected_within_days", d.exclude_inspected_within_days}}},
      {"population", {{"ownerships", Names(d.ownerships)}, {"types", Names(d.types)}}},
      {"rotation", d.rotation},
      {"sample", {{"min_ratio_permille", d.min_ratio_permille}, {"min_rules", school_rules}, {"size", d.sample_size}}},
      {"team",
       {{"min_rules", team_rules}, {"recuse_inspected_county", d.recuse_inspected_county}, {"size", d.team_size}}},
  };
}

Result<DrawRegisters> ParseRegisters(const Json& j) {
  DrawRegisters r;
  Obj o(j, "", kRegSlug);
  TRY_STATUS(o.Check({"schools", "inspectors"}));
  for (const char* k : {"schools", "inspectors"})
    if (!o.Has(k) || !o.Get(k).is_array()) return Fail(Bad(kRegSlug, k, "must be an array"));
  const Json& schools = o.Get("schools");
  r.schools.reserve(schools.size());
  for (std::size_t i = 0; i < schools.size(); ++i) {
    Obj s(schools[i], "schools[" + std::to_string(i) + "]", kRegSlug);
    TRY_STATUS(
        s.Check({"id", "code", "name", "county", "type", "ownership", "location_class", "last_inspected", "closed"}));
    DrawSchool x;
    TRY_ASSIGN(x.id, s.Str("id", true));
    TRY_ASSIGN(x.code, s.Str("code", true));
    TRY_ASSIGN(x.name, s.Str("name", false, false));
    TRY_ASSIGN(x.county, s.Str("county", true));
    TRY_ASSIGN(auto type, s.Str("type", true));
    TRY_ASSIGN(auto own, s.Str("ownership", true));
    TRY_ASSIGN(auto loc, s.Str("location_class", true));
    auto t = ParseSchoolType(type);
    auto ow = ParseOwnership(own);
    auto lc = ParseLocationClass(loc);
    if (!t) return Fail(Bad(kRegSlug, s.At("type"), "is not a known school type"));
    if (!ow) return Fail(Bad(kRegSlug, s.At("ownership"), "is not a known ownership"));
    if (!lc) return Fail(Bad(kRegSlug, s.At("location_class"), "is not a known location class"));
    x.type = *t;
    x.ownership = *ow;
    x.location_class = *lc;
    if (s.Has("last_inspected") && !s.Get("last_inspected").is_null()) {
      TRY_ASSIGN(x.last_inspected, s.DateField("last_inspected"));
    }
    TRY_ASSIGN(x.closed, s.Bool("closed", false));
    r.schools.push_back(std::move(x));
  }
  const Json& inspectors = o.Get("inspectors");
  r.inspectors.reserve(inspectors.size());
  for (std::size_t i = 0; i < inspectors.size(); ++i) {
    Obj s(inspectors[i], "inspectors[" + std::to_string(i) + "]", kRegSlug);
    TRY_STATUS(s.Check({"id", "name", "home_unit", "county", "field", "certificate", "available"}));
    DrawInspector x;
    TRY_ASSIGN(x.id, s.Str("id", true));
    TRY_ASSIGN(x.name, s.Str("name", false, false));
    TRY_ASSIGN(x.home_unit, s.Str("home_unit", true));
    TRY_ASSIGN(x.county, s.Str("county", true));
    TRY_ASSIGN(x.field, s.Str("field", true));
    TRY_ASSIGN(x.certificate, s.Str("certificate", false, false));
    TRY_ASSIGN(x.available, s.Bool("available", true));
    r.inspectors.push_back(std::move(x));
  }
  return r;
}

Json SchoolJson(const DrawSchool& s) {
  return Json{{"closed", s.closed},
              {"code", s.code},
              {"county", s.county},
              {"id", s.id},
              {"last_inspected", s.last_inspected ? Json(FormatDate(*s.last_inspected)) : Json(nullptr)},
              {"location_class", std::string(Name(s.location_class))},
              {"name", s.name},
              {"ownership", std::string(Name(s.ownership))},
              {"type", std::string(Name(s.type))}};
}

Json InspectorJson(const DrawInspector& i) {
  return Json{{"available", i.available},
              {"certificate", i.certificate},
              {"county", i.county},
              {"field", i.field},
              {"home_unit", i.home_unit},
              {"id", i.id},
              {"name", i.name}};
}

Json RegistersJson(const DrawRegisters& r) {
  Json schools = Json::array(), inspectors = Json::array();
  for (const auto& s : r.schools) schools.push_back(SchoolJson(s));
  for (const auto& i : r.inspectors) inspectors.push_back(InspectorJson(i));
  return Json{{"inspectors", std::move(inspectors)}, {"schools", std::move(schools)}};
}

Json ResultJson(const DrawResult& r) {
  Json teams = Json::array();
  for (const auto& t : r.teams) {
    Json schools = Json::array(), inspectors = Json::array();
    for (const auto& s : t.schools)
      schools.push_back(Json{
          {"code", s.code}, {"id", s.id}, {"location_class", std::string(Name(s.location_class))}, {"rule", s.rule}});
    for (const auto& i : t.inspectors) inspectors.push_back(Json{{"field", i.field}, {"id", i.id}, {"rule", i.rule}});
    teams.push_back(Json{{"county", t.county},
                         {"eligible", t.eligible},
                         {"inspected_by", t.inspected_by.empty() ? Json(nullptr) : Json(t.inspected_by)},
                         {"inspectors", std::move(inspectors)},
                         {"sample_size", t.sample_size},
                         {"schools", std::move(schools)}});
  }
  return Json{{"teams", std::move(teams)}};
}

Json ProblemsJson(const std::vector<DrawProblem>& problems) {
  Json a = Json::array();
  for (const auto& p : problems)
    a.push_back(Json{{"kind", p.kind},
                     {"county", p.county.empty() ? Json(nullptr) : Json(p.county)},
                     {"by_county", p.by_county.empty() ? Json(nullptr) : Json(p.by_county)},
                     {"rule", p.rule < 0 ? Json(nullptr) : Json(p.rule)},
                     {"need", p.need},
                     {"have", p.have},
                     {"message", p.message}});
  return a;
}

// ---- preparation and commitment
// ---------------------------------------------------------------

Result<PreparedDraw> PrepareDraw(DrawDefinition def, DrawRegisters regs) {
  TRY_STATUS(ValidateDefinition(def));
  auto& schools = regs.schools;
  auto& inspectors = regs.inspectors;
  std::sort(schools.begin(), schools.end(), [](const DrawSchool& a, const DrawSchool& b) { return a.code < b.code; });
  std::sort(inspectors.begin(), inspectors.end(),
            [](const DrawInspector& a, const DrawInspector& b) { return a.id < b.id; });
  for (std::size_t i = 0; i < schools.size(); ++i) {
    if (schools[i].id.empty() || schools[i].code.empty() || schools[i].county.empty())
      return Fail(Bad(kRegSlug, "schools", "a school lacks its id, code or county"));
    if (i > 0 && schools[i].code == schools[i - 1].code)
      return Fail(Bad(kRegSlug, "schools", "school code " + schools[i].code + " appears twice"));
  }
  {
    std::unordered_set<std::string_view> ids;
    ids.reserve(schools.size());
    for (const auto& s : schools)
      if (!ids.insert(s.id).second) return Fail(Bad(kRegSlug, "schools", "school id " + s.id + " appears twice"));
  }
  for (std::size_t i = 0; i < inspectors.size(); ++i) {
    const auto& x = inspectors[i];
    if (x.id.empty() || x.home_unit.empty() || x.county.empty() || x.field.empty())
      return Fail(Bad(kRegSlug, "inspectors", "an inspector lacks its id, home unit, county or field"));
    if (i > 0 && x.id == inspectors[i - 1].id)
      return Fail(Bad(kRegSlug, "inspectors", "inspector id " + x.id + " appears twice"));
  }
  PreparedDraw p;
  // Register digests: SHA-256 over the canonical JSON lines of the records in
  // register order (docs/draw_algorithm.md §2), streamed so a 500,000-school
  // register never exists as one string.
  Sha256 h;
  for (const auto& s : schools) {
    h.Update(Canonical(SchoolJson(s)));
    h.Update("\n");
  }
  p.schools_sha256 = ToHex(h.Finish());
  for (const auto& x : inspectors) {
    h.Update(Canonical(InspectorJson(x)));
    h.Update("\n");
  }
  p.inspectors_sha256 = ToHex(h.Finish());
  p.canonical_definition = Canonical(Json{{"definition", DefinitionJson(def)},
                                          {"format", std::string(kDrawFormat)},
                                          {"inspectors_sha256", p.inspectors_sha256},
                                          {"schools_sha256", p.schools_sha256}});
  p.definition = std::move(def);
  p.registers = std::move(regs);
  return p;
}

std::string Commitment(const PreparedDraw& p, std::string_view seed) {
  Sha256 h;
  h.Update(seed);
  h.Update(p.canonical_definition);
  return ToHex(h.Finish());
}

Digest StreamKey(const PreparedDraw& p, std::string_view seed, std::string_view public_value) {
  Digest def = Sha256Of(p.canonical_definition);
  Sha256 h;
  h.Update("anxiao-draw/1:stream");
  h.Update(seed);
  h.Update(std::string_view(reinterpret_cast<const char*>(def.data()), def.size()));
  h.Update(public_value);
  return h.Finish();
}

std::uint64_t DrawStream::Next64() {
  if (pos_ == 32) {
    std::uint8_t ctr[8];
    for (int i = 0; i < 8; ++i) ctr[i] = static_cast<std::uint8_t>(counter_ >> (56 - 8 * i));
    sha_.Update(std::string_view(reinterpret_cast<const char*>(key_.data()), key_.size()));
    sha_.Update(std::string_view(reinterpret_cast<const char*>(ctr), sizeof ctr));
    block_ = sha_.Finish();
    ++counter_;
    pos_ = 0;
  }
  std::uint64_t x = 0;
  for (int i = 0; i < 8; ++i) x = (x << 8) | block_[static_cast<std::size_t>(pos_ + i)];
  pos_ += 8;
  ++words_used_;
  return x;
}

std::uint64_t DrawStream::Uniform(std::uint64_t n) {
  // Accept x < 2^64 − (2^64 mod n): the accepted range is a whole number of
  // copies of [0, n), so x mod n is exactly uniform. 2^64 mod n is computed as
  // (2^64 − n) mod n in 64-bit arithmetic.
  const std::uint64_t rem = (0 - n) % n;
  for (;;) {
    std::uint64_t x = Next64();
    if (rem == 0 || x < 0 - rem) return x % n;
  }
}

// ---- feasibility
// ------------------------------------------------------------------------------

std::vector<DrawProblem> CheckDraw(const PreparedDraw& p) {
  const auto& d = p.definition;
  std::vector<DrawProblem> out;
  Eligibility e = EligibleSchools(p);
  for (std::size_t c = 0; c < d.counties.size(); ++c) {
    const auto& el = e.per_county[c];
    const std::int64_t have = static_cast<std::int64_t>(el.size());
    const int n = SampleSize(d, have);
    if (have < n)
      out.push_back({"stratum_short", d.counties[c], "", -1, n, have,
                     "county " + d.counties[c] + " has " + std::to_string(have) +
                         " eligible schools; the sample needs " + std::to_string(n) + " (" + std::to_string(n - have) +
                         " missing)"});
    for (std::size_t r = 0; r < d.school_min_rules.size(); ++r) {
      const auto& rule = d.school_min_rules[r];
      std::int64_t in_rule = 0;
      for (auto i : el) in_rule += Contains(rule.location_classes, p.registers.schools[i].location_class) ? 1 : 0;
      if (in_rule < rule.count)
        out.push_back({"stratum_rule_short", d.counties[c], "", static_cast<int>(r), rule.count, in_rule,
                       "county " + d.counties[c] + " has " + std::to_string(in_rule) + " eligible schools in " +
                           ClassList(rule.location_classes) + "; rule " + std::to_string(r) + " needs at least " +
                           std::to_string(rule.count) + " (" + std::to_string(rule.count - in_rule) + " missing)"});
    }
  }
  const auto k = static_cast<std::int64_t>(d.counties.size());
  if (d.rotation && k < 2)
    out.push_back({"rotation_impossible", d.counties[0], "", -1, 2, k,
                   "a cross-county rotation needs at least 2 counties (none "
                   "may inspect itself); the definition has " +
                       std::to_string(k)});
  auto pool_problems = [&](const std::string& county, const std::string& by,
                           const std::vector<const DrawInspector*>& pool, const std::string& who) {
    if (static_cast<int>(pool.size()) < d.team_size)
      out.push_back({"inspectors_short", county, by, -1, d.team_size, static_cast<std::int64_t>(pool.size()),
                     who + " has " + std::to_string(pool.size()) + " available inspectors; a team needs " +
                         std::to_string(d.team_size)});
    for (std::size_t r = 0; r < d.team_min_rules.size(); ++r) {
      const auto& rule = d.team_min_rules[r];
      std::int64_t n = 0;
      for (const auto* x : pool) n += x->field == rule.field ? 1 : 0;
      if (n < rule.count)
        out.push_back({"inspectors_rule_short", county, by, static_cast<int>(r), rule.count, n,
                       who + " has " + std::to_string(n) + " available inspectors of field " + rule.field + "; rule " +
                           std::to_string(r) + " needs at least " + std::to_string(rule.count)});
    }
  };
  if (d.rotation) {
    if (k >= 2) {
      // Any county may be drawn to inspect any other, so each must be able to
      // staff a team.
      std::unordered_map<std::string_view, std::vector<const DrawInspector*>> by_county;
      for (const auto& x : p.registers.inspectors)
        if (x.available) by_county[x.county].push_back(&x);
      for (const auto& c : d.counties) pool_problems("", c, by_county[c], "inspecting county " + c);
    }
  } else {
    std::int64_t available = 0;
    for (const auto& x : p.registers.inspectors) available += x.available ? 1 : 0;
    for (const auto& c : d.counties) {
      std::vector<const DrawInspector*> pool;
      for (const auto& x : p.registers.inspectors)
        if (x.available && !(d.recuse_inspected_county && x.county == c) && x.home_unit != c) pool.push_back(&x);
      pool_problems(c, "", pool, "the pool for county " + c + " (after recusal)");
    }
    if (available < d.team_size * k)
      out.push_back({"inspectors_total_short", "", "", -1, d.team_size * k, available,
                     "the register has " + std::to_string(available) + " available inspectors; " + std::to_string(k) +
                         " teams of " + std::to_string(d.team_size) + " need " + std::to_string(d.team_size * k) +
                         " different people"});
  }
  return out;
}

// ---- execution
// --------------------------------------------------------------------------------

Result<DrawResult> ExecuteDraw(const PreparedDraw& p, std::string_view seed, std::string_view public_value) {
  if (seed.size() != kDrawSeedBytes)
    return Fail(InvalidInput("invalid_seed", "the seed must be " + std::to_string(kDrawSeedBytes) + " bytes", "seed"));
  DrawResult res;
  res.problems = CheckDraw(p);
  if (!res.problems.empty()) return res;

  const auto& d = p.definition;
  const auto& schools = p.registers.schools;
  const auto& inspectors = p.registers.inspectors;
  const std::size_t k = d.counties.size();
  DrawStream rng(StreamKey(p, seed, public_value));

  // §6 rotation: a uniformly random ordering of the counties, read as one
  // cycle; order[i] inspects order[i+1]. One cycle through all counties has no
  // fixed point and, with k ≥ 3, no 2-cycle.
  std::vector<std::size_t> inspected_by(k, k);
  if (d.rotation) {
    std::vector<std::size_t> order(k);
    for (std::size_t i = 0; i < k; ++i) order[i] = i;
    ChooseFront(order, k - 1, rng);
    for (std::size_t i = 0; i < k; ++i) inspected_by[order[(i + 1) % k]] = order[i];
  }

  Eligibility e = EligibleSchools(p);
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> inspectors_of;
  std::vector<std::uint32_t> all_inspectors;
  const std::vector<std::uint32_t> no_inspectors;
  for (std::uint32_t i = 0; i < inspectors.size(); ++i) {
    if (!inspectors[i].available) continue;
    if (d.rotation)
      inspectors_of[inspectors[i].county].push_back(i);
    else
      all_inspectors.push_back(i);
  }
  std::vector<bool> used(inspectors.size(), false);

  res.teams.reserve(k);
  std::vector<std::uint32_t> cand;
  for (std::size_t c = 0; c < k; ++c) {
    DrawTeam team;
    team.county = d.counties[c];
    if (d.rotation) team.inspected_by = d.counties[inspected_by[c]];
    const auto& el = e.per_county[c];
    team.eligible = static_cast<std::int64_t>(el.size());
    team.sample_size = SampleSize(d, team.eligible);

    // §5 schools: each minimum rule in order draws from the not yet chosen
    // eligible schools of its classes (code order), then the remainder draws
    // from all not yet chosen eligible schools.
    std::vector<bool> taken(el.size(), false);
    std::vector<std::size_t> pos;
    auto take = [&](int rule, std::size_t m, auto&& accept) {
      pos.clear();
      for (std::size_t i = 0; i < el.size(); ++i)
        if (!taken[i] && accept(schools[el[i]])) pos.push_back(i);
      ChooseFront(pos, m, rng);
      for (std::size_t i = 0; i < m; ++i) {
        taken[pos[i]] = true;
        const auto& s = schools[el[pos[i]]];
        team.schools.push_back({s.id, s.code, s.location_class, rule});
      }
    };
    int chosen = 0;
    for (std::size_t r = 0; r < d.school_min_rules.size(); ++r) {
      const auto& rule = d.school_min_rules[r];
      take(static_cast<int>(r), static_cast<std::size_t>(rule.count),
           [&](const DrawSchool& s) { return Contains(rule.location_classes, s.location_class); });
      chosen += rule.count;
    }
    take(-1, static_cast<std::size_t>(team.sample_size - chosen), [](const DrawSchool&) { return true; });

    // §7 inspectors: the pool after recusal, in id order; minimum rules first,
    // then the remainder.
    std::unordered_set<std::string_view> drawn_units;
    drawn_units.insert(team.county);
    for (const auto& s : team.schools) drawn_units.insert(s.id);
    const std::vector<std::uint32_t>* source = &all_inspectors;
    if (d.rotation) {
      auto it = inspectors_of.find(team.inspected_by);
      source = it == inspectors_of.end() ? &no_inspectors : &it->second;
    }
    cand.clear();
    std::int64_t recused = 0, busy = 0;
    for (auto i : *source) {
      const auto& x = inspectors[i];
      if (used[i]) {
        ++busy;
        continue;
      }
      if ((d.recuse_inspected_county && x.county == team.county) || drawn_units.count(x.home_unit)) {
        ++recused;
        continue;
      }
      cand.push_back(i);
    }
    const std::string where = "the team for county " + team.county +
                              (team.inspected_by.empty() ? std::string() : " (inspected by " + team.inspected_by + ")");
    std::vector<bool> picked(cand.size(), false);
    std::vector<std::size_t> ipos;
    int staffed = 0;
    auto staff = [&](int rule, int m, const std::string* field) -> bool {
      ipos.clear();
      for (std::size_t i = 0; i < cand.size(); ++i)
        if (!picked[i] && (!field || inspectors[cand[i]].field == *field)) ipos.push_back(i);
      if (static_cast<int>(ipos.size()) < m) {
        std::string what =
            field ? "inspectors of field " + *field + " (rule " + std::to_string(rule) + ")" : "inspectors";
        res.problems.push_back({"team_short", team.county, team.inspected_by, rule, m,
                                static_cast<std::int64_t>(ipos.size()),
                                where + " needs " + std::to_string(m) + " more " + what + " but only " +
                                    std::to_string(ipos.size()) + " remain: " + std::to_string(recused) +
                                    " are recused (own unit, a drawn school or the inspected "
                                    "county) and " +
                                    std::to_string(busy) + " are already on another team"});
        return false;
      }
      ChooseFront(ipos, static_cast<std::size_t>(m), rng);
      for (int i = 0; i < m; ++i) {
        picked[ipos[static_cast<std::size_t>(i)]] = true;
        auto idx = cand[ipos[static_cast<std::size_t>(i)]];
        used[idx] = true;
        team.inspectors.push_back({inspectors[idx].id, inspectors[idx].field, rule});
      }
      staffed += m;
      return true;
    };
    for (std::size_t r = 0; r < d.team_min_rules.size(); ++r)
      if (!staff(static_cast<int>(r), d.team_min_rules[r].count, &d.team_min_rules[r].field)) break;
    if (res.problems.empty()) staff(-1, d.team_size - staffed, nullptr);
    if (!res.problems.empty()) {
      res.teams.clear();
      return res;
    }
    std::sort(team.schools.begin(), team.schools.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    std::sort(team.inspectors.begin(), team.inspectors.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    res.teams.push_back(std::move(team));
  }
  return res;
}

std::optional<std::string> FirstDifference(const Json& expected, const Json& actual) {
  struct Walk {
    static std::optional<std::string> Go(const Json& a, const Json& b, const std::string& path) {
      const std::string at = path.empty() ? "/" : path;
      // Parsed non-negative integers are unsigned, computed ones signed:
      // compare numbers by value.
      if (a.is_number() && b.is_number()) {
        if (a != b) return at + ": expected " + Dump(a) + ", got " + Dump(b);
        return std::nullopt;
      }
      if (a.type() != b.type()) return at + ": expected " + Dump(a) + ", got " + Dump(b);
      if (a.is_object()) {
        std::set<std::string> keys;
        for (const auto& [k, v] : a.items()) keys.insert(k);
        for (const auto& [k, v] : b.items()) keys.insert(k);
        for (const auto& k : keys) {
          if (!a.contains(k)) return path + "/" + k + ": expected nothing, got " + Dump(b.at(k));
          if (!b.contains(k)) return path + "/" + k + ": expected " + Dump(a.at(k)) + ", got nothing";
          if (auto d = Go(a.at(k), b.at(k), path + "/" + k)) return d;
        }
        return std::nullopt;
      }
      if (a.is_array()) {
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
          if (auto d = Go(a[i], b[i], path + "/" + std::to_string(i))) return d;
        if (a.size() != b.size())
          return at + ": expected " + std::to_string(a.size()) + " elements, got " + std::to_string(b.size());
        return std::nullopt;
      }
      if (a != b) return at + ": expected " + Dump(a) + ", got " + Dump(b);
      return std::nullopt;
    }
  };
  return Walk::Go(expected, actual, "");
}

}  // namespace anxiao::domain
