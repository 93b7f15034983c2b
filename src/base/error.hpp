#pragma once
// Error values shared by every layer. Expected outcomes (bad input, not found, a conflict) are
// returned as Result<T>; exceptions are reserved for infrastructure failures and are turned into
// Error at the boundaries (http, cli_main).

#include <cstdint>
#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace anxiao {

// Protocol-neutral error classes. http/ maps them to statuses in exactly one function, cli/ to exit
// codes in exactly one function.
enum class ErrorCode {
  kInvalidInput,     // the caller sent something malformed or out of range
  kUnauthenticated,  // no or expired credentials
  kForbidden,        // authenticated but not allowed (never used for out-of-scope reads: kNotFound)
  kNotFound,         // does not exist, or is outside the caller's scope
  kConflict,         // state conflict, e.g. a duplicate or an illegal transition
  kVersionMismatch,  // optimistic concurrency: If-Match did not match
  kVersionRequired,  // optimistic concurrency: If-Match missing
  kTooManyRequests,  // throttled
  kTooLarge,         // request body over the limit
  kCorrupt,          // stored data fails an integrity check
  kUnavailable,      // a dependency (database, disk) is not reachable
  kInternal,         // a bug or an unexpected failure
};

// `code` selects the status; `slug` is the stable machine-readable code sent to clients (e.g.
// "bad_credentials"); `public_message` is safe to show users; `internal` is for logs only and may
// name tables or files but never secrets; `field` names the offending input field, if any.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string slug;
  std::string public_message;
  std::string internal;
  std::string field;

  Error() = default;
  Error(ErrorCode c, std::string s, std::string msg, std::string internal_msg = {}, std::string f = {})
      : code(c),
        slug(std::move(s)),
        public_message(std::move(msg)),
        internal(std::move(internal_msg)),
        field(std::move(f)) {}

  Error WithField(std::string f) && {
    field = std::move(f);
    return std::move(*this);
  }
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }
inline tl::unexpected<Error> Fail(ErrorCode c, std::string slug, std::string msg, std::string internal = {}) {
  return tl::unexpected<Error>(Error(c, std::move(slug), std::move(msg), std::move(internal)));
}

// Convenience constructors for the common cases.
Error InvalidInput(std::string slug, std::string message, std::string field = {});
Error NotFound(std::string what = "record");
Error Forbidden(std::string message = "forbidden");
Error Conflict(std::string slug, std::string message);
Error Internal(std::string internal);
Error Unavailable(std::string internal);
Error Corrupt(std::string message);
// 412: the client's If-Match version `got` is not the record's version `have`.
Error VersionMismatch(std::int64_t have, std::int64_t got);

const char* ErrorCodeName(ErrorCode c);

}  // namespace anxiao

// TRY(x): evaluates a Result; returns its error from the enclosing function on failure.
#define ANXIAO_CONCAT_INNER(a, b) a##b
#define ANXIAO_CONCAT(a, b) ANXIAO_CONCAT_INNER(a, b)
#define TRY_STATUS(expr)                                                           \
  do {                                                                             \
    auto&& anxiao_try_r_ = (expr);                                                 \
    if (!anxiao_try_r_) return ::tl::unexpected(std::move(anxiao_try_r_).error()); \
  } while (0)
#define TRY_ASSIGN(lhs, expr) TRY_ASSIGN_IMPL(ANXIAO_CONCAT(anxiao_try_, __COUNTER__), lhs, expr)
#define TRY_ASSIGN_IMPL(tmp, lhs, expr)                      \
  auto tmp = (expr);                                         \
  if (!tmp) return ::tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
