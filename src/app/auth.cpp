#include "app/auth.hpp"

#include <algorithm>

#include "base/sha256.hpp"
#include "base/strings.hpp"

namespace anxiao::app {
namespace {
constexpr std::int64_t kWindowMs = 15 * 60 * 1000;
constexpr std::int64_t kMaxLockMs = 15 * 60 * 1000;

Error BadCredentials() { return Error(ErrorCode::kUnauthenticated, "bad_credentials", "wrong username or password"); }
Error Unauthenticated() { return Error(ErrorCode::kUnauthenticated, "unauthenticated", "please sign in"); }
}  // namespace

Result<domain::Actor> ActorFor(domain::ReadView& v, const domain::User& user) {
  TRY_ASSIGN(auto org, v.FindOrg(user.scope_org_id));
  if (!org) return Fail(NotFound("scope org " + user.scope_org_id));
  return domain::Actor{user.id, user.role, org->path, org->id};
}

std::int64_t LoginThrottle::RetryAfter(const std::string& key, std::int64_t now_ms) {
  std::lock_guard g(mu_);
  auto it = state_.find(key);
  if (it == state_.end() || it->second.locked_until_ms <= now_ms) return 0;
  return (it->second.locked_until_ms - now_ms + 999) / 1000;
}

void LoginThrottle::Failure(const std::string& key, std::int64_t now_ms) {
  std::lock_guard g(mu_);
  if (state_.size() > 100000) state_.clear();  // bound memory under a spray of random names
  auto& st = state_[key];
  if (now_ms - st.window_start_ms > kWindowMs) st = State{0, now_ms, 0};
  ++st.failures;
  if (st.failures >= max_failures_) {
    std::int64_t lock = 30000LL << std::min(st.failures - max_failures_, 5);
    st.locked_until_ms = now_ms + std::min(lock, kMaxLockMs);
  }
}

void LoginThrottle::Success(const std::string& key) {
  std::lock_guard g(mu_);
  state_.erase(key);
}

Result<LoginResult> Auth::Login(const std::string& username_in, const std::string& password,
                                const std::string& client) {
  const std::string username = ToLowerAscii(TrimAscii(username_in));
  const std::int64_t now = s_.clock.Now().ms;
  const std::string ukey = "u:" + username, ckey = "c:" + client;
  std::int64_t wait = std::max(user_throttle_.RetryAfter(ukey, now), client_throttle_.RetryAfter(ckey, now));
  if (wait > 0)
    return Fail(Error(ErrorCode::kTooManyRequests, "throttled", "too many failed sign-in attempts; try again later",
                      std::to_string(wait)));

  std::optional<domain::User> user;
  std::optional<std::string> hash;
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(user, v.FindUserByUsername(username));
    if (user) {
      TRY_ASSIGN(hash, v.PasswordHash(user->id));
    }
    return {};
  }));
  // Check a dummy hash (of the same cost) for unknown users so that timing does not reveal which
  // usernames exist.
  static const std::string kDummy = HashPassword("anxiao-dummy-password", s_.password_cost);
  bool ok = CheckPassword(hash ? *hash : kDummy, password) && user && hash && !user->disabled;
  if (!ok) {
    user_throttle_.Failure(ukey, now);
    client_throttle_.Failure(ckey, now);
    return Fail(BadCredentials());
  }
  user_throttle_.Success(ukey);

  LoginResult r;
  r.session_token = RandomToken(32);
  r.csrf_token = RandomToken(32);
  r.user = *user;
  r.expires_ms = now + kSessionTtlMs;
  TRY_STATUS(s_.store.Write([&](domain::WriteTx& tx) -> Status {
    return tx.PutSession(domain::SessionRecord{Sha256Hex(r.session_token), user->id, r.csrf_token, now, r.expires_ms});
  }));
  return r;
}

std::optional<Caller> Auth::Cached(const std::string& key, std::int64_t now) {
  std::lock_guard g(cache_mu_);
  auto it = cache_.find(key);
  if (it == cache_.end() || now - it->second.second >= kCallerCacheMs || now < it->second.second) return std::nullopt;
  return it->second.first;
}

void Auth::Remember(const std::string& key, const Caller& c, std::int64_t now) {
  std::lock_guard g(cache_mu_);
  if (cache_.size() >= 10000) cache_.clear();
  cache_[key] = {c, now};
}

void Auth::Forget(const std::string& key) {
  std::lock_guard g(cache_mu_);
  cache_.erase(key);
}

Status Auth::Logout(const std::string& session_token) {
  Forget("s:" + Sha256Hex(session_token));
  return s_.store.Write([&](domain::WriteTx& tx) { return tx.DeleteSession(Sha256Hex(session_token)); });
}

Result<Caller> Auth::FromSession(const std::string& session_token) {
  if (session_token.size() != 32) return Fail(Unauthenticated());
  const std::int64_t now = s_.clock.Now().ms;
  const std::string sha = Sha256Hex(session_token);
  if (auto c = Cached("s:" + sha, now)) return *c;
  std::optional<Caller> caller;
  std::int64_t expires = 0;
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto sess, v.FindSession(sha));
    if (!sess || sess->expires_ms <= now) return {};
    TRY_ASSIGN(auto user, v.FindUser(sess->user_id));
    if (!user || user->disabled) return {};
    TRY_ASSIGN(auto actor, ActorFor(v, *user));
    caller = Caller{*user, actor, sess->csrf_token, true};
    expires = sess->expires_ms;
    return {};
  }));
  if (!caller) return Fail(Unauthenticated());
  // Never cache past the session's own expiry.
  if (expires - now > kCallerCacheMs) Remember("s:" + sha, *caller, now);
  return *caller;
}

Result<Caller> Auth::FromBearer(const std::string& token) {
  if (token.size() < 16 || token.size() > 128) return Fail(Unauthenticated());
  const std::int64_t now = s_.clock.Now().ms;
  const std::string sha = Sha256Hex(token);
  if (auto c = Cached("b:" + sha, now)) return *c;
  std::optional<Caller> caller;
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto rec, v.FindTokenBySha(sha));
    if (!rec || rec->revoked) return {};
    TRY_ASSIGN(auto user, v.FindUser(rec->user_id));
    if (!user || user->disabled) return {};
    TRY_ASSIGN(auto actor, ActorFor(v, *user));
    caller = Caller{*user, actor, "", false};
    return {};
  }));
  if (!caller) return Fail(Unauthenticated());
  Remember("b:" + sha, *caller, now);
  return *caller;
}

Result<std::string> Auth::CreateToken(const domain::Actor& actor, const std::string& username,
                                      const std::string& label) {
  if (!actor.IsSystem() && !domain::MayAdminister(actor.role)) return Fail(Forbidden());
  std::string token = "axt_" + RandomToken(32);
  TRY_STATUS(s_.store.Write([&](domain::WriteTx& tx) -> Status {
    TRY_ASSIGN(auto user, tx.FindUserByUsername(username));
    if (!user) return Fail(InvalidInput("unknown_user", "no such user: " + username, "username"));
    Json payload{{"user_id", user->id}, {"token_sha256", Sha256Hex(token)}, {"label", label}};
    TRY_STATUS(tx.Append(actor.user_id, domain::Event{"token.created", s_.ids.Next("tok"), payload}));
    return {};
  }));
  return token;
}

}  // namespace anxiao::app
