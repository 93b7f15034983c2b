#include "report/ledger.hpp"

namespace anxiao::report {

std::string CsvField(std::string_view s) {
  std::string v;
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) v += '\'';
  v.append(s);
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char ch : v) {
    if (ch == '"') q += '"';
    q += ch;
  }
  q += '"';
  return q;
}

std::string LedgerCsv(const std::vector<LedgerRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const auto& cells) {
    bool first = true;
    for (const auto& cell : cells) {
      if (!first) out += ',';
      first = false;
      out += CsvField(cell);
    }
    out += "\r\n";
  };
  line(LedgerHeader());
  for (const auto& r : rows) line(r.cells);
  return out;
}

}  // namespace anxiao::report
