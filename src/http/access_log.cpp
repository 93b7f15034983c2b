#include "http/access_log.hpp"

#include <chrono>
#include <cstdint>
#include <ctime>

namespace anxiao::http {

std::string LogTimestamp(std::int64_t unix_ms) {
  // The date and time change once a second: each thread keeps the last second it formatted
  // (localtime_r takes a lock and reads the time zone).
  thread_local std::int64_t last_sec = -1;
  thread_local char prefix[32];
  const std::int64_t sec = unix_ms / 1000;
  if (sec != last_sec) {
    std::time_t t = static_cast<std::time_t>(sec);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
    last_sec = sec;
  }
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03d", prefix, static_cast<int>(unix_ms % 1000));
  return out;
}

AccessLog::AccessLog(std::FILE* out) : out_(out), thread_([this] { Run(); }) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void AccessLog::Write(std::string_view method, std::string_view path, int status, double ms) {
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::string line = LogTimestamp(now);
  char tail[48];
  int n = std::snprintf(tail, sizeof tail, " %d %.1fms\n", status, ms);
  line.reserve(line.size() + 6 + method.size() + path.size() + static_cast<std::size_t>(n));
  line.append(" info ").append(method).append(" ").append(path).append(tail, static_cast<std::size_t>(n));
  std::lock_guard lk(mu_);
  buf_.append(line);
}

void AccessLog::Run() {
  std::string out;
  std::unique_lock lk(mu_);
  while (true) {
    cv_.wait_for(lk, std::chrono::milliseconds(kFlushMs), [&] { return stop_; });
    out.swap(buf_);
    const bool stop = stop_;
    lk.unlock();
    if (!out.empty()) {
      std::fwrite(out.data(), 1, out.size(), out_);
      std::fflush(out_);
      out.clear();
    }
    if (stop) return;
    lk.lock();
  }
}

}  // namespace anxiao::http
