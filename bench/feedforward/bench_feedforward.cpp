// bench/feedforward: the same TorchScript model run by our C++ path (TorchModel::predict:
// tensor packing, forward, output checks and decoding) and by Python PyTorch, in one run.
// Prints a table of median seconds per forward pass and the ratio (goal <= 1.05 after warm-up).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "inference/feedforward/TorchModel.h"

namespace fs = std::filesystem;

static std::string run_capture(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  return out;
}

int main(int argc, char** argv) {
  const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
  const fs::path script = fs::path(SCENELENS_SOURCE_DIR) / "bench/feedforward/bench_model.py";
  const fs::path dir = fs::temp_directory_path() / "scenelens_bench_ff";
  fs::create_directories(dir);
  const int height = 168, width = 224, repeats = argc > 1 ? std::atoi(argv[1]) : 5;
  std::printf(
      "bench/feedforward: stand-in geometry transformer (4+4 blocks, dim 192), %dx%d, "
      "CPU, %d threads, median of %d after 2 warm-up passes\n\n",
      width, height, threads, repeats);
  std::printf("| frames | C++ (s) | Python (s) | ratio C++/Python |\n|---:|---:|---:|---:|\n");
  for (int frames : {4, 16, 32}) {
    const std::string model = (dir / ("net" + std::to_string(frames) + ".pt")).string();
    const std::string args = " " + model + " " + std::to_string(frames) + " " +
                             std::to_string(height) + " " + std::to_string(width);
    if (std::system(("/usr/bin/python3 " + script.string() + " make" + args).c_str()) != 0) {
      std::cerr << "could not make the model with /usr/bin/python3 (python3-torch missing?)\n";
      return 1;
    }
    sl::ff::TorchModel net(model);
    std::vector<cv::Mat> input(size_t(frames),
                               cv::Mat(height, width, CV_32FC3, cv::Scalar(0.5, 0.4, 0.3)));
    std::vector<double> times;
    for (int i = 0; i < repeats + 2; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      net.predict(input);
      if (i >= 2)
        times.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    const double ours = times[times.size() / 2];
    const double py =
        std::atof(run_capture("/usr/bin/python3 " + script.string() + " time" + args + " " +
                              std::to_string(repeats) + " " + std::to_string(threads))
                      .c_str());
    std::printf("| %d | %.3f | %.3f | %.3f |\n", frames, ours, py, py > 0 ? ours / py : 0.0);
  }
  return 0;
}
