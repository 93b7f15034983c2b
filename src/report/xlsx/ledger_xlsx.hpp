#pragma once
// The ledger as an .xlsx workbook (libxlsxwriter): one sheet named after the ledger, a bold filled
// header row that stays frozen, column widths for Chinese text, and the 风险等级 cell filled with
// the risk colour (重大 red, 较大 orange, 一般 yellow, 低 blue).

#include <string>
#include <vector>

#include "base/error.hpp"
#include "report/ledger.hpp"

namespace anxiao::report {

// The bytes of the workbook. libxlsxwriter writes files, so this writes a private temporary file
// under the system temp directory, reads it back and deletes it. kInternal on failure.
Result<std::string> LedgerXlsx(LedgerKind k, const std::vector<LedgerRow>& rows);

}  // namespace anxiao::report
