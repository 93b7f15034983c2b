#include "domain/journal.hpp"

#include <gtest/gtest.h>

namespace anxiao::domain {
namespace {

std::vector<JournalEntry> Chain(int n) {
  std::vector<JournalEntry> out;
  std::string prev(kGenesisHash);
  for (int i = 1; i <= n; ++i) {
    JournalEntry e{i,
                   "2026-11-29T04:00:00.00" + std::to_string(i % 10) + "Z",
                   "system",
                   "school.created",
                   "sch_" + std::to_string(i),
                   "{\"name\":\"学校" + std::to_string(i) + "\"}",
                   prev,
                   ""};
    e.hash = ComputeHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

std::vector<ChainProblem> Check(const std::vector<JournalEntry>& es, std::vector<Checkpoint> cps = {}) {
  ChainChecker c(std::move(cps));
  for (const auto& e : es) c.Feed(e);
  c.Finish();
  return c.problems();
}

TEST(JournalHash, WorkedExampleFromSpec) {
  // docs/journal_format.md, "Worked example": keep in sync.
  JournalEntry e{
      1,
      "2026-11-29T08:00:00.000Z",
      "system",
      "org.created",
      "org_37",
      "{\"code\":\"370000\",\"kind\":\"province\",\"name\":\"山东省\",\"parent_id\":null,\"path\":\"/org_37/\"}",
      std::string(kGenesisHash),
      ""};
  EXPECT_EQ(
      HashInput(e),
      "anxiao-journal-v1\n1:1\n24:2026-11-29T08:00:00.000Z\n6:system\n11:org.created\n6:org_37\n"
      "89:{\"code\":\"370000\",\"kind\":\"province\",\"name\":\"山东省\",\"parent_id\":null,\"path\":\"/org_37/\"}\n"
      "64:0000000000000000000000000000000000000000000000000000000000000000\n");
  EXPECT_EQ(ComputeHash(e), "7c5ba5838cc1ffca6a36498260703f21fe014ec1e18bae31e0a71004b11535a7");
  JournalEntry e2{2,
                  "2026-11-29T08:00:00.015Z",
                  "usr_admin",
                  "user.password_set",
                  "usr_7kq2",
                  "{\"password_fp\":\"5f4dcc3b5aa765d61d8327deb882cf99b9b1b4b9f5e1d0f8a4f6b5c3d2e1f0a9\"}",
                  ComputeHash(e),
                  ""};
  EXPECT_EQ(ComputeHash(e2), "f9c80b4fe8740ed34c9ce03aa9d89588b6cc757fa70901d7edd19fd51adbc491");
}

TEST(ChainChecker, IntactChainHasNoProblems) {
  auto es = Chain(10);
  ChainChecker c;
  for (const auto& e : es) c.Feed(e);
  c.Finish();
  EXPECT_TRUE(c.problems().empty());
  EXPECT_EQ(c.entries(), 10);
  EXPECT_EQ(c.head().seq, 10);
  EXPECT_EQ(c.head().hash, es.back().hash);
}

TEST(ChainChecker, NamesAlteredPayload) {
  auto es = Chain(5);
  es[2].payload[3] = 'X';
  auto p = Check(es);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].kind, "payload_altered");
  EXPECT_EQ(p[0].seq, 3);
}

TEST(ChainChecker, NamesMissingEntry) {
  auto es = Chain(5);
  es.erase(es.begin() + 1);
  auto p = Check(es);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0].kind, "entry_missing");
  EXPECT_EQ(p[0].seq, 2);
}

TEST(ChainChecker, NamesReorderedEntries) {
  auto es = Chain(5);
  std::swap(es[1], es[2]);
  auto p = Check(es);
  ASSERT_FALSE(p.empty());
  bool found = false;
  for (const auto& x : p) found |= x.kind == "entries_reordered" && x.seq == 2;
  EXPECT_TRUE(found);
}

TEST(ChainChecker, NamesSwappedContentsAsReordered) {
  auto es = Chain(5);
  std::swap(es[1].payload, es[2].payload);
  std::swap(es[1].hash, es[2].hash);
  std::swap(es[1].prev_hash, es[2].prev_hash);
  std::swap(es[1].at, es[2].at);
  std::swap(es[1].subject, es[2].subject);
  auto p = Check(es);
  ASSERT_GE(p.size(), 2u);
  EXPECT_EQ(p[0].kind, "entries_reordered");
  EXPECT_EQ(p[0].seq, 2);
  EXPECT_EQ(p[1].kind, "entries_reordered");
  EXPECT_EQ(p[1].seq, 3);
}

TEST(ChainChecker, NamesTruncatedTailAgainstCheckpoint) {
  auto es = Chain(5);
  Checkpoint cp{7, 5, es[4].hash, "2026-11-29T05:00:00.000Z", "hourly"};
  es.pop_back();
  auto p = Check(es, {cp});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].kind, "tail_truncated");
  EXPECT_EQ(p[0].seq, 5);
}

TEST(ChainChecker, NamesRewrittenChainAgainstCheckpoint) {
  auto es = Chain(5);
  Checkpoint cp{1, 3, std::string(64, 'a'), "2026-11-29T05:00:00.000Z", "export"};
  auto p = Check(es, {cp});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].kind, "checkpoint_mismatch");
}

TEST(ChainChecker, NamesBrokenLink) {
  auto es = Chain(3);
  es[1].prev_hash = std::string(64, 'b');
  es[1].hash = ComputeHash(es[1]);  // re-sealed, but the link to entry 1 is broken
  es[2].prev_hash = es[1].hash;
  es[2].hash = ComputeHash(es[2]);
  auto p = Check(es);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].kind, "prev_hash_mismatch");
  EXPECT_EQ(p[0].seq, 2);
}

TEST(ValidateEvent, RejectsBadKindsAndSubjects) {
  EXPECT_FALSE(ValidateEvent("system", Event{"nodot", "x", Json::object()}));
  EXPECT_FALSE(ValidateEvent("system", Event{"a.b", "", Json::object()}));
  EXPECT_FALSE(ValidateEvent("system", Event{"a.b", "has space", Json::object()}));
  EXPECT_FALSE(ValidateEvent("sys tem", Event{"a.b", "x", Json::object()}));
  EXPECT_FALSE(ValidateEvent("system", Event{"a.b", "x", Json::array()}));
  EXPECT_TRUE(ValidateEvent("system", Event{"school.created", "sch_1", Json::object()}));
}

}  // namespace
}  // namespace anxiao::domain
