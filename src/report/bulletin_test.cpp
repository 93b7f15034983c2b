#include "report/bulletin.hpp"

#include <gtest/gtest.h>

#include "report/pdf/pdf_test_util.hpp"

namespace anxiao::report {
namespace {

// The figures of the source article (seed/liaocheng-2021-school-safety-campaign.txt) where it
// gives them; hazard totals where it does not are made up for the test.
BulletinFigures SourceFigures() {
  BulletinFigures f;
  f.bureau = "聊城市教育和体育局";
  f.bureau_en = "Liaocheng Municipal Bureau of Education and Sports";
  f.region = "聊城市";
  f.region_en = "Liaocheng";
  f.campaign = "校园安全隐患大排查大整治集中行动";
  f.campaign_en = "campaign to find and remove school safety hazards";
  f.as_of = {2021, 3, 23};
  f.city_teams = 29;
  f.county_teams = 812;
  f.schools_inspected = 3043;
  f.hazards_found = 1260;
  f.hazards_closed = 1043;
  f.major_found = 12;
  f.major_closed = 9;
  f.overdue = 17;
  f.city_supervision = CitySupervisionFigures{11, 44, 131, 120};
  f.city_direct = CityDirectFigures{3, 21, 5, 48, 48};
  f.cross_inspection = CrossInspectionFigures{11, 3, 12, 6, 132, 210, 160};
  f.resident = ResidentFigures{4, 6, 30, 2, 57, 50};
  f.self_inspection = SelfInspectionFigures{3043, 3043, 640, 580};
  f.province = ProvinceFigures{2, 20, 86, 86};
  return f;
}

std::string Text(const BulletinFigures& f, BulletinLang lang) {
  auto t = BulletinText(f, lang);
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error().public_message);
  return t ? *t : std::string();
}

TEST(BulletinZhHans, ReadsLikeTheSource) {
  std::string t = Text(SourceFigures(), BulletinLang::kZhHans);
  for (const char* s : {
           "截至2021年3月23日，聊城市教体系统全面深入开展校园安全隐患大排查大整治集中行动，",
           "市、县两级共派出841个督查组（其中市级29个、县级812个），检查各级各类学校3043所，排查隐患1260处，已整改1043"
           "处，整改率82.8%。",
           "一是开展市级督导检查专项行动。组成11个市级督导组，开展全市学校安全大检查活动，共检查学校44所，发现隐患131处"
           "，已整改120处。",
           "二是开展市直属学校安全隐患大排查大整治专项活动。抽调3个督查组，对市直属21所学校（含民办学校5所）进行了督导"
           "检查，发现隐患48处，已全部整改。",
           "三是开展县级互查专项活动。抽调11个检查组，采用县域之间依次互查的方式，对各县（市、区）所属学校实施为期3天的"
           "精准检查，"
           "每县随机抽查学校12所（其中农村、城乡结合部学校不少于6所），共抽查学校132所",
           "四是实行驻点监管。成立4个驻点监管工作组，聘请6名专家，对30所学校的安全和疫情防控情况进行现场督导检查，已完"
           "成两轮驻点监督检查",
           "五是开展学校自查自纠。各级各类学校3043所全部完成安全隐患自查自纠，自查发现隐患640处，已整改580处。",
           "六是迎接省级专项督导检查。省督导工作组对聊城市进行了两轮督导检查，共检查学校20所，排查各类隐患86处，现已全"
           "部"
           "整改完毕。",
           "“五个心中有数”。目前共排查隐患1260处，已整改1043处，正在整改217处，其中逾期未整改17处；其中重大隐患12处，已"
           "整改9处。",
       }) {
    EXPECT_NE(t.find(s), std::string::npos) << "missing: " << s;
  }
  EXPECT_EQ(t.find("七是"), std::string::npos);
}

TEST(BulletinZhHans, ModesWithoutFiguresAreLeftOutAndTheRestRenumbered) {
  BulletinFigures f = SourceFigures();
  f.city_supervision.reset();
  f.city_direct.reset();
  f.county_census = CountyCensusFigures{11, 3022, 700, 650};
  std::string t = Text(f, BulletinLang::kZhHans);
  EXPECT_EQ(t.find("市级督导组"), std::string::npos);
  EXPECT_EQ(t.find("市直属"), std::string::npos);
  EXPECT_NE(
      t.find(
          "一是开展县级隐患普查。11个县（市、区）对所属3022所学校逐校开展安全隐患普查，排查隐患700处，已整改650处。"),
      std::string::npos);
  EXPECT_NE(t.find("二是开展县级互查专项活动"), std::string::npos);
  EXPECT_NE(t.find("五是迎接省级专项督导检查"), std::string::npos);
  EXPECT_EQ(t.find("六是"), std::string::npos);
}

TEST(BulletinZhHans, NothingFoundAndNothingOverdueAreSaidSo) {
  BulletinFigures f = SourceFigures();
  f.hazards_found = f.hazards_closed = 0;
  f.major_found = f.major_closed = f.overdue = 0;
  f.province = ProvinceFigures{1, 5, 0, 0};
  f.self_inspection = SelfInspectionFigures{2000, 3043, 0, 0};
  std::string t = Text(f, BulletinLang::kZhHans);
  EXPECT_NE(t.find("排查隐患0处，已整改0处。"), std::string::npos);  // no 整改率 of nothing
  EXPECT_EQ(t.find("整改率"), std::string::npos);
  EXPECT_NE(t.find("共检查学校5所，未发现隐患。"), std::string::npos);
  EXPECT_NE(t.find("各级各类学校3043所中已有2000所完成安全隐患自查自纠，未发现隐患。"), std::string::npos);
  EXPECT_EQ(t.find("逾期"), std::string::npos);
}

TEST(BulletinZhHant, ConvertsToTaiwanStandardCharactersAndKeeps全面) {
  std::string t = Text(SourceFigures(), BulletinLang::kZhHant);
  // The site that copied the source article turned 全面 into 全麵 (麵 = noodles): we must not.
  EXPECT_NE(t.find("全面深入開展校園安全隱患大排查大整治集中行動"), std::string::npos);
  EXPECT_NE(t.find("多輪督導，全面覆蓋。"), std::string::npos);
  EXPECT_EQ(t.find("麵"), std::string::npos);
  for (const char* s : {"市、縣兩級共派出841個督查組", "檢查各級各類學校3043所", "排查隱患1260處，已整改1043處",
                        "一是開展市級督導檢查專項行動", "其中農村、城鄉結合部學校不少於6所", "聘請6名專家",
                        "現已全部整改完畢", "「五個心中有數」", "整改措施"}) {
    EXPECT_NE(t.find(s), std::string::npos) << "missing: " << s;
  }
  for (const char* simplified : {"学校", "隐患", "检查", "县", "组", "级"}) {
    EXPECT_EQ(t.find(simplified), std::string::npos) << "left simplified: " << simplified;
  }
}

TEST(ToTraditional, UsesCharactersNotTaiwanVocabulary) {
  // s2tw, not s2twp: the phrase table of s2twp would rewrite the bureau's wording.
  EXPECT_EQ(*ToTraditional("全面"), "全面");
  EXPECT_EQ(*ToTraditional("方方面面"), "方方面面");
  EXPECT_EQ(*ToTraditional("视频监控"), "視頻監控");          // s2twp: 影片監控 (a film)
  EXPECT_EQ(*ToTraditional("现场查看"), "現場查看");          // s2twp: 現場檢視
  EXPECT_EQ(*ToTraditional("通过查阅资料"), "通過查閱資料");  // s2twp: 透過
  EXPECT_EQ(*ToTraditional("复查后销号"), "複查後銷號");
  EXPECT_EQ(*ToTraditional("里面"), "裡面");  // Taiwan standard form, not 裏面
  EXPECT_EQ(*ToTraditional("学校 隐患 整改"), "學校 隱患 整改");
  EXPECT_EQ(*ToTraditional(""), "");
}

TEST(BulletinEn, IsWrittenEnglishWithGroupedNumbersAndPlurals) {
  std::string t = Text(SourceFigures(), BulletinLang::kEn);
  for (const char* s : {
           "As of 23 March 2021, the education and sports system of Liaocheng has been carrying out the campaign to "
           "find and remove school safety hazards.",
           "have dispatched 841 inspection teams (29 at city level and 812 at county level) and inspected 3,043 "
           "schools "
           "of all levels and types. 1,260 hazards have been found, of which 1,043 have been rectified (82.8%).",
           "First, city-level supervision: 11 supervision teams led by the city inspected 44 schools, finding 131 "
           "hazards, "
           "of which 120 have been rectified.",
           "Second, schools directly under the city: 3 teams inspected 21 city-direct schools (5 of them private), "
           "finding "
           "48 hazards, all of which have been rectified.",
           "drawing 12 schools at random in each county (at least 6 of them rural or on the urban-rural fringe)",
           "Fourth, resident supervision: 4 stationed working groups with 6 external experts",
           "Fifth, self-inspection by the schools: all 3,043 schools have completed their own safety self-inspection",
           "Sixth, provincial supervision: the provincial team carried out 2 rounds of inspection in Liaocheng, "
           "visiting 20 "
           "schools and finding 86 hazards, all of which have been rectified.",
           "(the \"five knowns\")",
           "217 are still being rectified (17 overdue); 12 were major, of which 9 have been rectified.",
       }) {
    EXPECT_NE(t.find(s), std::string::npos) << "missing: " << s;
  }
  // Nothing Chinese leaks into the English text.
  for (unsigned char c : t) EXPECT_LT(c, 0x80) << "non-ASCII byte in English bulletin";
}

// The source's own paragraphs give no examples; the data does: categories and the inspectors'
// findings, and how many of the planned schools are done.
TEST(BulletinZhHans, ModeParagraphsGiveExamplesAndProgress) {
  BulletinFigures f = SourceFigures();
  f.city_supervision->schools = 33;
  f.city_supervision->schools_planned = 44;
  f.city_supervision->findings.by_category = {{domain::HazardCategory::kFire, 100},
                                              {domain::HazardCategory::kBuildings, 31}};
  f.city_supervision->findings.examples = {"教学楼一楼东侧疏散通道堆放课桌椅", "实验楼部分灭火器已过有效期"};
  f.city_direct->schools_inspected = 15;
  f.city_direct->findings.by_category = {{domain::HazardCategory::kBuildings, 48}};
  f.resident->rounds = 1;
  std::string t = Text(f, BulletinLang::kZhHans);
  for (const char* s : {
           "组成11个市级督导组，开展全市学校安全大检查活动，计划检查学校44所，已检查33所，发现隐患131处（消防安全100处"
           "、"
           "校舍安全31处），主要是教学楼一楼东侧疏散通道堆放课桌椅、实验楼部分灭火器已过有效期等问题，已整改120处。",
           "对市直属21所学校（含民办学校5所）开展督导检查，已检查15所，发现隐患48处，均为校舍安全隐患，已全部整改。",
           "已完成第一轮驻点监督检查",
       }) {
    EXPECT_NE(t.find(s), std::string::npos) << "missing: " << s << "\n" << t;
  }
  std::string en = Text(f, BulletinLang::kEn);
  for (const char* s : {
           "11 supervision teams led by the city have inspected 33 of the 44 schools assigned to them, finding 131 "
           "hazards (fire safety 100, school buildings 31), of which 120 have been rectified.",
           "3 teams have inspected 15 of the 21 city-direct schools (5 of them private), finding 48 hazards, all in "
           "school buildings, all of which have been rectified.",
           "have completed the first round so far",
       }) {
    EXPECT_NE(en.find(s), std::string::npos) << "missing: " << s << "\n" << en;
  }
  for (unsigned char c : en) EXPECT_LT(c, 0x80) << "non-ASCII byte in English bulletin";
}

TEST(BulletinEn, TitleKeepsTheOfficialName) {
  auto t = BulletinTitle(SourceFigures(), BulletinLang::kEn);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t,
            "Progress of the campaign to find and remove school safety hazards in Liaocheng "
            "(校园安全隐患大排查大整治集中行动)");
}

