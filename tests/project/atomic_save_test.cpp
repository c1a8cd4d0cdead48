// Saving is atomic: a process killed (SIGKILL) in the middle of save_scene leaves the previous
// file intact and readable, never a half-written one.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "scene/SceneFile.h"

namespace fs = std::filesystem;

namespace {

sl::Scene big_scene(const std::string& tag, size_t points) {
  sl::Scene s;
  s.source = tag;
  s.cloud.xyz.resize(points, Eigen::Vector3f(1, 2, 3));
  s.cloud.rgb.resize(points, {1, 2, 3});
  s.cloud.confidence.resize(points, 0.5f);
  return s;
}

TEST(AtomicSave, KillDuringSaveLeavesPreviousFileIntact) {
  const fs::path dir = fs::temp_directory_path() / ("scenelens_atomic_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "project.scenelens").string();
  sl::save_scene(big_scene("first", 100), path);
  int kills_mid_write = 0;
  for (int round = 0; round < 5; ++round) {
    // Leftover temporary files of the previous (killed) round are not the new write.
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().filename() != "project.scenelens") fs::remove(e.path());
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // Large enough that a write takes a while; loop so there is always one under way.
      const sl::Scene s = big_scene("second", 3000000);
      for (;;) sl::save_scene(s, path);
    }
    // Kill as soon as the child's temporary file exists, i.e. in the middle of a write
    // (after a round or two the target may already hold "second": then a later write is cut).
    bool tmp_present = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!tmp_present && std::chrono::steady_clock::now() < deadline) {
      for (const auto& e : fs::directory_iterator(dir))
        tmp_present |= e.path().filename() != "project.scenelens";
      if (!tmp_present) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * round));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    kills_mid_write += tmp_present;
    const sl::Scene back = sl::load_scene(path);  // must not throw
    EXPECT_TRUE(back.source == "first" || back.source == "second") << back.source;
    if (back.source == "second") {
      EXPECT_EQ(back.cloud.size(), 3000000u);
    } else {
      EXPECT_EQ(back.cloud.size(), 100u);
    }
  }
  EXPECT_GT(kills_mid_write, 0) << "no kill landed during a write; the test proved nothing";
  fs::remove_all(dir);
}

}  // namespace
