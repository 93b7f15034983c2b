#pragma once
// Sign-in, sessions, API tokens and login throttling.
//
// Session cookies and API tokens are 32 random base32 characters (160 bits); only their SHA-256 is
// stored. A session also has a CSRF token that cookie-authenticated writes must echo in a header.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "app/services.hpp"

namespace anxiao::app {

// The authenticated caller of a request.
struct Caller {
  domain::User user;
  domain::Actor actor;
  std::string csrf_token;  // empty for bearer tokens
  bool via_session = false;
};

struct LoginResult {
  std::string session_token;  // goes into the cookie; never logged
  std::string csrf_token;
  domain::User user;
  std::int64_t expires_ms = 0;
};

// Failed-login throttling: after `max_failures` failures within 15 minutes, further attempts are
// refused for a lockout that doubles with each further failure (30 s, 60 s, … up to 15 min).
// Auth keeps one per username (5 failures) and one per client address (20 failures, since a
// school's staff may share one address). Thread-safe. In memory: a restart forgets, which is acceptable for
// throttling (it slows guessing, it is not an audit record).
class LoginThrottle {
 public:
  explicit LoginThrottle(int max_failures) : max_failures_(max_failures) {}
  // Seconds to wait before another attempt is allowed, or 0.
  std::int64_t RetryAfter(const std::string& key, std::int64_t now_ms);
  void Failure(const std::string& key, std::int64_t now_ms);
  void Success(const std::string& key);

 private:
  struct State {
    int failures = 0;
    std::int64_t window_start_ms = 0;
    std::int64_t locked_until_ms = 0;
  };
  int max_failures_;
  std::mutex mu_;
  std::map<std::string, State> state_;
};

class Auth {
 public:
  explicit Auth(Services& s) : s_(s) {}

  inline static constexpr std::int64_t kSessionTtlMs = 12LL * 3600 * 1000;

  // Errors: kUnauthenticated "bad_credentials" (unknown user, wrong password, disabled user — the
  // same answer for all three), kTooManyRequests "throttled" with the wait in `internal`.
  Result<LoginResult> Login(const std::string& username, const std::string& password, const std::string& client);
  Status Logout(const std::string& session_token);
  // kUnauthenticated when unknown, expired or the user is disabled.
  Result<Caller> FromSession(const std::string& session_token);
  Result<Caller> FromBearer(const std::string& token);
  // Creates an API token for `username`; returns the token text (shown once).
  Result<std::string> CreateToken(const domain::Actor& actor, const std::string& username, const std::string& label);

  LoginThrottle& user_throttle() { return user_throttle_; }

  // Authenticated callers are cached for this long (measured: the lookup was a quarter of the
  // cost of a simple API read). Sign-out takes effect at once in this process; disabling a user or
  // revoking a token takes effect within this time.
  inline static constexpr std::int64_t kCallerCacheMs = 1000;

 private:
  std::optional<Caller> Cached(const std::string& key, std::int64_t now);
  void Remember(const std::string& key, const Caller& c, std::int64_t now);
  void Forget(const std::string& key);

  Services& s_;
  std::mutex cache_mu_;
  std::map<std::string, std::pair<Caller, std::int64_t>> cache_;
  LoginThrottle user_throttle_{5};
  LoginThrottle client_throttle_{20};
};

}  // namespace anxiao::app
