#pragma once
// `anxiao draw …`: verification of random draws (docs/draw_algorithm.md). `draw verify FILE`
// re-runs a draw from an exported, self-contained JSON file and needs no store; `draw verify
// DRAW-ID --data DIR | --db URL` re-runs a journaled draw from the journal entries of that store.

#include <CLI/CLI.hpp>
#include <string>

#include "cli/cli.hpp"

namespace anxiao::cli {

struct DrawCommands {
  CLI::App* verify = nullptr;
  std::string target;  // an export file or a draw id
  StoreConfig store;   // for a draw id
};

// Adds the `draw` subcommand tree to `cli`; `d` receives the parsed arguments.
void AddDrawCommands(CLI::App& cli, DrawCommands* d);

// Runs the selected draw command and returns its exit code, or -1 if none was selected.
// Exit 0: identical; 3: the re-run differs (the first difference is printed); 4: unreadable input
// or no such draw; 5: store unavailable.
int RunDrawCommands(const DrawCommands& d, const StoreOpener& opener, domain::Clock& clock);

}  // namespace anxiao::cli
