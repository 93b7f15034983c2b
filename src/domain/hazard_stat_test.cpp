#include "domain/hazard_stat.hpp"

#include <gtest/gtest.h>

namespace anxiao::domain {
namespace {

constexpr char kSchool[] = "/p/c/k/s1/";
constexpr char kCampaign[] = "camp1";

// A full row of `table` (every column empty or zero) with `fields` set.
Row FullRow(const std::string& table, const Row& fields) {
  Row r;
  for (const auto& c : FindTable(table)->columns) {
    if (c.name == "id") continue;
    r[c.name] = c.type == ColumnType::kInt ? Value{std::int64_t{0}} : Value{std::string()};
  }
  for (const auto& [k, v] : fields) r[k] = v;
  return r;
}

class SelfCheckStats : public ::testing::Test {
 protected:
  // Applies `ops` with the hazard_stat ops they imply, as Project() does.
  void Apply(std::vector<RowOp> ops) {
    ASSERT_TRUE(AppendHazardStatOps(&ops, m_));
    ASSERT_TRUE(m_.Apply(ops));
  }
  std::int64_t N(const std::string& node, const std::string& campaign, const std::string& key) {
    const auto& t = m_.Table(kStatTable);
    auto it = t.find(StatPrefix(node, campaign) + key);
    return it == t.end() ? 0 : std::get<std::int64_t>(it->second.at("n"));
  }
  // The table recomputed from scratch from the rows, as the store's rebuild does.
  std::map<std::string, std::int64_t> FromScratch() {
    std::map<std::string, std::int64_t> sums;
    std::set<std::pair<std::string, std::string>> schools;
    for (const auto& [id, h] : m_.Table("hazard")) {
      AddHazardStats(h, +1, &sums);
      schools.emplace(std::get<std::string>(h.at("path")), std::get<std::string>(h.at("campaign_id")));
    }
    for (const auto& [id, i] : m_.Table("inspection")) {
      AddInspectionStats(i, +1, &sums);
      schools.emplace(std::get<std::string>(i.at("school_path")), std::get<std::string>(i.at("campaign_id")));
    }
    AddSelfCheckStats(schools, &sums);
    std::erase_if(sums, [](const auto& kv) { return kv.second == 0; });
    return sums;
  }
  std::map<std::string, std::int64_t> Table() {
    std::map<std::string, std::int64_t> out;
    for (const auto& [id, r] : m_.Table(kStatTable)) out[id] = std::get<std::int64_t>(r.at("n"));
    return out;
  }
  void Hazard(const std::string& id, const std::string& source, const std::string& campaign) {
    Apply({RowOp{RowOp::Kind::kInsert, "hazard", id,
                 FullRow("hazard", {{"path", std::string(kSchool)},
                                    {"campaign_id", campaign},
                                    {"source", source},
                                    {"state", std::string("registered")},
                                    {"category", std::string("fire")},
                                    {"found_at", std::string("2026-11-21")},
                                    {"deadline", std::string("2026-12-01")}})}});
  }

