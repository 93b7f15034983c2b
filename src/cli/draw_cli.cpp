#include "cli/draw_cli.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "base/canonical_json.hpp"
#include "base/sha256.hpp"
#include "cli/cli.hpp"
#include "domain/draw.hpp"

namespace anxiao::cli {
namespace {

int Invalid(const std::string& what) {
  std::cerr << "error: " << what << "\n";
  return kExitInvalid;
}

int Differs(const std::string& what) {
  std::cout << "different: " << what << "\n";
  return kExitVerifyFailed;
}

// Problems without their English message, which docs/draw_algorithm.md §7 declares informative.
Json ProblemKeys(Json problems) {
  if (problems.is_array())
    for (auto& p : problems)
      if (p.is_object()) p.erase("message");
  return problems;
}

int VerifyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Invalid("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = ParseJson(ss.str());
  if (!j) return Invalid(path + ": " + j.error().public_message);
  const Json& v = *j;
  if (!v.is_object() || v.value("format", "") != domain::kDrawFormat)
    return Invalid(path + ": not a draw export (format must be \"" + std::string(domain::kDrawFormat) + "\")");
  for (const char* k : {"definition", "registers", "seed", "public_value", "commitment", "result", "problems"})
    if (!v.contains(k)) return Invalid(path + ": the export lacks \"" + k + "\"");
  if (!v["seed"].is_string() || !v["public_value"].is_string() || !v["commitment"].is_string())
    return Invalid(path + ": seed, public_value and commitment must be strings");
  auto def = domain::ParseDefinition(v["definition"]);
  if (!def) return Invalid(path + ": definition: " + def.error().public_message);
  auto regs = domain::ParseRegisters(v["registers"]);
  if (!regs) return Invalid(path + ": registers: " + regs.error().public_message);
  auto p = domain::PrepareDraw(*def, *regs);
  if (!p) return Invalid(path + ": " + p.error().public_message);
  std::string seed;
  if (!FromHex(v["seed"].get<std::string>(), &seed) || seed.size() != domain::kDrawSeedBytes)
    return Invalid(path + ": seed must be 64 hex digits");

  // Inputs first: a definition or register that is not what was committed to is the most
  // important difference to report.
  if (auto d = domain::FirstDifference(v["definition"], domain::DefinitionJson(p->definition)))
    return Differs("definition is not in normal form: /definition" + *d);
  if (v.contains("schools_sha256") && v["schools_sha256"] != p->schools_sha256)
    return Differs("schools_sha256: expected " + v["schools_sha256"].dump() + ", the registers give " + p->schools_sha256);
  if (v.contains("inspectors_sha256") && v["inspectors_sha256"] != p->inspectors_sha256)
    return Differs("inspectors_sha256: expected " + v["inspectors_sha256"].dump() + ", the registers give " +
                   p->inspectors_sha256);
  const std::string commitment = domain::Commitment(*p, seed);
  if (v["commitment"] != commitment)
    return Differs("commitment: expected " + v["commitment"].get<std::string>() + ", SHA-256(seed ‖ definition) is " +
                   commitment + " (the seed, the definition or the registers are not those committed to)");
  auto res = domain::ExecuteDraw(*p, seed, v["public_value"].get<std::string>());
  if (!res) return Invalid(path + ": " + res.error().public_message);
  Json result = res->ok() ? domain::ResultJson(*res) : Json(nullptr);
  if (auto d = domain::FirstDifference(v["result"], result)) return Differs("/result" + *d);
  if (auto d = domain::FirstDifference(ProblemKeys(v["problems"]), ProblemKeys(domain::ProblemsJson(res->problems))))
    return Differs("/problems" + *d);
  std::cout << "identical\n"
            << "  commitment " << commitment << "\n"
            << "  " << p->registers.schools.size() << " schools, " << p->registers.inspectors.size() << " inspectors, "
            << (res->ok() ? std::to_string(res->teams.size()) + " teams" : std::to_string(res->problems.size()) + " problems (infeasible)")
            << "\n";
  return kExitOk;
}

}  // namespace

void AddDrawCommands(CLI::App& cli, DrawCommands* d) {
  auto* draw = cli.add_subcommand("draw", "verifiable random draws (双随机一公开)");
  draw->require_subcommand(1);
  d->verify = draw->add_subcommand("verify", "re-run a draw from its export FILE and report identical or the first difference");
  d->verify->add_option("target", d->target, "draw export (JSON, docs/draw_algorithm.md §8)")->required();
  d->verify->footer("Exit 0: identical. Exit 3: the re-run differs; the first difference is printed. Exit 4: unreadable input.");
}

int RunDrawCommands(const DrawCommands& d) {
  if (d.verify && *d.verify) return VerifyFile(d.target);
  return -1;
}

}  // namespace anxiao::cli
