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
  for (int round = 0; round < 6; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // Large enough that a save takes a while; loop so the kill lands mid-write.
      const sl::Scene s = big_scene("second", 3000000);
      for (;;) sl::save_scene(s, path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(60 + 90 * round));
    // A temporary file present at kill time means the kill interrupted a write.
    bool tmp_present = false;
    for (const auto& e : fs::directory_iterator(dir))
      tmp_present |= e.path().filename().string() != "project.scenelens";
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
