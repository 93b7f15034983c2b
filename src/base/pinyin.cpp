#include "base/pinyin.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace anxiao {
namespace {

// Words whose reading differs from the characters' most common readings. Keyed by UTF-8 text;
// values are space-separated syllables, one per character.
struct Override {
  std::string_view word;
  std::string_view syllables;
};
constexpr std::array kOverrides = {
    Override{"东阿", "dong e"},     Override{"莘县", "shen xian"},  Override{"莘庄", "xin zhuang"},
    Override{"冠县", "guan xian"},  Override{"茌平", "chi ping"},   Override{"单县", "shan xian"},
    Override{"乐陵", "le ling"},    Override{"曲阜", "qu fu"},      Override{"郓城", "yun cheng"},
    Override{"重庆", "chong qing"}, Override{"长清", "chang qing"}, Override{"六安", "lu an"},
    Override{"蚌埠", "beng bu"},    Override{"厦门", "xia men"},    Override{"朝阳", "chao yang"},
    Override{"长春", "chang chun"}, Override{"长沙", "chang sha"},  Override{"校长", "xiao zhang"},
    Override{"乐平", "le ping"},    Override{"大都", "da du"},      Override{"都昌", "du chang"},
};

icu::Transliterator* NewTransliterator() {
  UErrorCode status = U_ZERO_ERROR;
  auto* t = icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status);
  if (U_FAILURE(status) || t == nullptr) throw std::runtime_error("ICU: Han-Latin transliterator unavailable");
  return t;
}

// Transliterator instances are not safe for concurrent use; creating one costs milliseconds, so
// each thread keeps its own.
icu::Transliterator& ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t(NewTransliterator());
  return *t;
}

std::string SyllableOf(UChar32 c) {
  thread_local std::unordered_map<UChar32, std::string> cache;
  auto it = cache.find(c);
  if (it != cache.end()) return it->second;
  icu::UnicodeString u(c);
  ThreadTransliterator().transliterate(u);
  std::string out;
  u.toUTF8String(out);
  std::string clean;
  for (char ch : out)
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) clean.push_back(ch);
  cache.emplace(c, clean);
  return clean;
}

}  // namespace

std::vector<std::string> PinyinSyllables(std::string_view text) {
  std::vector<std::string> out;
  std::string ascii_run;
  auto flush = [&] {
    if (!ascii_run.empty()) out.push_back(std::move(ascii_run)), ascii_run.clear();
  };
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  while (static_cast<std::int32_t>(i) < n) {
    bool matched = false;
    for (const auto& o : kOverrides) {
      if (text.substr(i, o.word.size()) == o.word) {
        flush();
        std::string_view syl = o.syllables;
        std::size_t start = 0;
        while (start <= syl.size()) {
          std::size_t sp = syl.find(' ', start);
          if (sp == std::string_view::npos) sp = syl.size();
          out.emplace_back(syl.substr(start, sp - start));
          start = sp + 1;
        }
        i += o.word.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    std::int32_t pos = static_cast<std::int32_t>(i);
    UChar32 c;
    U8_NEXT(s, pos, n, c);
    i = static_cast<std::size_t>(pos);
    if (c < 0) continue;  // invalid UTF-8: skip the byte
    if (c < 128) {
      char ch = static_cast<char>(c);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
        ascii_run.push_back(ch);
      else
        flush();
      continue;
    }
    flush();
    std::string syl = SyllableOf(c);
    if (!syl.empty()) out.push_back(std::move(syl));
  }
  flush();
  return out;
}

Pinyin ToPinyin(std::string_view text) {
  Pinyin p;
  for (const auto& syl : PinyinSyllables(text)) {
    p.full += syl;
    if (!syl.empty()) p.initials.push_back(syl[0]);
  }
  return p;
}

}  // namespace anxiao
