#pragma once
// The rectification notice (整改通知书) a bureau hands a school after an inspection (PRODUCT.md §6):
// an A4 PDF in the red-header style with the notice number, the school, a table of the hazards
// found (number, location and description, risk level in its colour, measures required, deadline),
// the legal basis, the signature and seal lines and a QR code with a verification code. The table
// continues over as many pages as it needs, repeating its header row.
//
// Verification code: the first 16 hex digits of the SHA-256 of the notice's canonical JSON
// (base/canonical_json.hpp, RFC 8785 subset), which is
//   {"bureau":…,"date":"YYYY-MM-DD","hazards":[{"deadline":"YYYY-MM-DD","description":…,
//    "location":…,"measures":…,"number":…,"risk":"red|orange|yellow|blue"},…],
//    "inspected_on":"YYYY-MM-DD","inspection":…,"number":…,"school":…,"school_id":…}
// (keys sorted; hazards in table order). Everything printed in the body is covered, so a notice
// whose printed content differs from the record gets a different code. The QR code carries
// `<verify_base_url>/verify/notice/<code>`, the web page that shows the record and its integrity
// check. The format is durable: printed notices in drawers refer to it.

#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/hazard.hpp"

namespace anxiao::report {

struct NoticeHazard {
  std::string number;       // 371524-2026-000123
  std::string location;     // 教学楼二楼东侧走廊
  std::string description;  // 疏散指示标志损坏
  domain::RiskLevel risk = domain::RiskLevel::kYellow;
  std::string measures;  // 整改措施 required
  Date deadline;
};

struct RectificationNotice {
  std::string bureau;      // 东阿县教育和体育局 (the issuer, printed red)
  std::string number;      // 东教安改〔2026〕23号
  std::string school;      // 东阿县实验小学
  std::string school_id;   // the record's id, so that two schools of the same name differ
  std::string inspection;  // 市级督导检查（四不两直）: what kind of visit found the hazards
  std::string inspectors;  // 王福祥、李明 (printed beside the signature line)
  Date inspected_on;
  Date date;  // date of issue
  std::vector<NoticeHazard> hazards;
  std::string verify_base_url;  // https://anxiao.example.gov.cn (no trailing slash)
};

// The canonical JSON above, and the code and URL derived from it.
std::string NoticeCanonicalJson(const RectificationNotice& n);
std::string NoticeVerificationCode(const RectificationNotice& n);  // 16 lower-case hex digits
std::string NoticeVerifyUrl(const RectificationNotice& n);
// 1a2b-3c4d-5e6f-7a8b: the code grouped for reading aloud over the phone.
std::string GroupedCode(const std::string& code);

// Where the QR code of the last page was drawn, in points from the page's top-left, for tests
// that rasterise and decode it.
struct NoticeLayoutInfo {
  int pages = 0;
  double qr_x = 0, qr_y = 0, qr_size = 0;
};

// The PDF bytes. kInvalidInput for a notice without school, number, bureau or hazards, or with a
// hazard without measures; kInternal if Cairo fails.
Result<std::string> RenderNoticePdf(const RectificationNotice& n, NoticeLayoutInfo* info = nullptr);

}  // namespace anxiao::report
