#pragma once
// Pinyin of Chinese names for search: full pinyin without tones or spaces ("dongexian") and the
// initials ("dex"). ICU's Han-Latin transliterator gives each character its most common reading;
// polyphonic characters in place names read differently (东阿 is Dōng'ē, not Dōng'ā; 莘县 is
// Shēn, not Xīn), so an override table of words is applied first. Thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace anxiao {

struct Pinyin {
  std::string full;      // "dongexianshiyanxiaoxue"
  std::string initials;  // "dexsyxx"
};

// Syllables of `text`, one per character; ASCII letters and digits are kept (lower-cased) as a run,
// other characters are dropped.
std::vector<std::string> PinyinSyllables(std::string_view text);
Pinyin ToPinyin(std::string_view text);

}  // namespace anxiao