  MemoryProjection m_;
};

TEST_F(SelfCheckStats, FollowSubmissionsAndFindingsAndSumUpThePath) {
  Apply({RowOp{RowOp::Kind::kInsert, "inspection", "ins1",
               FullRow("inspection", {{"school_path", std::string(kSchool)},
                                      {"campaign_id", std::string(kCampaign)},
                                      {"self_inspection", std::int64_t{1}},
                                      {"state", std::string("planned")}})}});
  EXPECT_TRUE(Table().empty());  // planned: nothing yet
  // Submitted with nothing found: a clean school on every node, for all and for the campaign.
  Apply({RowOp{RowOp::Kind::kUpdate,
               "inspection",
               "ins1",
               {{"state", std::string("submitted")}, {"submitted_at", std::string("2026-11-20T17:00:00.000Z")}}}});
  for (const char* node : {"p", "c", "k", "s1"}) {
    for (const char* camp : {"", kCampaign}) {
      EXPECT_EQ(N(node, camp, "sc_clean"), 1) << node << camp;
      EXPECT_EQ(N(node, camp, "self_done"), 1) << node << camp;
      EXPECT_EQ(N(node, camp, "~s:2026-11-21"), 1) << node << camp;  // 01:00 China time the next day
      EXPECT_EQ(N(node, camp, "sc_missed"), 0);
    }
  }
  // An item record touches only updated_at: no statistics change.
  const auto before = Table();
  Apply({RowOp{RowOp::Kind::kUpdate, "inspection", "ins1", {{"updated_at", std::string("x")}}}});
  EXPECT_EQ(Table(), before);
  // Outside inspections find two hazards there (one outside the campaign): missed.
  Hazard("h1", "city_supervision", kCampaign);
  Hazard("h2", "province", "");
  EXPECT_EQ(N("c", "", "sc_missed"), 1);
  EXPECT_EQ(N("c", "", "sc_missed_h"), 2);
  EXPECT_EQ(N("c", kCampaign, "sc_missed_h"), 1);
  EXPECT_EQ(FromScratch(), Table());
  // The school then registers a hazard of its own in the campaign: no longer clean, neither in
  // the campaign nor for all campaigns together.
  Hazard("h3", "self", kCampaign);
  EXPECT_EQ(N("p", kCampaign, "sc_clean"), 0);
  EXPECT_EQ(N("p", "", "sc_clean"), 0);
  EXPECT_EQ(N("p", "", "sc_missed_h"), 0);
  EXPECT_EQ(FromScratch(), Table());
  // Voiding its own hazard makes it clean again, with the outside findings as misses.
  Apply({RowOp{RowOp::Kind::kUpdate, "hazard", "h3", {{"state", std::string("voided")}}}});
  EXPECT_EQ(N("k", "", "sc_clean"), 1);
  EXPECT_EQ(N("k", "", "sc_missed"), 1);
  EXPECT_EQ(N("k", "", "sc_missed_h"), 2);
  EXPECT_EQ(N("k", kCampaign, "sc_missed_h"), 1);
  EXPECT_EQ(FromScratch(), Table());
}

TEST_F(SelfCheckStats, OtherInspectionsAndUnsubmittedOnesCountNothing) {
  Apply({RowOp{RowOp::Kind::kInsert, "inspection", "ins2",
               FullRow("inspection", {{"school_path", std::string(kSchool)},
                                      {"campaign_id", std::string(kCampaign)},
                                      {"self_inspection", std::int64_t{0}},
                                      {"state", std::string("submitted")},
                                      {"submitted_at", std::string("2026-11-20T01:00:00.000Z")}})}});
  Hazard("h1", "city_supervision", kCampaign);
  EXPECT_EQ(N("s1", "", "self_done"), 0);
  EXPECT_EQ(N("s1", "", "sc_clean"), 0);
  EXPECT_EQ(N("s1", "", "sc_missed"), 0);
  EXPECT_EQ(FromScratch(), Table());
}

// Every change of a hazard row moves the counters to what a rebuild from the rows gives: the
// transitions of the closed loop (which move only the keys whose weight changed, under the same
// prefixes), a red hazard's 五落实, an extension and rejections, a move to another school and out
// of the campaign (before and after under different prefixes), and voiding.
TEST_F(SelfCheckStats, EveryHazardChangeMatchesARebuild) {
  Hazard("h1", "city_supervision", kCampaign);
  Hazard("h2", "self", "");
  const std::vector<std::pair<std::string, Row>> steps = {
      {"h1", {{"risk_level", std::string("red")}, {"risk_rank", std::int64_t{0}}}},
      {"h1", {{"interim_measures", std::string("封闭")}}},
      {"h1",
       {{"state", std::string("planned")},
        {"measures", std::string("更换")},
        {"responsible_person", std::string("张")},
        {"funds", std::string("2000")},
        {"contingency_plan", std::string("预案")}}},
      {"h1", {{"state", std::string("rectifying")}, {"extension_count", std::int64_t{1}}}},
      {"h1", {{"deadline", std::string("2026-12-09")}}},
      {"h1", {{"state", std::string("awaiting_review")}, {"submitted_at", std::string("2026-11-25T02:00:00.000Z")}}},
      {"h1", {{"state", std::string("rectifying")}, {"rejection_count", std::int64_t{1}}}},
      {"h1", {{"state", std::string("awaiting_review")}}},
      {"h1", {{"state", std::string("closed")}, {"closed_at", std::string("2026-11-27T17:30:00.000Z")}}},
      {"h2", {{"state", std::string("planned")}}},
      {"h2", {{"path", std::string("/p/c/k/s2/")}, {"campaign_id", std::string(kCampaign)}}},
      {"h2", {{"campaign_id", std::string()}}},
      {"h2", {{"updated_at", std::string("x")}}},
      {"h2", {{"state", std::string("voided")}}},
  };
  for (const auto& [id, fields] : steps) {
    Apply({RowOp{RowOp::Kind::kUpdate, "hazard", id, fields}});
    EXPECT_EQ(FromScratch(), Table()) << id << " " << fields.begin()->first;
  }
  EXPECT_EQ(N("k", "", "closed"), 1);
  EXPECT_EQ(N("k", "", "voided"), 1);
  EXPECT_EQ(N("k", kCampaign, "days:7"), 1);  // closed 01:30 on the 28th, China time
}

}  // namespace
}  // namespace anxiao::domain
