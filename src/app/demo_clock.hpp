#pragma once
// The clock of a demo load (app::LoadDemo): the real clock, except while the loader dates the
// campaign's past activity. Then it reads a set instant that advances by one millisecond per
// reading, so that the journal's times stay distinct and in order (the store never lets a
// journal time go back: the loader sets the clock in time order). The store and the use cases of
// the load must read this clock. Thread-safe; once released it only forwards to the real clock.

#include <atomic>
#include <mutex>

#include "domain/ports.hpp"

namespace anxiao::app {

class DemoClock final : public domain::Clock {
 public:
  explicit DemoClock(domain::Clock& real) : real_(real) {}

  Timestamp Now() override {
    if (!dated_.load(std::memory_order_acquire)) return real_.Now();
    std::lock_guard lock(mu_);
    return Timestamp{next_++};
  }
  // The real time, whether dated or not.
  Timestamp Real() { return real_.Now(); }
  // From now on Now() reads `t`, then t + 1 ms, t + 2 ms, …
  void Set(Timestamp t) {
    std::lock_guard lock(mu_);
    next_ = t.ms;
    dated_.store(true, std::memory_order_release);
  }
  // Back to the real clock.
  void Release() { dated_.store(false, std::memory_order_release); }

 private:
  domain::Clock& real_;
  std::atomic<bool> dated_{false};
  std::mutex mu_;
  std::int64_t next_ = 0;
};

}  // namespace anxiao::app
