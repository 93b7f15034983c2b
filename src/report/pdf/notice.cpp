#include "report/pdf/notice.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/canonical_json.hpp"
#include "base/sha256.hpp"
#include "report/pdf/pdf_kit.hpp"

namespace anxiao::report {

namespace {

using pdf::Align;
using pdf::Document;
using pdf::kLeft;
using pdf::kMm;
using pdf::kTextWidth;
using pdf::Rgb;
using pdf::Script;
using pdf::Text;

std::string ZhDate(Date d) { return pdf::ChineseDate(d.year, d.month, d.day); }

// The fill and text colours of a risk-level cell, as on the ledgers and the dashboard.
Rgb RiskFill(domain::RiskLevel r) {
  switch (r) {
    case domain::RiskLevel::kRed: return {0.85, 0.0, 0.07};
    case domain::RiskLevel::kOrange: return {0.96, 0.55, 0.0};
    case domain::RiskLevel::kYellow: return {1.0, 0.84, 0.0};
    case domain::RiskLevel::kBlue: return {0.12, 0.44, 0.85};
  }
  return pdf::kWhite;
}
Rgb RiskInk(domain::RiskLevel r) { return r == domain::RiskLevel::kYellow ? pdf::kBlack : pdf::kWhite; }

// Column widths in points; they add up to the 156 mm text block.
constexpr double kColNo = 32;
constexpr double kColHazard = 150;
constexpr double kColRisk = 56;
constexpr double kColDeadline = 86;
constexpr double kColMeasures = kTextWidth - kColNo - kColHazard - kColRisk - kColDeadline;
constexpr double kPad = 4;
constexpr int kMaxCellLines = 14;  // a longer description is ellipsised rather than split over pages

std::string TableFont(bool bold) { return pdf::SansFont(Script::kSimplified, bold, 10.5); }
std::string BodyFont() { return pdf::SerifFont(Script::kSimplified, false, 14); }

struct Row {
  Text cells[5];
  double height = 0;
  Rgb fill = pdf::kWhite;
  Rgb risk_fill = pdf::kWhite, risk_ink = pdf::kBlack;
  bool header = false;
};

Row MakeRow(const Document& d, const std::string (&text)[5], bool header) {
  static constexpr double kWidths[5] = {kColNo, kColHazard, kColRisk, kColMeasures, kColDeadline};
  static constexpr Align kAligns[5] = {Align::kCenter, Align::kLeft, Align::kCenter, Align::kLeft, Align::kCenter};
  Row r;
  r.header = header;
  for (int i = 0; i < 5; ++i) {
    r.cells[i] = d.Layout(text[i], TableFont(header || i == 2), kWidths[i] - 2 * kPad,
                          header ? Align::kCenter : kAligns[i], kMaxCellLines);
    r.height = std::max(r.height, r.cells[i].Height() + 2 * kPad);
  }
  return r;
}

void DrawRow(const Document& d, const Row& r, double y) {
  static constexpr double kWidths[5] = {kColNo, kColHazard, kColRisk, kColMeasures, kColDeadline};
  double x = kLeft;
  for (int i = 0; i < 5; ++i) {
    Rgb ink = pdf::kBlack;
    if (r.header) {
      d.FillRect(x, y, kWidths[i], r.height, {0.90, 0.90, 0.90});
    } else if (i == 2) {
      d.FillRect(x, y, kWidths[i], r.height, r.risk_fill);
      ink = r.risk_ink;
    }
    // Centre the cell's text vertically: short cells beside a long description look deliberate.
    double ty = y + (r.height - r.cells[i].Height()) / 2;
    d.Draw(r.cells[i], x + kPad, ty, ink);
    d.StrokeRect(x, y, kWidths[i], r.height, 0.6);
    x += kWidths[i];
  }
}

Status Validate(const RectificationNotice& n) {
  if (n.bureau.empty()) return Fail(InvalidInput("notice_incomplete", "the issuing bureau is missing", "bureau"));
  if (n.number.empty()) return Fail(InvalidInput("notice_incomplete", "the notice number is missing", "number"));
  if (n.school.empty()) return Fail(InvalidInput("notice_incomplete", "the school is missing", "school"));
  if (n.hazards.empty())
    return Fail(InvalidInput("notice_incomplete", "a notice lists at least one hazard", "hazards"));
  for (const auto& h : n.hazards) {
    if (h.measures.empty()) {
      return Fail(InvalidInput("notice_incomplete", "hazard " + h.number + " has no measures", "hazards"));
    }
  }
  if (n.verify_base_url.rfind("https://", 0) != 0 && n.verify_base_url.rfind("http://", 0) != 0) {
    return Fail(
        InvalidInput("notice_incomplete", "the verification URL must start with http(s)://", "verify_base_url"));
  }
  return {};
}

// Draws the whole notice; returns the number of pages. `total_pages` is 0 on the measuring pass.
Result<int> RenderPass(Document& d, const RectificationNotice& n, int total_pages, NoticeLayoutInfo* info) {
  int page = 1;
  auto folio = [&] {
    d.Folio(page, total_pages > 0 ? fmt::format("第{}页 共{}页", page, total_pages) : "", Script::kSimplified);
  };

  double y = d.RedHeader(n.bureau, n.number, Script::kSimplified);
  // Every later page carries a running head, so that a loose sheet still says whose notice it is.
  auto new_page = [&] {
    folio();
    d.NextPage();
    ++page;
    y = 20 * kMm;
    Text running = d.Layout(fmt::format("{}　{}（续）", n.bureau, n.number),
                            pdf::SerifFont(Script::kSimplified, false, 12), kTextWidth, Align::kRight);
    d.Draw(running, kLeft, y, pdf::kRed);
    y += running.Height() + 1.5 * kMm;
    d.Line(kLeft, y, kLeft + kTextWidth, y, 0.8, pdf::kRed);
    y += 5 * kMm;
  };
  Text title =
      d.Layout("安全隐患整改通知书", pdf::SerifFont(Script::kSimplified, true, 24), kTextWidth, Align::kCenter);
  d.Draw(title, kLeft, y);
  y += title.Height() + 3 * kMm;

  int red = 0;
  for (const auto& h : n.hazards) red += h.risk == domain::RiskLevel::kRed ? 1 : 0;
  Text salutation = d.Layout(n.school + "：", BodyFont(), kTextWidth);
  d.Draw(salutation, kLeft, y);
  y += salutation.Height() + 1 * kMm;
  std::string body = fmt::format(
      "　　{}，我局对你校开展了{}，发现安全隐患{}处{}，详见下表。依据《中华人民共和国安全生产法》"
      "《中小学幼儿园安全管理办法》等有关规定，现责令你校对下列隐患逐项明确整改措施、整改责任人和整改时限，"
      "在整改时限内整改到位；整改期间须落实临时安全防范措施{}。整改完成后，请于3个工作日内将整改情况书面报告我局，"
      "经复查合格后销号。",
      ZhDate(n.inspected_on), n.inspection.empty() ? "安全检查" : n.inspection, n.hazards.size(),
      red > 0 ? fmt::format("（其中重大隐患{}处）", red) : "",
      red > 0 ? "，重大隐患须做到整改措施、责任、资金、时限和预案“五落实”" : "");
  Text para = d.Layout(body, BodyFont(), kTextWidth, Align::kLeft, 0, 1.0);
  d.Draw(para, kLeft, y);
  y += para.Height() + 4 * kMm;

  const std::string header_text[5] = {"序号", "隐患编号、部位及描述", "风险等级", "整改要求", "整改时限"};
  Row header = MakeRow(d, header_text, true);
  DrawRow(d, header, y);
  y += header.height;

  int no = 0;
  for (const auto& h : n.hazards) {
    ++no;
    std::string hazard_text = h.number;
    if (!h.location.empty())
      hazard_text += "\n【" + h.location + "】";
    else
      hazard_text += "\n";
    hazard_text += h.description;
    const std::string text[5] = {std::to_string(no), hazard_text, std::string(domain::ChineseName(h.risk)), h.measures,
                                 ZhDate(h.deadline)};
    Row r = MakeRow(d, text, false);
    r.risk_fill = RiskFill(h.risk);
    r.risk_ink = RiskInk(h.risk);
    if (y + r.height > pdf::kBottom) {
      // The table continues on the next page under the running head and its header row again.
      new_page();
      DrawRow(d, header, y);
      y += header.height;
    }
    DrawRow(d, r, y);
    y += r.height;
  }

  // The signature block, the issuer and the QR code stay together on one page.
  const double qr_size = 26 * kMm;
  const std::string code = NoticeVerificationCode(n);
  const std::string url = NoticeVerifyUrl(n);
  Text sign1 = d.Layout("检查人员（签字）：＿＿＿＿＿＿＿＿＿＿＿＿", BodyFont(), kTextWidth);
  Text members = d.Layout(n.inspectors.empty() ? "" : "检查组成员：" + n.inspectors,
                          pdf::SerifFont(Script::kSimplified, false, 13), kTextWidth);
  Text sign2 = d.Layout("学校负责人签收：＿＿＿＿＿＿＿", BodyFont(), kTextWidth);
  Text sign2_date = d.Layout("签收日期：　　年　　月　　日", BodyFont(), kTextWidth, Align::kRight);
  Text caption = d.Layout(
      fmt::format("核验码：{}\n扫描二维码或访问下列网址，核对本通知书与系统记录是否一致：\n{}", GroupedCode(code), url),
      pdf::SansFont(Script::kSimplified, false, 10), 62 * kMm);
  // The seal goes over the issuer's name and the date; the line under them says so.
  Text issuer =
      d.Layout(fmt::format("{}\n{}\n（盖章）", n.bureau, ZhDate(n.date)), BodyFont(), 70 * kMm, Align::kCenter);
  Text cc = d.Layout("本通知书一式两份，学校和检查单位各执一份。", pdf::SerifFont(Script::kSimplified, false, 12),
                     kTextWidth);
  const double block = 5 * kMm + sign1.Height() + 1 * kMm + members.Height() + 3 * kMm + sign2.Height() + 4 * kMm +
                       std::max(qr_size, issuer.Height()) + 2 * kMm + cc.Height();
  if (y + block > pdf::kBottom + 10 * kMm) new_page();
  y += 5 * kMm;
  d.Draw(sign1, kLeft, y);
  y += sign1.Height() + 1 * kMm;
  d.Draw(members, kLeft, y);
  y += members.Height() + 3 * kMm;
  d.Draw(sign2, kLeft, y);
  d.Draw(sign2_date, kLeft, y);
  y += sign2.Height() + 4 * kMm;
  TRY_STATUS(d.QrCode(url, kLeft, y, qr_size));
  if (info != nullptr) {
    info->qr_x = kLeft;
    info->qr_y = y;
    info->qr_size = qr_size;
  }
  d.Draw(caption, kLeft + qr_size + 1 * kMm, y + (qr_size - caption.Height()) / 2);
  d.Draw(issuer, kLeft + kTextWidth - 70 * kMm, y + (qr_size - issuer.Height()) / 2);
  y += std::max(qr_size, issuer.Height()) + 2 * kMm;
  d.Draw(cc, kLeft, y);
  folio();
  return page;
}

}  // namespace

std::string NoticeCanonicalJson(const RectificationNotice& n) {
  Json hazards = Json::array();
  for (const auto& h : n.hazards) {
    hazards.push_back({{"number", h.number},
                       {"location", h.location},
                       {"description", h.description},
                       {"risk", std::string(domain::Name(h.risk))},
                       {"measures", h.measures},
                       {"deadline", FormatDate(h.deadline)}});
  }
  Json j = {{"bureau", n.bureau},         {"number", n.number},           {"school", n.school},
            {"school_id", n.school_id},   {"inspection", n.inspection},   {"inspected_on", FormatDate(n.inspected_on)},
            {"date", FormatDate(n.date)}, {"hazards", std::move(hazards)}};
  return Canonical(j);
}

std::string NoticeVerificationCode(const RectificationNotice& n) {
  return Sha256Hex(NoticeCanonicalJson(n)).substr(0, 16);
}

std::string NoticeVerifyUrl(const RectificationNotice& n) {
  return n.verify_base_url + "/verify/notice/" + NoticeVerificationCode(n);
}

std::string GroupedCode(const std::string& code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += code[i];
  }
  return out;
}

Result<std::string> RenderNoticePdf(const RectificationNotice& n, NoticeLayoutInfo* info) {
  TRY_STATUS(Validate(n));
  const std::string title = fmt::format("{} 安全隐患整改通知书 {}", n.number, n.school);
  // First pass only counts the pages, so that every folio can say "第n页 共m页".
  int pages = 0;
  {
    auto probe = Document::Create(title);
    if (!probe) return Fail(probe.error());
    auto counted = RenderPass(**probe, n, 0, nullptr);
    if (!counted) return Fail(counted.error());
    pages = *counted;
  }
  auto doc = Document::Create(title);
  if (!doc) return Fail(doc.error());
  auto drawn = RenderPass(**doc, n, pages, info);
  if (!drawn) return Fail(drawn.error());
  if (info != nullptr) info->pages = *drawn;
  return (*doc)->Finish();
}

}  // namespace anxiao::report
