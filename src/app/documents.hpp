#pragma once
// Documents generated from the data (issue 7, items 4 and 5): the campaign bulletin (通报) and the
// rectification notice (整改通知书) of an inspection, with the public check of a notice's
// verification code. The renderers are in src/report; this is where their figures come from.
//
// Bulletin: the campaign's live figures (ReadView::FigureCampaign) over the part of the campaign
// the caller may see, plus what the teams say (kinds, schools, experts, rounds, days, the rural
// schools of each cross-inspection team, the private ones among the city-direct schools). A mode
// gets its paragraph when the campaign has the mode and something was done in it.
//
// Notice: issuing is journaled (`notice.issued`, subject "ntc_<code>"), so that the code in the QR
// code leads to the issued content even after the hazards have moved on. Asking for the notice of
// an inspection again gives the notice already issued while the record would print the same
// content; once it would print something else (a hazard added, a deadline extended, measures
// planned), a new notice with the next number is issued. Administrators, bureau officers and the
// inspection's inspectors issue; other roles that see the inspection get the latest issued one.

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/ports.hpp"
#include "report/bulletin.hpp"
#include "report/pdf/notice.hpp"

namespace anxiao::app {

// The printed name of a bureau from its org: 聊城市 → 聊城市教育和体育局, 山东省 → 山东省教育厅, and the
// English ones (place names in pinyin: 东阿县 → Dong'e County Bureau of Education and Sports).
std::string BureauName(const domain::Org& o);
std::string BureauNameEn(const domain::Org& o);
std::string PlaceNameEn(const std::string& name);  // 聊城市 → Liaocheng, 东阿县 → Dong'e

struct IssuedNotice {
  report::RectificationNotice notice;
  std::string code;         // 16 hex digits
  bool issued_now = false;  // this request issued it (journaled)
};

// What the public verification page shows.
struct NoticeCheckHazard {
  report::NoticeHazard printed;
  std::string hazard_id;
  std::string state;      // current state (domain Name()), "" if the hazard is gone
  std::string closed_at;  // UTC ISO-8601 or ""
};
struct NoticeCheck {
  domain::RectificationNoticeRecord record;
  report::RectificationNotice notice;  // as printed
  std::vector<NoticeCheckHazard> hazards;
  bool code_ok = false;     // the code is the SHA-256 prefix of the stored content
  bool journal_ok = false;  // every journal entry of the notice, its inspection and its hazards recomputes
  std::int64_t entries_checked = 0;
  std::vector<std::int64_t> bad_seqs;  // entries whose hash does not recompute
  bool latest = true;                  // no later notice was issued for the inspection
};

class Documents {
 public:
  explicit Documents(Services& s) : s_(s) {}

  // kNotFound for a campaign the caller does not see; kForbidden for inspectors and experts.
  Result<report::BulletinFigures> Bulletin(const domain::Actor& a, const std::string& campaign_id);

  // kNotFound for an inspection the caller does not see, a `school_id` other than the
  // inspection's, or (for roles that do not issue) a notice not issued yet; kConflict
  // "inspection_not_submitted", "no_hazards", "self_inspection".
  Result<IssuedNotice> Notice(const domain::Actor& a, const std::string& inspection_id, const std::string& school_id);

  // Public: kNotFound for an unknown code (16 lower-case hex digits; anything else too).
  Result<NoticeCheck> CheckNotice(const std::string& code);

 private:
  Services& s_;
};

}  // namespace anxiao::app
