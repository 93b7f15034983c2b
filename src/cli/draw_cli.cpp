#include "cli/draw_cli.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/draws.hpp"
#include "base/canonical_json.hpp"
#include "domain/draw_record.hpp"

namespace anxiao::cli {
namespace {

int Invalid(const std::string& what) {
  std::cerr << "error: " << what << "\n";
  return kExitInvalid;
}

// Prints the outcome of re-running an export: "identical" (exit 0) or the first difference (3).
int Outcome(const std::string& source, const Json& exported) {
  auto c = domain::CheckDrawExport(exported);
  if (!c) return Invalid(source + ": " + c.error().public_message);
  if (!c->identical) {
    std::cout << "different: " << c->difference << "\n";
    return kExitVerifyFailed;
  }
  std::cout << "identical\n"
            << "  commitment " << c->commitment << "\n"
            << "  " << c->schools << " schools, " << c->inspectors << " inspectors, "
            << (c->problems == 0 ? std::to_string(c->teams) + " teams"
                                 : std::to_string(c->problems) + " problems (infeasible)")
            << "\n";
  return kExitOk;
}

int VerifyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Invalid("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = ParseJson(ss.str());
  if (!j) return Invalid(path + ": " + j.error().public_message);
  return Outcome(path, *j);
}

// Re-runs draw `id` from the journal of a store: the inputs come from the journal entries
// (draw.committed, draw.executed, draw_register.published), not from the projections.
int VerifyStored(const DrawCommands& d, const StoreOpener& opener, domain::Clock& clock) {
  if (!d.store.data_dir.empty() && !d.store.db_url.empty()) return Invalid("give either --data or --db, not both");
  auto store = OpenExisting(opener, d.store, clock);
  if (!store) {
    std::cerr << "error: " << store.error().public_message << "\n";
    return ExitCodeFor(store.error().code);
  }
  std::optional<Json> exported;
  auto st = (*store)->Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(exported, app::ExportDrawFromJournal(v, d.target));
    return {};
  });
  if (!st) {
    std::cerr << "error: " << (st.error().public_message.empty() ? st.error().internal : st.error().public_message)
              << "\n";
    return ExitCodeFor(st.error().code);
  }
  std::cout << "draw " << d.target << " (" << exported->value("name", "") << "), committed "
            << exported->value("committed_at", "") << ", executed " << exported->value("executed_at", "") << "\n";
  return Outcome("draw " + d.target, *exported);
}

}  // namespace

void AddDrawCommands(CLI::App& cli, DrawCommands* d) {
  auto* draw = cli.add_subcommand("draw", "verifiable random draws (双随机一公开)");
  draw->require_subcommand(1);
  d->verify = draw->add_subcommand(
      "verify",
      "re-run a draw from its export FILE, or a journaled DRAW-ID from a store, and report identical or the "
      "first difference");
  d->verify->add_option("target", d->target, "draw export (JSON, docs/draw_algorithm.md §8) or draw id")->required();
  d->verify->add_option("--data", d->store.data_dir, "with a DRAW-ID: data directory of the SQLite store")
      ->envname("ANXIAO_DATA");
  d->verify->add_option("--db", d->store.db_url, "with a DRAW-ID: PostgreSQL URL instead of --data")
      ->envname("ANXIAO_DB");
  d->verify->add_option("--evidence", d->store.evidence_dir, "evidence directory (accepted for symmetry; not read)")
      ->envname("ANXIAO_EVIDENCE");
  d->verify->footer(
      "A TARGET that names an existing file is read as an export; otherwise it is a draw id and --data or --db names "
      "the store whose journal holds it.\nExit 0: identical. Exit 3: the re-run differs; the first difference is "
      "printed. Exit 4: unreadable input or no such draw. Exit 5: store unavailable.");
}

int RunDrawCommands(const DrawCommands& d, const StoreOpener& opener, domain::Clock& clock) {
  if (!d.verify || !*d.verify) return -1;
  std::error_code ec;
  if (std::filesystem::is_regular_file(d.target, ec)) return VerifyFile(d.target);
  if (d.store.data_dir.empty() && d.store.db_url.empty())
    return Invalid("no such file: " + d.target + " (to verify a draw by id, give --data DIR or --db URL)");
  return VerifyStored(d, opener, clock);
}

}  // namespace anxiao::cli
