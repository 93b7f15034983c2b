#include "base/canonical_json.hpp"

namespace anxiao {
namespace {
bool HasFloat(const Json& v) {
  if (v.is_number_float()) return true;
  if (v.is_structured())
    for (const auto& x : v)
      if (HasFloat(x)) return true;
  return false;
}
}  // namespace

std::string Canonical(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::strict); }

Result<std::string> CanonicalChecked(const Json& v) {
  if (HasFloat(v)) return Fail(Internal("canonical JSON must not contain floats"));
  try {
    return Canonical(v);
  } catch (const Json::exception& e) {
    return Fail(InvalidInput("invalid_utf8", "text is not valid UTF-8"));
  }
}

Result<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return Fail(InvalidInput("malformed_json", std::string("malformed JSON: ") + e.what()));
  }
}

}  // namespace anxiao