TEST(BulletinEn, SingularsAreSingular) {
  BulletinFigures f = SourceFigures();
  f.city_teams = 1;
  f.county_teams = 0;
  f.schools_inspected = 1;
  f.hazards_found = 1;
  f.hazards_closed = 1;
  f.major_found = f.major_closed = f.overdue = 0;
  f.province = ProvinceFigures{1, 1, 1, 0};
  f.city_supervision = CitySupervisionFigures{1, 1, 0, 0};
  f.city_direct.reset();
  f.cross_inspection.reset();
  f.resident.reset();
  f.self_inspection.reset();
  std::string t = Text(f, BulletinLang::kEn);
  EXPECT_NE(
      t.find("have dispatched 1 inspection team (1 at city level and 0 at county level) and inspected 1 school of"),
      std::string::npos);
  EXPECT_NE(t.find("1 hazard has been found, of which 1 has been rectified (100.0%)."), std::string::npos);
  EXPECT_NE(t.find("1 supervision team led by the city inspected 1 school, finding no hazards."), std::string::npos);
  EXPECT_NE(t.find("1 round of inspection"), std::string::npos);
  EXPECT_NE(t.find("finding 1 hazard, of which 0 have been rectified."), std::string::npos);
}

TEST(BulletinFiguresCheck, RejectsImpossibleFigures) {
  struct Case {
    const char* field;
    void (*spoil)(BulletinFigures&);
  };
  const Case cases[] = {
      {"hazards_closed", [](BulletinFigures& f) { f.hazards_closed = f.hazards_found + 1; }},
      {"hazards_closed", [](BulletinFigures& f) { f.hazards_closed = -1; }},
      {"major_found",
       [](BulletinFigures& f) {
         f.major_found = f.hazards_found + 1;
         f.major_closed = 0;
       }},
      {"major_closed", [](BulletinFigures& f) { f.major_closed = f.major_found + 1; }},
      {"overdue", [](BulletinFigures& f) { f.overdue = f.hazards_found - f.hazards_closed + 1; }},
      {"teams", [](BulletinFigures& f) { f.county_teams = -3; }},
      {"city_direct", [](BulletinFigures& f) { f.city_direct->private_schools = 22; }},
      {"cross_inspection", [](BulletinFigures& f) { f.cross_inspection->rural_minimum = 13; }},
      {"self_inspection", [](BulletinFigures& f) { f.self_inspection->schools_done = 3044; }},
      {"province", [](BulletinFigures& f) { f.province->hazards_closed = 87; }},
      {"resident", [](BulletinFigures& f) { f.resident->experts = -1; }},
      {"bureau", [](BulletinFigures& f) { f.bureau_en.clear(); }},
      {"region", [](BulletinFigures& f) { f.region.clear(); }},
      {"campaign", [](BulletinFigures& f) { f.campaign_en.clear(); }},
  };
  for (const auto& c : cases) {
    BulletinFigures f = SourceFigures();
    c.spoil(f);
    for (auto lang : {BulletinLang::kZhHans, BulletinLang::kZhHant, BulletinLang::kEn}) {
      auto r = BulletinText(f, lang);
      ASSERT_FALSE(r.has_value()) << c.field;
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(r.error().slug, "invalid_figures");
      EXPECT_EQ(r.error().field, c.field);
    }
    EXPECT_FALSE(RenderBulletinPdf(f, BulletinLang::kZhHans).has_value()) << c.field;
  }
}

