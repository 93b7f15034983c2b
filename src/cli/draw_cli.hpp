#pragma once
// `anxiao draw …`: verification of random draws (docs/draw_algorithm.md). `draw verify FILE`
// re-runs a draw from an exported, self-contained JSON file and needs no store.

#include <string>

#include <CLI/CLI.hpp>

namespace anxiao::cli {

struct DrawCommands {
  CLI::App* verify = nullptr;
  std::string target;  // an export file
};

// Adds the `draw` subcommand tree to `cli`; `d` receives the parsed arguments.
void AddDrawCommands(CLI::App& cli, DrawCommands* d);

// Runs the selected draw command and returns its exit code, or -1 if none was selected.
// Exit 0: identical; 3: the re-run differs (the first difference is printed); 4: unreadable input.
int RunDrawCommands(const DrawCommands& d);

}  // namespace anxiao::cli
