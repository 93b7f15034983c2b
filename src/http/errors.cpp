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
      {"internal", {"服务器内部错误", "伺服器內部錯誤", "Internal server error"}},
      {"unavailable", {"服务暂时不可用，请稍后再试", "服務暫時無法使用，請稍後再試", "Service temporarily unavailable; try again later"}},
      {"corrupt", {"数据完整性校验失败", "資料完整性校驗失敗", "Data integrity check failed"}},
  };
  return t;
}

// "隐患状态为「待复查」，不能「提交复查」" from the "<action>|<state>" that domain::Transition puts
// into Error::internal; empty if it is not of that form.
std::string TransitionMessage(const std::string& internal, Lang lang) {
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
