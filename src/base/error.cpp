#include "base/error.hpp"

namespace anxiao {

Error InvalidInput(std::string slug, std::string message, std::string field) {
  return Error(ErrorCode::kInvalidInput, std::move(slug), std::move(message), {}, std::move(field));
}
Error NotFound(std::string what) { return Error(ErrorCode::kNotFound, "not_found", "not found", "not found: " + what); }
Error Forbidden(std::string message) { return Error(ErrorCode::kForbidden, "forbidden", std::move(message)); }
Error Conflict(std::string slug, std::string message) {
  return Error(ErrorCode::kConflict, std::move(slug), std::move(message));
}
Error Internal(std::string internal) {
  return Error(ErrorCode::kInternal, "internal", "internal error", std::move(internal));
}
Error Unavailable(std::string internal) {
  return Error(ErrorCode::kUnavailable, "unavailable", "service temporarily unavailable", std::move(internal));
}
Error Corrupt(std::string message) { return Error(ErrorCode::kCorrupt, "corrupt", message, message); }

const char* ErrorCodeName(ErrorCode c) {
  switch (c) {
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kVersionMismatch: return "version_mismatch";
    case ErrorCode::kVersionRequired: return "version_required";
    case ErrorCode::kTooManyRequests: return "throttled";
    case ErrorCode::kTooLarge: return "payload_too_large";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Error VersionMismatch(std::int64_t have, std::int64_t got) {
  return Error(ErrorCode::kVersionMismatch, "version_mismatch",
               "the record was changed by someone else; reload and try again",
               "have " + std::to_string(have) + ", got " + std::to_string(got));
}

}  // namespace anxiao
