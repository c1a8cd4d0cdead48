// Writes a whole file atomically: the bytes go to a temporary file in the same folder, are
// flushed to disk (fsync), then renamed over the destination. A crash or a full disk never
// leaves a half-written destination; the previous file stays intact.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace sl {

// Throws IoError naming `path` (folder missing or not writable, disk full...).
// `progress` (optional) gets the written fraction in [0, 1] as the bytes go out.
void write_file_atomic(const std::string& path, std::string_view bytes,
                       const std::function<void(double)>& progress = {});
// Reads a whole file; throws IoError naming `path` when it cannot be opened.
std::string read_file(const std::string& path);

}  // namespace sl
