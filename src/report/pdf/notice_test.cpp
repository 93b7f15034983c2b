#include "report/pdf/notice.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report/pdf/pdf_test_util.hpp"

namespace anxiao::report {
namespace {

using domain::RiskLevel;
using testing::DecodeQr;
using testing::Keep;
using testing::PdfPages;
using testing::PdfText;
using testing::RenderPng;
using testing::WriteTemp;

RectificationNotice TinyNotice() {
  RectificationNotice n;
  n.bureau = "东阿县教育和体育局";
  n.number = "东教安改〔2026〕23号";
  n.school = "东阿县实验小学";
  n.school_id = "sch_1";
  n.inspection = "市级督导检查";
  n.inspected_on = {2026, 3, 17};
  n.date = {2026, 3, 18};
  n.hazards.push_back({"371524-2026-000001", "教学楼", "灭火器过期", RiskLevel::kRed, "更换灭火器", {2026, 4, 16}});
  n.verify_base_url = "https://anxiao.example.gov.cn";
  return n;
}

RectificationNotice ExampleNotice() {
  RectificationNotice n = TinyNotice();
  n.inspection = "市级督导检查（四不两直）";
  n.inspectors = "王福祥、李明、张华（消防）";
  n.hazards = {
      {"371524-2026-000031",
       "教学楼二楼东侧走廊",
       "疏散指示标志2处损坏不亮，应急照明灯蓄电池失效",
       RiskLevel::kOrange,
       "更换疏散指示标志和应急照明灯，每月测试一次并登记",
       {2026, 4, 1}},
      {"371524-2026-000032",
       "学生食堂后厨",
       "液化气瓶与灶具间距不足1米，未安装燃气泄漏报警装置",
       RiskLevel::kRed,
       "立即停用液化气，改用管道天然气；安装燃气泄漏报警与自动切断装置；停用期间由专人值守",
       {2026, 4, 16}},
      {"371524-2026-000033",
       "校门口",
       "上下学时段无护学岗，门卫室缺少防暴钢叉",
       RiskLevel::kYellow,
       "设立上下学护学岗，配齐防暴钢叉、防割手套等安保器材",
       {2026, 3, 25}},
      {"371524-2026-000034",
       "实验楼化学药品室",
       "危化品未实行双人双锁管理，领用台账不全",
       RiskLevel::kOrange,
       "落实双人双锁管理，补全领用登记台账",
       {2026, 4, 1}},
      {"371524-2026-000035",
       "操场西侧围墙",
       "围墙局部开裂倾斜",
       RiskLevel::kBlue,
       "设置警示标志，修补加固围墙",
       {2026, 3, 21}},
  };
  return n;
}

std::string Render(const RectificationNotice& n, const std::string& file, NoticeLayoutInfo* info = nullptr) {
  auto pdf = RenderNoticePdf(n, info);
  EXPECT_TRUE(pdf.has_value()) << (pdf ? "" : pdf.error().internal + pdf.error().public_message);
  if (!pdf) return {};
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  return WriteTemp(file, *pdf);
}

std::string Flatten(std::string s) {
  // pdftotext breaks lines where the PDF wraps them; for phrases we compare without line breaks.
  std::string out;
  for (char c : s) {
    if (c != '\n' && c != ' ') out += c;
  }
  return out;
}

TEST(NoticeCode, IsThePrefixOfTheSha256OfTheCanonicalJson) {
  RectificationNotice n = TinyNotice();
  EXPECT_EQ(NoticeCanonicalJson(n),
            "{\"bureau\":\"东阿县教育和体育局\",\"date\":\"2026-03-18\",\"hazards\":[{\"deadline\":\"2026-04-16\","
            "\"description\":\"灭火器过期\",\"location\":\"教学楼\",\"measures\":\"更换灭火器\",\"number\":"
            "\"371524-2026-000001\",\"risk\":\"red\"}],\"inspected_on\":\"2026-03-17\",\"inspection\":\"市级督导检查\","
            "\"number\":\"东教安改〔2026〕23号\",\"school\":\"东阿县实验小学\",\"school_id\":\"sch_1\"}");
  // Computed independently with Python's hashlib over the same bytes.
  EXPECT_EQ(NoticeVerificationCode(n), "688e71b5db631dbb");
  EXPECT_EQ(NoticeVerifyUrl(n), "https://anxiao.example.gov.cn/verify/notice/688e71b5db631dbb");
  EXPECT_EQ(GroupedCode("688e71b5db631dbb"), "688e-71b5-db63-1dbb");
}

TEST(NoticeCode, ChangesWithEveryPrintedField) {
  const std::string base = NoticeVerificationCode(TinyNotice());
  std::vector<RectificationNotice> variants(7, TinyNotice());
  variants[0].school = "东阿县第二实验小学";
  variants[1].hazards[0].deadline = {2026, 4, 17};
  variants[2].hazards[0].risk = RiskLevel::kOrange;
  variants[3].hazards[0].measures = "更换";
  variants[4].number = "东教安改〔2026〕24号";
  variants[5].date = {2026, 3, 19};
  variants[6].hazards.push_back(variants[6].hazards[0]);
  for (std::size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(NoticeVerificationCode(variants[i]), base) << "variant " << i;
  }
  // The URL's host is not part of the record: moving the server keeps printed codes valid.
  RectificationNotice moved = TinyNotice();
  moved.verify_base_url = "https://other.example";
  EXPECT_EQ(NoticeVerificationCode(moved), base);
}

// Two hazards fit on one page with the signature block: the page shown in the README.
RectificationNotice OnePageNotice() {
  RectificationNotice n = ExampleNotice();
  n.hazards = {n.hazards[1], n.hazards[2]};
  return n;
}

TEST(NoticePdf, ShowsTheSchoolHazardsDeadlinesAndSignatureLines) {
  RectificationNotice n = OnePageNotice();
  NoticeLayoutInfo info;
  std::string path = Render(n, "notice.pdf", &info);
  ASSERT_FALSE(path.empty());
  Keep(path, "notice.pdf");
  EXPECT_EQ(info.pages, 1);
  EXPECT_EQ(PdfPages(path), 1);
  std::string text = Flatten(PdfText(path));
  for (const char* s : {"东阿县教育和体育局",
                        "东教安改〔2026〕23号",
                        "安全隐患整改通知书",
                        "东阿县实验小学：",
                        "2026年3月17日",
                        "市级督导检查（四不两直）",
                        "发现安全隐患2处（其中重大隐患1处）",
                        "《中小学幼儿园安全管理办法》",
                        "五落实",
                        "序号",
                        "风险等级",
                        "整改时限",
                        "371524-2026-000032",
                        "学生食堂后厨",
                        "液化气瓶",
                        "重大",
                        "371524-2026-000033",
                        "一般",
                        "2026年4月16日",
                        "2026年3月25日",
                        "检查人员（签字）",
                        "王福祥、李明、张华（消防）",
                        "检查组成员：",
                        "学校负责人签收：",
                        "签收日期",
                        "（盖章）",
                        "2026年3月18日",
                        "第1页共1页"}) {
    EXPECT_NE(text.find(s), std::string::npos) << "missing: " << s;
  }
  EXPECT_NE(text.find("核验码：" + GroupedCode(NoticeVerificationCode(n))), std::string::npos);
  EXPECT_NE(text.find(NoticeVerifyUrl(n)), std::string::npos);
}

TEST(NoticePdf, FiveHazardsTakeTwoPagesWithEveryRiskLevel) {
  RectificationNotice n = ExampleNotice();
  NoticeLayoutInfo info;
  std::string path = Render(n, "notice-5.pdf", &info);
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(info.pages, 2);
  std::string text = Flatten(PdfText(path));
  for (const char* s : {"发现安全隐患5处（其中重大隐患1处）", "重大", "较大", "一般", "低", "2026年3月21日",
                        "371524-2026-000035", "第2页共2页"}) {
    EXPECT_NE(text.find(s), std::string::npos) << "missing: " << s;
  }
}

TEST(NoticePdf, QrCodeDecodesToTheVerificationUrl) {
  RectificationNotice n = ExampleNotice();
  NoticeLayoutInfo info;
  std::string path = Render(n, "notice-qr.pdf", &info);
  ASSERT_FALSE(path.empty());
  // Decoded from the rendered page by an independent reader, at the resolution of an office scan.
  std::string png = RenderPng(path, info.pages, 150);
  EXPECT_EQ(DecodeQr(png), NoticeVerifyUrl(n));
  EXPECT_GT(info.qr_size, 0);
}

TEST(NoticePdf, LongTableContinuesOnLaterPagesWithItsHeader) {
  RectificationNotice n = ExampleNotice();
  n.hazards.clear();
  for (int i = 1; i <= 40; ++i) {
    n.hazards.push_back({fmt::format("371524-2026-{:06d}", 100 + i),
                         fmt::format("{}号教学楼", i),
                         fmt::format("第{}处：消防栓水压不足，水带老化", i),
                         static_cast<RiskLevel>(i % 4),
                         "检修消防供水系统，更换老化水带",
                         {2026, 4, 1 + i % 20}});
  }
  NoticeLayoutInfo info;
  std::string path = Render(n, "notice-long.pdf", &info);
  ASSERT_FALSE(path.empty());
  Keep(path, "notice-long.pdf");
  ASSERT_GE(info.pages, 3);
  EXPECT_EQ(PdfPages(path), info.pages);
  std::string all = Flatten(PdfText(path));
  for (int i = 1; i <= 40; ++i) {
    EXPECT_NE(all.find(fmt::format("371524-2026-{:06d}", 100 + i)), std::string::npos) << i;
  }
  for (int p = 2; p <= info.pages; ++p) {
    std::string page = Flatten(PdfText(path, p, p));
    EXPECT_NE(page.find("东教安改〔2026〕23号（续）"), std::string::npos) << "page " << p;
    if (page.find("371524-2026-") != std::string::npos) {
      EXPECT_NE(page.find("隐患编号、部位及描述"), std::string::npos) << "page " << p;
    }
    EXPECT_NE(page.find(fmt::format("第{}页共{}页", p, info.pages)), std::string::npos) << "page " << p;
  }
  // The signature block and QR code are on the last page, and the code still decodes there.
  std::string last = Flatten(PdfText(path, info.pages, info.pages));
  EXPECT_NE(last.find("学校负责人签收"), std::string::npos);
  EXPECT_EQ(DecodeQr(RenderPng(path, info.pages, 150)), NoticeVerifyUrl(n));
  // Page 1 does not carry the signature lines.
  EXPECT_EQ(Flatten(PdfText(path, 1, 1)).find("学校负责人签收"), std::string::npos);
}

TEST(NoticePdf, OverlongDescriptionIsCutNotSpreadOverPages) {
  RectificationNotice n = TinyNotice();
  std::string longtext;
  for (int i = 0; i < 800; ++i) longtext += "墙体裂缝";
  n.hazards[0].description = longtext;
  NoticeLayoutInfo info;
  std::string path = Render(n, "notice-overlong.pdf", &info);
  ASSERT_FALSE(path.empty());
  // 3,200 characters in a 150 pt column would be some 200 lines: the cell stops at 14 and ends in an
  // ellipsis (pdftotext still extracts the whole text: Cairo maps the ellipsis to what it hides).
  EXPECT_LE(info.pages, 2);
}

TEST(NoticePdf, RejectsIncompleteNotices) {
  struct Case {
    const char* field;
    void (*spoil)(RectificationNotice&);
  };
  const Case cases[] = {
      {"bureau", [](RectificationNotice& n) { n.bureau.clear(); }},
      {"number", [](RectificationNotice& n) { n.number.clear(); }},
      {"school", [](RectificationNotice& n) { n.school.clear(); }},
      {"hazards", [](RectificationNotice& n) { n.hazards.clear(); }},
      {"hazards", [](RectificationNotice& n) { n.hazards[0].measures.clear(); }},
      {"verify_base_url", [](RectificationNotice& n) { n.verify_base_url = "javascript:alert(1)"; }},
      {"verify_base_url", [](RectificationNotice& n) { n.verify_base_url.clear(); }},
  };
  for (const auto& c : cases) {
    RectificationNotice n = TinyNotice();
    c.spoil(n);
    auto r = RenderNoticePdf(n);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().slug, "notice_incomplete");
    EXPECT_EQ(r.error().field, c.field);
  }
}

TEST(NoticePdf, VerificationUrlTooLongForAQrCodeIsRejected) {
  RectificationNotice n = TinyNotice();
  n.verify_base_url = "https://" + std::string(5000, 'a') + ".example";
  auto r = RenderNoticePdf(n);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().slug, "qr_too_long");
}

}  // namespace
}  // namespace anxiao::report
