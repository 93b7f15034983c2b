#include "http/errors.hpp"

#include <map>

#include "base/canonical_json.hpp"
#include "base/strings.hpp"

namespace anxiao::http {
namespace {

struct Texts {
  const char* hans;
  const char* hant;
  const char* en;
};

// Messages users see, per machine-readable code. Codes not listed fall back to the English text
// of the error (still specific, since it is written per call site).
const std::map<std::string, Texts>& Table() {
  // A table: one entry per line reads best, whatever its length.
  // clang-format off
  static const std::map<std::string, Texts> t = {
      {"bad_credentials", {"用户名或密码错误", "使用者名稱或密碼錯誤", "Wrong username or password"}},
      {"throttled", {"登录失败次数过多，请稍后再试", "登入失敗次數過多，請稍後再試", "Too many failed sign-in attempts; try again later"}},
      {"unauthenticated", {"请先登录", "請先登入", "Please sign in"}},
      {"csrf_missing", {"缺少 CSRF 令牌，请刷新页面后重试", "缺少 CSRF 權杖，請重新整理頁面後重試", "Missing CSRF token; reload the page and try again"}},
      {"csrf_invalid", {"CSRF 令牌无效，请刷新页面后重试", "CSRF 權杖無效，請重新整理頁面後重試", "Invalid CSRF token; reload the page and try again"}},
      {"forbidden", {"您没有执行此操作的权限", "您沒有執行此操作的權限", "You are not allowed to do this"}},
      {"read_only", {"只读角色不能修改数据", "唯讀角色不能修改資料", "Read-only roles cannot change data"}},
      {"not_found", {"记录不存在", "記錄不存在", "Not found"}},
      {"route_not_found", {"接口不存在", "介面不存在", "No such endpoint"}},
      {"method_not_allowed", {"不支持该请求方法", "不支援該請求方法", "Method not allowed"}},
      {"malformed_json", {"请求体不是合法的 JSON", "請求內容不是合法的 JSON", "The request body is not valid JSON"}},
      {"invalid_type", {"字段类型错误", "欄位類型錯誤", "A field has the wrong type"}},
      {"unknown_field", {"包含未知字段", "包含未知欄位", "The request contains an unknown field"}},
      {"unknown_enum_value", {"取值不在允许范围内", "取值不在允許範圍內", "A value is not one of the allowed values"}},
      {"missing_field", {"缺少必填字段", "缺少必填欄位", "A required field is missing"}},
      {"invalid_query", {"查询参数无效", "查詢參數無效", "A query parameter is invalid"}},
      {"payload_too_large", {"请求体过大", "請求內容過大", "The request body is too large"}},
      {"unsupported_media_type", {"请求体必须是 JSON", "請求內容必須是 JSON", "The request body must be JSON"}},
      {"version_mismatch", {"记录已被他人修改，请刷新后重试", "記錄已被他人修改，請重新整理後重試", "The record was changed by someone else; reload and try again"}},
      {"version_required", {"缺少 If-Match 版本号", "缺少 If-Match 版本號", "If-Match with the record's version is required"}},
      {"invalid_school_code", {"学校标识码必须是10位数字", "學校標識碼必須是10位數字", "School code must be exactly 10 digits"}},
      {"duplicate_school_code", {"该学校标识码已存在", "該學校標識碼已存在", "A school with this code already exists"}},
      {"invalid_name", {"名称长度须为1至60个字符", "名稱長度須為1至60個字元", "Name must be 1 to 60 characters"}},
      {"invalid_student_count", {"学生人数须在0至200000之间", "學生人數須在0至200000之間", "Student count must be between 0 and 200000"}},
      {"invalid_address", {"地址不能超过200个字符", "地址不能超過200個字元", "Address must be at most 200 characters"}},
      {"invalid_latitude", {"纬度须为-90至90之间的十进制度数", "緯度須為-90至90之間的十進位度數", "Latitude must be decimal degrees between -90 and 90"}},
      {"invalid_longitude", {"经度须为-180至180之间的十进制度数", "經度須為-180至180之間的十進位度數", "Longitude must be decimal degrees between -180 and 180"}},
      {"invalid_person_name", {"姓名不能超过40个字符", "姓名不能超過40個字元", "Names must be at most 40 characters"}},
      {"invalid_phone", {"电话号码只能包含数字、+、- 和空格", "電話號碼只能包含數字、+、- 和空格", "Phone numbers may contain digits, +, - and spaces"}},
      {"unknown_parent", {"上级单位不存在", "上級單位不存在", "The parent org was not found"}},
      {"invalid_parent", {"上级单位类型不正确", "上級單位類型不正確", "The parent org is of the wrong kind"}},
      {"invalid_username", {"用户名须为3至32位小写字母、数字、点、下划线或连字符", "使用者名稱須為3至32位小寫字母、數字、點、底線或連字號", "Username must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-'"}},
      {"weak_password", {"密码至少需要8个字符", "密碼至少需要8個字元", "Password must be at least 8 characters"}},
      {"invalid_display_name", {"显示名称须为1至40个字符", "顯示名稱須為1至40個字元", "Display name must be 1 to 40 characters"}},
      {"invalid_organization", {"所属单位不能超过60个字符", "所屬單位不能超過60個字元", "Organization must be at most 60 characters"}},
      {"unknown_scope_org", {"管辖范围单位不存在", "管轄範圍單位不存在", "The scope org was not found"}},
      {"duplicate_username", {"用户名已被占用", "使用者名稱已被佔用", "This username is taken"}},
      {"own_role", {"管理员不能修改自己的角色", "管理員不能修改自己的角色", "Administrators cannot change their own role"}},
      {"own_account", {"管理员不能停用自己的账号", "管理員不能停用自己的帳號", "Administrators cannot disable themselves"}},
      // Level reports.
      {"report_forbidden", {"只有本单位人员可以编制本单位的上报（学校安全员或校长，县、市教育局工作人员）", "只有本單位人員可以編製本單位的上報（學校安全員或校長，縣、市教育局工作人員）", "Only the org's own staff prepare its report"}},
      {"no_supervising_level", {"省级没有上级单位，无需逐级上报", "省級沒有上級單位，無需逐級上報", "A province has no supervising level to report to"}},
      {"principal_required", {"学校的上报须由校长审核", "學校的上報須由校長審核", "Only the school's principal approves its report"}},
      {"not_supervising_level", {"只有上级教育行政部门可以接收或退回上报", "只有上級教育行政部門可以接收或退回上報", "Only a bureau officer of the supervising level accepts or returns a report"}},
      {"report_exists", {"本单位该专项行动该期次已有上报，如需更正请等待退回", "本單位該專項行動該期次已有上報，如需更正請等待退回", "This org already has a live report for this campaign and period"}},
      {"invalid_transition", {"该上报当前状态不允许此操作", "該上報目前狀態不允許此操作", "This report's state does not allow that"}},
      {"reason_required", {"退回须说明原因", "退回須說明原因", "Say why the report goes back"}},
      {"invalid_reason", {"原因不能超过500个字符", "原因不能超過500個字元", "The reason is at most 500 characters"}},
      {"invalid_as_of", {"截止日期须在专项行动开始之后、今天或之前", "截止日期須在專項行動開始之後、今天或之前", "The period end must lie between the campaign's start and today"}},
      // Verifiable draws.
      {"draw_forbidden", {"只有管理员和所属教育行政部门可以发起抽签和发布名录库", "只有管理員和所屬教育行政部門可以發起抽籤和發布名錄庫", "Only administrators and the owning bureau make draws and publish their registers"}},
      {"draw_infeasible", {"该抽签方案无法执行，原因见问题列表", "該抽籤方案無法執行，原因見問題列表", "The definition cannot be drawn; the problems say why"}},
      {"draw_already_executed", {"该抽签已执行，每次抽签只能执行一次", "該抽籤已執行，每次抽籤只能執行一次", "This draw was executed already; a draw runs once"}},
      {"draw_not_executed", {"该抽签尚未执行，种子仍保密", "該抽籤尚未執行，種子仍保密", "The draw has not been executed: its seed is still secret"}},
      {"no_inspector_register", {"请先发布本单位的检查人员名录库", "請先發布本單位的檢查人員名錄庫", "Publish the inspector register before making a draw"}},
      {"invalid_public_value", {"公开值须为1至200字节的文本（如彩票开奖号码）", "公開值須為1至200位元組的文字（如彩券開獎號碼）", "The public value must be 1 to 200 bytes of text (e.g. lottery numbers)"}},
      {"unknown_county", {"抽签的县区须为本单位下属的教育行政部门", "抽籤的縣區須為本單位下屬的教育行政部門", "Each county of the draw must be a bureau under the draw's org"}},
      // Hazards and idempotency keys.
      {"illegal_transition", {"隐患当前状态不允许此操作", "隱患目前狀態不允許此操作", "This action is not allowed in the hazard's current state"}},
      {"red_plan_incomplete", {"重大隐患的整改方案须落实措施、责任、资金、时限和预案（五落实）并有临时管控措施", "重大隱患的整改方案須落實措施、責任、資金、時限和預案（五落實）並有臨時管控措施", "A major (red) hazard's plan needs measures, responsible person, funds, deadline, contingency plan and interim measures"}},
      {"after_evidence_required", {"整改完成须至少上传一张整改后照片", "整改完成須至少上傳一張整改後照片", "Completion needs at least one after-photo"}},
      {"register_forbidden", {"只有学校人员、教育行政部门、督导和专家可以登记隐患", "只有學校人員、教育行政部門、督導和專家可以登記隱患", "Only school staff, bureau officers, inspectors and experts register hazards"}},
      {"not_school_side", {"只有本校或其主管教育行政部门可以执行此操作", "只有本校或其主管教育行政部門可以執行此操作", "Only the school or its bureau may do this"}},
      {"school_cannot_review", {"学校不能复查、销号或作废本校隐患", "學校不能複查、銷號或作廢本校隱患", "A school never reviews, closes or voids its own hazards"}},
      {"not_supervising_level", {"只有督办单位可以复查、作废或审批延期", "只有督辦單位可以複查、作廢或審批延期", "Only the supervising level may review, void or decide extensions"}},
      {"own_work", {"您参与了该隐患的整改，须由他人复查", "您參與了該隱患的整改，須由他人複查", "You took part in rectifying this hazard, so someone else must review it"}},
      {"own_request", {"不能审批自己提交的延期申请", "不能審批自己提交的延期申請", "Nobody decides on their own extension request"}},
      {"extension_pending", {"已有延期申请待审批", "已有延期申請待審批", "Another extension request awaits a decision"}},
      {"extension_decided", {"该延期申请已审批", "該延期申請已審批", "This extension request was already decided"}},
      {"invalid_deadline", {"整改时限不符合要求", "整改時限不符合要求", "The deadline is not acceptable"}},
      {"invalid_found_at", {"发现日期无效", "發現日期無效", "The found date is not valid"}},
      {"invalid_date", {"日期格式须为 YYYY-MM-DD", "日期格式須為 YYYY-MM-DD", "Dates must be YYYY-MM-DD"}},
      {"notice_incomplete", {"整改通知书内容不完整", "整改通知書內容不完整", "The rectification notice is incomplete"}},
      {"qr_too_long", {"核验网址过长，无法生成二维码", "核驗網址過長，無法產生 QR 碼", "The verification URL is too long for a QR code"}},
      {"invalid_figures", {"通报数据不合理", "通報數據不合理", "The bulletin figures are inconsistent"}},
      {"invalid_supervising_org", {"督办单位须为学校的上级单位", "督辦單位須為學校的上級單位", "The supervising org must be a level above the school"}},
      {"invalid_evidence", {"证据须以 SHA-256 哈希引用", "證據須以 SHA-256 雜湊引用", "Evidence must be referenced by its SHA-256"}},
      {"too_much_evidence", {"每一步最多上传20张照片", "每一步最多上傳20張照片", "At most 20 photos per step"}},
      {"text_too_long", {"文本过长", "文字過長", "The text is too long"}},
      {"invalid_text", {"文本不是合法的 UTF-8", "文字不是合法的 UTF-8", "The text is not valid UTF-8"}},
      {"invalid_idempotency_key", {"Idempotency-Key 须为1至128位字母、数字、_ . : -", "Idempotency-Key 須為1至128位字母、數字、_ . : -", "Idempotency-Key must be 1 to 128 letters, digits, '_', '.', ':' or '-'"}},
      {"idempotency_key_reused", {"该幂等键已用于另一请求", "該冪等鍵已用於另一請求", "This Idempotency-Key was already used for a different request"}},
      {"idempotency_in_progress", {"使用该幂等键的请求仍在处理中", "使用該冪等鍵的請求仍在處理中", "A request with this Idempotency-Key is still being processed"}},
      // Evidence photos.
      {"unsupported_image_type", {"仅支持 JPEG、PNG 和 WebP 格式的照片", "僅支援 JPEG、PNG 和 WebP 格式的照片", "Only JPEG, PNG and WebP photos are accepted"}},
      {"invalid_image", {"文件不是可读取的图片", "檔案不是可讀取的圖片", "The file is not a readable image"}},
      {"image_too_large", {"图片像素过多（最多1亿像素）", "圖片像素過多（最多1億像素）", "The image has too many pixels (at most 100 megapixels)"}},
      {"evidence_too_large", {"照片不能超过 20 MiB", "照片不能超過 20 MiB", "A photo may be at most 20 MiB"}},
      {"malformed_multipart", {"multipart/form-data 请求体格式错误", "multipart/form-data 請求內容格式錯誤", "The multipart/form-data body is malformed"}},
      {"unknown_evidence", {"引用的证据照片未上传或无权使用", "引用的證據照片未上傳或無權使用", "The referenced evidence photo was not uploaded"}},
      // Campaigns, teams, checklists and inspections (campaign_api.cpp).
      {"campaign_forbidden", {"只有本级或上级教育行政部门可以管理该专项行动", "只有本級或上級教育行政部門可以管理該專項行動", "Only administrators and bureau officers above the owner manage this campaign"}},
      {"campaign_closed", {"专项行动已结束，不能再修改", "專項行動已結束，不能再修改", "The campaign is closed and takes no more changes"}},
      {"invalid_period", {"起止日期无效：结束日期不能早于开始日期，且不超过两年", "起訖日期無效：結束日期不能早於開始日期，且不超過兩年", "Invalid period: the end may not precede the start, and it spans at most two years"}},
      {"invalid_checklists", {"检查表列表无效", "檢查表列表無效", "Invalid checklist list"}},
      {"unknown_checklist", {"检查表不存在", "檢查表不存在", "The checklist does not exist"}},
      {"invalid_org", {"须为本辖区内的省、市或县级教育行政部门", "須為本轄區內的省、市或縣級教育行政部門", "Must be a province, city or county bureau in your scope"}},
      {"duplicate_value", {"列表中有重复项", "列表中有重複項", "A list contains the same value twice"}},
      {"invalid_team_kind", {"督查组类型与派出层级不符", "督查組類型與派出層級不符", "The team kind does not fit the dispatching level"}},
      {"invalid_target", {"互查对象须为本行动范围内的另一个县（市、区）", "互查對象須為本行動範圍內的另一個縣（市、區）", "The target must be another county within the campaign"}},
      {"own_county", {"交叉互查不能检查本县（市、区）", "交叉互查不能檢查本縣（市、區）", "A cross-inspection team never inspects its own county"}},
      {"invalid_members", {"督查组成员过多或有重复", "督查組成員過多或有重複", "Too many or repeated team members"}},
      {"invalid_member", {"督查组成员须为督导人员、教育行政人员或专家", "督查組成員須為督導人員、教育行政人員或專家", "Team members must be inspectors, bureau officers or experts"}},
      {"not_an_expert", {"外聘专家须为专家角色的用户", "外聘專家須為專家角色的使用者", "External experts must be users of role expert"}},
      {"unknown_user", {"用户不存在或已停用", "使用者不存在或已停用", "The user does not exist or is disabled"}},
      {"invalid_schools", {"指派的学校不在督查组的检查范围内", "指派的學校不在督查組的檢查範圍內", "An assigned school is outside the team's area"}},
      {"invalid_rounds", {"轮次须为1至12", "輪次須為1至12", "Rounds must be 1 to 12"}},
      {"invalid_rank", {"职级不能超过20个字符", "職級不能超過20個字元", "The cadre rank must be at most 20 characters"}},
      {"checklist_forbidden", {"只有管理员和本辖区教育行政部门可以修改检查表", "只有管理員和本轄區教育行政部門可以修改檢查表", "Only administrators and bureau officers in scope edit checklists"}},
      {"invalid_items", {"检查项数量须为1至300项", "檢查項數量須為1至300項", "A checklist has 1 to 300 items"}},
      {"invalid_item", {"检查项内容或依据长度不符合要求", "檢查項內容或依據長度不符合要求", "An item's text or basis has the wrong length"}},
      {"invalid_item_code", {"检查项编号须为2至20位大写字母、数字或连字符", "檢查項編號須為2至20位大寫字母、數字或連字號", "Item codes are 2 to 20 characters of A-Z, 0-9 and '-'"}},
      {"duplicate_item_code", {"检查项编号重复", "檢查項編號重複", "Two items have the same code"}},
      {"invalid_version", {"版本号须为正整数", "版本號須為正整數", "The version must be a positive integer"}},
      {"plan_forbidden", {"只有教育行政部门及其督查组可以安排检查", "只有教育行政部門及其督查組可以安排檢查", "Only bureaus and their teams plan inspections"}},
      {"invalid_team", {"督查组不属于该专项行动", "督查組不屬於該專項行動", "The team belongs to another campaign"}},
      {"invalid_source", {"检查来源不正确", "檢查來源不正確", "The inspection source is not acceptable here"}},
      {"school_not_assigned", {"该学校未指派给此督查组", "該學校未指派給此督查組", "The school is not assigned to this team"}},
      {"school_not_in_campaign", {"该学校不在专项行动范围内", "該學校不在專項行動範圍內", "The school is outside the campaign"}},
      {"invalid_previous", {"复查须针对同一学校的检查", "複查須針對同一學校的檢查", "A re-inspection revisits the same school"}},
      {"previous_not_submitted", {"只有已提交的检查才能复查", "只有已提交的檢查才能複查", "Only a submitted inspection can be re-inspected"}},
      {"illegal_inspection_transition", {"检查当前状态不允许此操作", "檢查目前狀態不允許此操作", "This action is not allowed in the inspection's current state"}},
      {"not_inspector", {"只有本次检查的检查人员可以执行此操作", "只有本次檢查的檢查人員可以執行此操作", "Only the inspectors of this visit may do this"}},
      {"invalid_position", {"签到位置须同时提供经纬度（十进制度数）", "簽到位置須同時提供經緯度（十進位度數）", "The check-in position needs both latitude and longitude in decimal degrees"}},
      {"fail_note_required", {"不合格项须填写问题说明", "不合格項須填寫問題說明", "A failed item needs a note"}},
      {"photo_required", {"该检查项不合格时须上传照片", "該檢查項不合格時須上傳照片", "This item needs a photo when it fails"}},
      {"items_unanswered", {"还有检查项未填写", "還有檢查項未填寫", "Some items are not answered yet"}},
      {"signature_missing", {"提交前须有检查人员和学校代表签字", "提交前須有檢查人員和學校代表簽字", "Submission needs the signatures of an inspector and the school's representative"}},
      {"invalid_due_date", {"截止日期须在今天与行动结束日期之间", "截止日期須在今天與行動結束日期之間", "The due date must lie between today and the campaign's end"}},
      {"internal", {"服务器内部错误", "伺服器內部錯誤", "Internal server error"}},
      {"unavailable", {"服务暂时不可用，请稍后再试", "服務暫時無法使用，請稍後再試", "Service temporarily unavailable; try again later"}},
      {"corrupt", {"数据完整性校验失败", "資料完整性校驗失敗", "Data integrity check failed"}},
  };
  // clang-format on
  return t;
}

// "隐患状态为「待复查」，不能「提交复查」" from the "<action>|<state>" that domain::Transition puts
// into Error::internal; empty if it is not of that form.
std::string TransitionMessage(const std::string& internal, Lang lang) {
  // A table: one entry per line reads best, whatever its length.
  // clang-format off
  static const std::map<std::string, Texts> kWords = {
      {"plan", {"制定整改方案", "制定整改方案", "plan"}},
      {"start", {"开始整改", "開始整改", "start"}},
      {"progress", {"登记整改进展", "登記整改進展", "record progress on"}},
      {"submit", {"提交复查", "提交複查", "submit"}},
      {"close", {"复查销号", "複查銷號", "close"}},
      {"reject", {"退回整改", "退回整改", "reject"}},
      {"void", {"作废", "作廢", "void"}},
      {"request_extension", {"申请延期", "申請延期", "request an extension for"}},
      {"decide_extension", {"审批延期", "審批延期", "decide an extension of"}},
      {"registered", {"已登记", "已登記", "registered"}},
      {"planned", {"已制定方案", "已制定方案", "planned"}},
      {"rectifying", {"整改中", "整改中", "rectifying"}},
      {"awaiting_review", {"待复查", "待複查", "awaiting_review"}},
      {"closed", {"已销号", "已銷號", "closed"}},
      {"voided", {"已作废", "已作廢", "voided"}},
  };
  // clang-format on
  auto bar = internal.find('|');
  if (bar == std::string::npos) return {};
  auto a = kWords.find(internal.substr(0, bar)), st = kWords.find(internal.substr(bar + 1));
  if (a == kWords.end() || st == kWords.end()) return {};
  switch (lang) {
    case Lang::kZhHans: return std::string("隐患状态为「") + st->second.hans + "」，不能「" + a->second.hans + "」";
    case Lang::kZhHant: return std::string("隱患狀態為「") + st->second.hant + "」，不能「" + a->second.hant + "」";
    case Lang::kEn: return std::string("cannot ") + a->second.en + " a hazard in state " + st->second.en;
  }
  return {};
}

}  // namespace

Lang LangOf(const std::string& accept_language) {
  std::string a = ToLowerAscii(accept_language);
  // The first listed language decides (browsers list the preferred one first).
  auto first = a.substr(0, a.find(','));
  if (first.rfind("en", 0) == 0) return Lang::kEn;
  if (first.find("zh-tw") != std::string::npos || first.find("zh-hk") != std::string::npos ||
      first.find("zh-hant") != std::string::npos || first.find("zh-mo") != std::string::npos)
    return Lang::kZhHant;
  return Lang::kZhHans;
}

const char* LangTag(Lang l) {
  switch (l) {
    case Lang::kZhHans: return "zh-CN";
    case Lang::kZhHant: return "zh-TW";
    case Lang::kEn: return "en";
  }
  return "zh-CN";
}

int StatusFor(ErrorCode c) {
  switch (c) {
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kVersionMismatch: return 412;
    case ErrorCode::kVersionRequired: return 428;
    case ErrorCode::kTooManyRequests: return 429;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kCorrupt: return 500;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string Localise(const std::string& slug, Lang lang, const std::string& fallback) {
  auto it = Table().find(slug);
  if (it == Table().end()) return fallback;
  switch (lang) {
    case Lang::kZhHans: return it->second.hans;
    case Lang::kZhHant: return it->second.hant;
    case Lang::kEn: return it->second.en;
  }
  return fallback;
}

Response ErrorResponse(const Error& e, Lang lang) {
  Response r;
  r.status = StatusFor(e.code);
  if (e.slug == "method_not_allowed") r.status = 405;  // a protocol detail ErrorCode does not model
  std::string slug = e.slug.empty() ? ErrorCodeName(e.code) : e.slug;
  std::string fallback = e.public_message;
  if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kCorrupt) {
    slug = ErrorCodeName(e.code);
    fallback = Localise(slug, Lang::kEn, "internal error");
  }
  // A specific English message (written at the call site) beats a generic translation when the
  // caller asked for English.
  std::string msg = lang == Lang::kEn && !fallback.empty() ? fallback : Localise(slug, lang, fallback);
  if (slug == "illegal_transition")
    if (auto t = TransitionMessage(e.internal, lang); !t.empty()) msg = t;
  // Name the photo in every language: the client may have sent many.
  if (slug == "unknown_evidence" && e.internal.size() == 64)
    msg = Localise(slug, lang, fallback) + (lang == Lang::kEn ? ": " : "：") + e.internal;
  Json body{{"code", slug}, {"message", msg}};
  if (!e.field.empty()) body["field"] = e.field;
  if (e.code == ErrorCode::kTooManyRequests && !e.internal.empty()) {
    body["retry_after_seconds"] = std::stoll(e.internal);
    r.Set("Retry-After", e.internal);
  }
  r.body = body.dump();
  r.Set("Content-Type", "application/json; charset=utf-8");
  return r;
}

}  // namespace anxiao::http
