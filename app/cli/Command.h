// Subcommands of scenelens-cli register themselves: one file per subcommand (app/cli/Cmd*.cpp)
// defines a static CommandRegistrar. The setup function adds options to its CLI11 subcommand
// and returns the action that runs when it is chosen (its return value is the exit code).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace sl::cli {

using Action = std::function<int()>;
using Setup = std::function<Action(CLI::App& sub)>;

struct CommandInfo {
  std::string name;
  std::string description;
  Setup setup;
};

std::vector<CommandInfo>& commands();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string description, Setup setup) {
    commands().push_back({std::move(name), std::move(description), std::move(setup)});
  }
};

// Exit codes shared by all subcommands.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // the job ran and failed (message printed)
constexpr int kExitBadInput = 2;  // unreadable / invalid input (message names it)
constexpr int kExitMismatch = 3;  // render --reference: image differs beyond threshold

}  // namespace sl::cli
