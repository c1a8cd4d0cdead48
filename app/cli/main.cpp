#include <spdlog/spdlog.h>

#include <iostream>

#include "app/Version.h"
#include "app/cli/Command.h"
#include "scene/Scene.h"

namespace sl::cli {
std::vector<CommandInfo>& commands() {
  static std::vector<CommandInfo> all;
  return all;
}
}  // namespace sl::cli

int main(int argc, char** argv) {
  CLI::App app{"scenelens-cli: SceneLens without a window (every GUI action has a twin here)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("scenelens-cli ") + sl::kVersion);
  std::vector<std::pair<CLI::App*, sl::cli::Action>> actions;
  for (auto& c : sl::cli::commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.description);
    actions.emplace_back(sub, c.setup(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (auto& [sub, action] : actions) {
    if (!sub->parsed()) continue;
    try {
      return action();
    } catch (const sl::IoError& e) {
      std::cerr << "error: " << e.what() << "\n";
      return sl::cli::kExitBadInput;
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return sl::cli::kExitFailure;
    }
  }
  return sl::cli::kExitFailure;
}
