#pragma once
// The kit every API module uses (api.cpp and the feature files such as
// evidence_api.cpp): the request context, strict JSON body reading, JSON
// responses, paging, If-Match. Internal to src/http.

#include <map>
#include <optional>
#include <set>
#include <string>

#include "app/auth.hpp"
#include "base/canonical_json.hpp"
#include "base/strings.hpp"
#include "domain/ports.hpp"
#include "http/errors.hpp"
#include "http/request.hpp"

namespace anxiao::http {

// One request on its way through a handler: the caller is set for authenticated
// routes.
struct ApiCtx {
  const Request& req;
  Lang lang;
  std::map<std::string, std::string> params;
  std::optional<app::Caller> caller;
  const domain::Actor& actor() const { return caller->actor; }
};

inline Error BadInput(std::string slug, std::string msg, std::string field = {}) {
  return InvalidInput(std::move(slug), std::move(msg), std::move(field));
}

// Reads a JSON object body field by field, with type checks, and rejects
// unknown fields.
class Body {
 public:
  static Result<Body> Parse(const Request& r) {
    auto ct = ToLowerAscii(r.Header("content-type"));
    if (!r.body.empty() && !ct.empty() && ct.find("application/json") == std::string::npos)
      return Fail(Error(ErrorCode::kInvalidInput, "unsupported_media_type", "the request body must be JSON"));
    if (!IsValidUtf8(r.body)) return Fail(BadInput("malformed_json", "the request body is not valid UTF-8"));
    TRY_ASSIGN(Json j, ParseJson(r.body.empty() ? std::string_view("{}") : std::string_view(r.body)));
    if (!j.is_object()) return Fail(BadInput("malformed_json", "the request body must be a JSON object"));
    return Body(std::move(j));
  }

  Result<std::optional<std::string>> OptString(const char* key, std::size_t max_bytes = 4096) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) return Fail(BadInput("invalid_type", std::string(key) + " must be a string", key));
    auto s = it->get<std::string>();
    if (s.size() > max_bytes) return Fail(BadInput("invalid_type", std::string(key) + " is too long", key));
    return std::optional<std::string>{s};
  }
  Result<std::string> String(const char* key, std::size_t max_bytes = 4096) {
    TRY_ASSIGN(auto v, OptString(key, max_bytes));
    if (!v) return Fail(BadInput("missing_field", std::string(key) + " is required", key));
    return *v;
  }
  Result<std::optional<bool>> OptBool(const char* key) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<bool>{};
    if (!it->is_boolean()) return Fail(BadInput("invalid_type", std::string(key) + " must be true or false", key));
    return std::optional<bool>{it->get<bool>()};
  }
  Result<std::optional<std::int64_t>> OptInt(const char* key) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<std::int64_t>{};
    if (!it->is_number_integer()) return Fail(BadInput("invalid_type", std::string(key) + " must be an integer", key));
    return std::optional<std::int64_t>{it->get<std::int64_t>()};
  }
  // An array of strings (each at most `max_bytes`); empty when absent.
  Result<std::vector<std::string>> StringArray(const char* key, std::size_t max_items, std::size_t max_bytes = 256) {
    seen_.insert(key);
    std::vector<std::string> out;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return out;
    if (!it->is_array()) return Fail(BadInput("invalid_type", std::string(key) + " must be an array of strings", key));
    if (it->size() > max_items)
      return Fail(
          BadInput("invalid_type", std::string(key) + " has more than " + std::to_string(max_items) + " items", key));
    for (const auto& e : *it) {
      if (!e.is_string() || e.get<std::string>().size() > max_bytes)
        return Fail(BadInput("invalid_type", std::string(key) + " must be an array of strings", key));
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  Result<std::optional<Date>> OptDate(const char* key) {
    TRY_ASSIGN(auto s, OptString(key, 32));
    if (!s) return std::optional<Date>{};
    auto d = ParseDate(*s);
    if (!d) return Fail(BadInput("invalid_date", std::string(key) + " must be a date YYYY-MM-DD", key));
    return std::optional<Date>{*d};
  }
  template <typename E, typename P>
  Result<std::optional<E>> OptEnum(const char* key, P parse) {
    TRY_ASSIGN(auto s, OptString(key, 64));
    if (!s) return std::optional<E>{};
    auto e = parse(*s);
    if (!e) return Fail(BadInput("unknown_enum_value", std::string(key) + ": unknown value '" + *s + "'", key));
    return std::optional<E>{*e};
  }
  // Any JSON value (read strictly by the caller); nullopt when absent or null.
  Result<std::optional<Json>> Raw(const char* key) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<Json>{};
    return std::optional<Json>{*it};
  }
  // Ignores the listed read-only keys (clients often send back what they read).
  void Ignore(std::initializer_list<const char*> keys) {
    for (auto k : keys) seen_.insert(k);
  }
  Status NoUnknownFields() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!seen_.count(it.key())) return Fail(BadInput("unknown_field", "unknown field: " + it.key(), it.key()));
    return {};
  }

 private:
  explicit Body(Json j) : j_(std::move(j)) {}
  Json j_;
  std::set<std::string> seen_;
};

// A JSON answer whose body is already serialised (e.g. by JsonWriter).
inline Response JsonBodyResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.Set("Content-Type", "application/json; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  return r;
}

inline Response JsonResponse(int status, const Json& j) { return JsonBodyResponse(status, j.dump()); }

inline Result<domain::PageRequest> PageOf(const Request& r) {
  domain::PageRequest p;
  auto parse = [&](const char* name, int lo, int hi, int* out) -> Status {
    if (!r.HasQuery(name)) return {};
    const auto& s = r.Query(name);
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
      return Fail(BadInput("invalid_query", std::string(name) + " must be a positive integer", name));
    int v = std::stoi(s);
    if (v < lo || v > hi)
      return Fail(BadInput("invalid_query",
                           std::string(name) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi),
                           name));
    *out = v;
    return {};
  };
  TRY_STATUS(parse("page", 1, 1000000, &p.page));
  TRY_STATUS(parse("page_size", 1, 200, &p.page_size));
  return p;
}

inline Json PageJson(Json items, std::int64_t total, const domain::PageRequest& p) {
  return Json{{"items", std::move(items)}, {"total", total}, {"page", p.page}, {"page_size", p.page_size}};
}

// Parses If-Match: "3", W/"3" or 3.
inline Result<std::int64_t> IfMatch(const Request& r) {
  std::string v = std::string(TrimAscii(r.Header("if-match")));
  if (v.empty())
    return Fail(
        Error(ErrorCode::kVersionRequired, "version_required", "If-Match with the record's version is required"));
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return Fail(
        Error(ErrorCode::kVersionMismatch, "version_mismatch", "If-Match does not name a version of this record"));
  return std::stoll(v);
}

// RFC 5987 value-chars: unreserved ASCII stays, every other byte is %XX (for
// filename*=UTF-8'').
inline std::string PercentEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
        ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace anxiao::http
