// scenelens-cli ask <scene> "question" [--json] [--questions FILE] [--select NAME,NAME]
//                  [--vlm URL [--vlm-model NAME]]
// Answers spatial questions from the scene's geometry with the built-in reasoner. With
// --questions, the scene is loaded once and the dialogue state carries across lines
// (one answer, or one JSON object with --json, per line). With --vlm, questions the built-in
// reasoner does not understand go to a local OpenAI-compatible VLM server, which may call the
// geometric tools.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/Command.h"
#include "inference/io/ImageLoader.h"
#include "inference/spatial/SpatialReasoner.h"
#include "inference/spatial/VlmConnector.h"
#include "scene/SceneFile.h"

namespace {

struct AskArgs {
  std::string scene, question, questions_file, select, vlm_url, vlm_model = "default";
  bool json = false;
};

sl::cli::CommandRegistrar reg(
    "ask", "Answer a spatial question about a scene from its geometry",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<AskArgs>();
      sub.add_option("scene", a->scene, "scene file (.scenelens), PLY, PCD or COLMAP folder")
          ->required();
      sub.add_option("question", a->question,
                     "the question, e.g. \"how far is the chair from the table?\"");
      sub.add_option("--questions", a->questions_file,
                     "file with one question per line (dialogue kept)");
      sub.add_option("--select", a->select,
                     "names of selected objects, comma-separated (\"this\", \"these\")");
      sub.add_flag("--json", a->json, "print each answer as one JSON object per line");
      sub.add_option("--vlm", a->vlm_url,
                     "base URL of a local OpenAI-compatible VLM server (e.g. "
                     "http://127.0.0.1:8000/v1) for questions the built-in reasoner does not "
                     "understand; off by default");
      sub.add_option("--vlm-model", a->vlm_model, "model name sent to the VLM server");
      return [a]() {
        if (a->question.empty() && a->questions_file.empty()) {
          std::cerr << "ask: give a question or --questions FILE\n";
          return sl::cli::kExitBadInput;
        }
        sl::Scene scene;
        try {
          scene = sl::load_any(a->scene);
        } catch (const std::exception& e) {
          std::cerr << "ask: " << e.what() << "\n";
          return sl::cli::kExitBadInput;
        }
        sl::spatial::Context ctx;
        std::stringstream ss(a->select);
        for (std::string name; std::getline(ss, name, ',');)
          if (!name.empty()) ctx.selected.push_back(name);
        for (const auto& name : ctx.selected)
          if (!scene.find_object(name)) {
            std::cerr << "ask: --select: no object named \"" << name << "\" in " << a->scene
                      << "\n";
            return sl::cli::kExitBadInput;
          }
        std::vector<std::string> questions;
        if (!a->question.empty()) questions.push_back(a->question);
        if (!a->questions_file.empty()) {
          std::ifstream in(a->questions_file);
          if (!in) {
            std::cerr << "ask: cannot read questions file " << a->questions_file << "\n";
            return sl::cli::kExitBadInput;
          }
          for (std::string line; std::getline(in, line);)
            if (line.find_first_not_of(" \t\r") != std::string::npos) questions.push_back(line);
        }
        sl::spatial::SpatialReasoner reasoner(scene);
        std::unique_ptr<sl::spatial::VlmConnector> vlm;
        if (!a->vlm_url.empty()) {
          sl::spatial::VlmConfig cfg;
          cfg.url = a->vlm_url;
          cfg.model = a->vlm_model;
          const std::string dir = std::filesystem::path(a->scene).parent_path().string();
          vlm = std::make_unique<sl::spatial::VlmConnector>(scene, cfg, [&scene, dir](int v) {
            return sl::io::load_view_photo(scene.views[size_t(v)], dir);
          });
        }
        for (const auto& q : questions) {
          sl::spatial::Answer ans = reasoner.ask(q, ctx);
          if (vlm && ans.kind == sl::spatial::Answer::Kind::Unknown) {
            const sl::spatial::VlmResult r = vlm->ask(q, ctx);
            if (r.error.empty())
              ans = r.answer;
            else
              std::cerr << "ask: " << r.error << "\n";
          }
          if (a->json) {
            nlohmann::json j = sl::spatial::answer_to_json(ans);
            j["question"] = q;
            std::cout << j.dump() << "\n";
          } else {
            std::cout << ans.text << "\n";
          }
        }
        return sl::cli::kExitOk;
      };
    });

}  // namespace
