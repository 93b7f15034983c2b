#pragma once
// `anxiao report …`: verification of level reports (docs/level-reports.md §5). `report verify FILE`
// checks an export's hash and signature without a store; with --data DIR | --db URL it also checks
// the public key against the org's journaled key and the checkpoint against the journal.
// `report verify REPORT-ID --data DIR | --db URL` exports the report from that store and checks all.

#include <CLI/CLI.hpp>
#include <string>

#include "cli/cli.hpp"

namespace anxiao::cli {

struct ReportCommands {
  CLI::App* verify = nullptr;
  std::string target;  // an export file or a report id
  StoreConfig store;
};

void AddReportCommands(CLI::App& cli, ReportCommands* r);

// Runs the selected report command and returns its exit code, or -1 if none was selected.
// Exit 0: every check holds; 3: a check fails (the first failure is printed: hash, signature,
// public key, checkpoint or journal mismatch); 4: unreadable input or no such report; 5: store
// unavailable.
int RunReportCommands(const ReportCommands& r, const StoreOpener& opener, domain::Clock& clock);

}  // namespace anxiao::cli
