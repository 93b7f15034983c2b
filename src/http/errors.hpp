#pragma once
// The one mapping from ErrorCode to HTTP status, and error bodies in the caller's language.

#include <string>

#include "base/error.hpp"
#include "http/request.hpp"

namespace anxiao::http {

enum class Lang { kZhHans, kZhHant, kEn };

// From an Accept-Language header: zh-TW/zh-HK/zh-Hant → traditional, en* → English, else simplified.
Lang LangOf(const std::string& accept_language);
const char* LangTag(Lang l);

int StatusFor(ErrorCode c);
// `{"code": slug, "message": localised, "field"?: …}` with the right status; kInternal and
// kUnavailable never expose their internal text.
Response ErrorResponse(const Error& e, Lang lang);
// The localised text for a slug, or `fallback` (the English public message) if there is none.
std::string Localise(const std::string& slug, Lang lang, const std::string& fallback);

}  // namespace anxiao::http
