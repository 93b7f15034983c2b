#pragma once
// AccessLog: one line per request ("2026-11-29T12:55:19.123 info GET /api/v1/orgs/x 200 0.1ms",
// the format of the server's other log lines), written in batches by a background thread.
//
// Why not spdlog's async logger, which the rest of the server uses: it wakes its thread for every
// message (a futex call and a context switch per request), which measured 7-12 µs of CPU per
// request, a quarter of a simple API read (BENCHMARKS.md, issue #2). Here request threads only
// append to a buffer under a mutex; the thread writes whatever has gathered every kFlushMs, so a
// line reaches the output at most that late. Thread-safe.

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace anxiao::http {

class AccessLog {
 public:
  static constexpr int kFlushMs = 100;

  explicit AccessLog(std::FILE* out);
  ~AccessLog();  // writes what is left
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Write(std::string_view method, std::string_view path, int status, double ms);

 private:
  void Run();

  std::FILE* out_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buf_;
  bool stop_ = false;
  std::thread thread_;
};

// "2026-11-29T12:55:19.123" in local time, as the other log lines (spdlog's %Y-%m-%dT%H:%M:%S.%e).
std::string LogTimestamp(std::int64_t unix_ms);

}  // namespace anxiao::http
