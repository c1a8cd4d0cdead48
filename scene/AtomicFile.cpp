#include "scene/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scene/Scene.h"

namespace sl {

void write_file_atomic(const std::string& path, std::string_view bytes,
                       const std::function<void(double)>& progress) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir))
    throw IoError(path + ": the folder " + dir.string() +
                  " does not exist; create it or choose another");
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    throw IoError(path + ": cannot write here (" + std::strerror(errno) +
                  "); choose a writable folder");
  size_t done = 0;
  constexpr size_t kChunk = size_t(8) << 20;  // progress granularity
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, std::min(kChunk, bytes.size() - done));
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      throw IoError(path + ": writing failed (" + why + "); the previous file is unchanged");
    }
    done += size_t(n);
    if (!progress) continue;
    try {
      progress(double(done) / double(bytes.size()));
    } catch (...) {  // e.g. a cancelled job: the temporary file goes, the target is untouched
      ::close(fd);
      ::unlink(tmpl.c_str());
      throw;
    }
  }
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    throw IoError(path + ": could not flush to disk (" + why + "); the previous file is unchanged");
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    throw IoError(path + ": could not replace the file (" + why + ")");
  }
}

std::string read_file(const std::string& path) {
  if (std::filesystem::is_directory(path)) throw IoError(path + ": is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot be opened (missing or not readable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sl
