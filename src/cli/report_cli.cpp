#include "cli/report_cli.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/level_reports.hpp"
#include "base/canonical_json.hpp"

namespace anxiao::cli {
namespace {

int Invalid(const std::string& what) {
  std::cerr << "error: " << what << "\n";
  return kExitInvalid;
}

const char* Mark(bool ok) { return ok ? "ok" : "FAILED"; }

int Outcome(const std::string& source, const app::ReportVerification& v) {
  const auto& c = v.check;
  std::cout << source << ": report " << c.report_id << " of org " << c.org_id << "\n"
            << "  hash        " << Mark(c.hash_ok) << "  " << c.computed_sha256 << "\n"
            << "  signature   " << Mark(c.signature_ok) << "  ed25519 " << c.public_key << "\n";
  if (v.with_store) {
    std::cout << "  public key  " << Mark(v.key_ok) << "  (the org's journaled key)\n"
              << "  checkpoint  " << Mark(v.checkpoint_ok) << "  entry " << c.checkpoint_seq << " " << c.checkpoint_hash
              << "\n"
              << "  journal     " << Mark(v.journal_ok) << "  (the report as journaled)\n";
  } else {
    std::cout << "  (give --data or --db to check the key and the checkpoint against a journal)\n";
  }
  if (!v.ok()) {
    std::cout << "FAILED: " << v.problem << "\n";
    return kExitVerifyFailed;
  }
  std::cout << "verified\n";
  return kExitOk;
}

}  // namespace

void AddReportCommands(CLI::App& cli, ReportCommands* r) {
  auto* report = cli.add_subcommand("report", "level reports (逐级上报)");
  report->require_subcommand(1);
  r->verify = report->add_subcommand(
      "verify", "check a level report's hash, signature and journal checkpoint, from its export FILE or by REPORT-ID");
  r->verify->add_option("target", r->target, "report export (JSON, docs/level-reports.md §4) or report id")->required();
  r->verify->add_option("--data", r->store.data_dir, "data directory of the SQLite store")->envname("ANXIAO_DATA");
  r->verify->add_option("--db", r->store.db_url, "PostgreSQL URL instead of --data")->envname("ANXIAO_DB");
  r->verify->add_option("--evidence", r->store.evidence_dir, "evidence directory (accepted for symmetry; not read)")
      ->envname("ANXIAO_EVIDENCE");
  r->verify->footer(
      "A TARGET that names an existing file is read as an export; otherwise it is a report id and --data or --db "
      "names the store that holds it. With a store, the public key and the checkpoint are checked against its "
      "journal too.\nExit 0: verified. Exit 3: a check failed (hash, signature, public key, checkpoint or journal "
      "mismatch; the first is printed). Exit 4: unreadable input or no such report. Exit 5: store unavailable.");
}

int RunReportCommands(const ReportCommands& r, const StoreOpener& opener, domain::Clock& clock) {
  if (!r.verify || !*r.verify) return -1;
  if (!r.store.data_dir.empty() && !r.store.db_url.empty()) return Invalid("give either --data or --db, not both");
  const bool with_store = !r.store.data_dir.empty() || !r.store.db_url.empty();
  std::error_code ec;
  std::optional<Json> exported;
  std::string source = r.target;
  if (std::filesystem::is_regular_file(r.target, ec)) {
    std::ifstream in(r.target, std::ios::binary);
    if (!in) return Invalid("cannot read " + r.target);
    std::stringstream ss;
    ss << in.rdbuf();
    auto j = ParseJson(ss.str());
    if (!j) return Invalid(r.target + ": " + j.error().public_message);
    exported = std::move(*j);
  } else if (!with_store) {
    return Invalid("no such file: " + r.target + " (to verify a report by id, give --data DIR or --db URL)");
  }
  if (!with_store) {
    auto v = app::VerifyLevelReport(nullptr, *exported);
    if (!v) return Invalid(source + ": " + v.error().public_message);
    return Outcome(source, *v);
  }
  auto store = OpenExisting(opener, r.store, clock);
  if (!store) {
    std::cerr << "error: " << store.error().public_message << "\n";
    return ExitCodeFor(store.error().code);
  }
  std::optional<app::ReportVerification> result;
  auto st = (*store)->Read([&](domain::ReadView& v) -> Status {
    if (!exported) {
      TRY_ASSIGN(exported, app::ExportLevelReport(v, r.target));
      source = "report " + r.target;
    }
    TRY_ASSIGN(result, app::VerifyLevelReport(&v, *exported));
    return {};
  });
  if (!st && st.error().code == ErrorCode::kNotFound) {
    // The API's "not found" says nothing on purpose; the operator at the store may see which.
    std::cerr << "error: " << r.target << " is neither a file nor a report in this store\n";
    return ExitCodeFor(st.error().code);
  }
  if (!st) {
    std::cerr << "error: " << (st.error().public_message.empty() ? st.error().internal : st.error().public_message)
              << "\n";
    return ExitCodeFor(st.error().code);
  }
  return Outcome(source, *result);
}

}  // namespace anxiao::cli