TEST(BulletinLangParse, AcceptsTheThreeTagsOnly) {
  EXPECT_EQ(ParseBulletinLang("zh-Hans"), BulletinLang::kZhHans);
  EXPECT_EQ(ParseBulletinLang("zh-Hant"), BulletinLang::kZhHant);
  EXPECT_EQ(ParseBulletinLang("en"), BulletinLang::kEn);
  EXPECT_FALSE(ParseBulletinLang("zh-CN").has_value());
  EXPECT_FALSE(ParseBulletinLang("").has_value());
  EXPECT_FALSE(ParseBulletinLang("EN").has_value());
}

std::string Flatten(std::string s) {
  std::string out;
  for (char c : s) {
    if (c != '\n') out += c;
  }
  return out;
}

TEST(BulletinPdf, CarriesHeaderTitleFiguresAndDateInEachLanguage) {
  struct Case {
    BulletinLang lang;
    const char* file;
    std::vector<std::string> expect;
  };
  const Case cases[] = {
      {BulletinLang::kZhHans,
       "bulletin-zh-Hans.pdf",
       {"聊城市教育和体育局", "关于聊城市校园安全隐患大排查大整治集中行动进展情况的通报", "共派出841个督查组",
        "检查各级各类学校3043所", "六是迎接省级专项督导检查", "2021年3月23日"}},
      {BulletinLang::kZhHant,
       "bulletin-zh-Hant.pdf",
       {"聊城市教育和體育局", "關於聊城市校園安全隱患大排查大整治集中行動進展情況的通報", "共派出841個督查組",
        "檢查各級各類學校3043所", "全面深入開展", "2021年3月23日"}},
      {BulletinLang::kEn,
       "bulletin-en.pdf",
       {"Liaocheng Municipal Bureau of Education and Sports",
        "Progress of the campaign to find and remove school safety", "841 inspection teams", "3,043 schools",
        "23 March 2021"}},
  };
  for (const auto& c : cases) {
    auto pdf = RenderBulletinPdf(SourceFigures(), c.lang);
    ASSERT_TRUE(pdf.has_value()) << c.file;
    std::string path = testing::WriteTemp(c.file, *pdf);
    testing::Keep(path, c.file);
    std::string text = testing::PdfText(path);
    std::string flat = Flatten(text);
    for (const auto& s : c.expect) {
      // English wraps between words (a line break where the space was); Chinese anywhere.
      bool found = flat.find(s) != std::string::npos || text.find(s) != std::string::npos;
      if (!found && c.lang == BulletinLang::kEn) {
        std::string spaced;
        for (char ch : text) spaced += ch == '\n' ? ' ' : ch;
        found = spaced.find(s) != std::string::npos;
      }
      EXPECT_TRUE(found) << c.file << " missing: " << s;
    }
  }
}

}  // namespace
}  // namespace anxiao::report
