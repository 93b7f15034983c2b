#include "http/access_log.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace anxiao::http {
namespace {

std::string ReadAll(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(AccessLog, EveryLineFromEveryThreadIsWrittenWhole) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    AccessLog log(f);
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t)
      ts.emplace_back([&log, t] {
        for (int i = 0; i < 500; ++i) log.Write("GET", "/api/v1/orgs/t" + std::to_string(t), 200, 0.25);
      });
    for (auto& t : ts) t.join();
  }  // the destructor writes what is left
  std::string all = ReadAll(f);
  std::fclose(f);
  const std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} info GET /api/v1/orgs/t[0-3] 200 0\.2ms)");
  std::size_t n = 0, start = 0;
  while (start < all.size()) {
    auto end = all.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "unterminated last line";
    EXPECT_TRUE(std::regex_match(all.substr(start, end - start), line)) << all.substr(start, end - start);
    ++n;
    start = end + 1;
  }
  EXPECT_EQ(n, 2000u);
}

TEST(AccessLog, TimestampHasMillisecondsAndChangesWithTheSecond) {
  const std::regex ts(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})");
  auto a = LogTimestamp(1'764'400'000'007);
  auto b = LogTimestamp(1'764'400'001'999);
  EXPECT_TRUE(std::regex_match(a, ts)) << a;
  EXPECT_EQ(a.substr(20), "007");
  EXPECT_EQ(b.substr(20), "999");
  EXPECT_NE(a.substr(0, 19), b.substr(0, 19));
}

}  // namespace
}  // namespace anxiao::http
