// Small, bounded file reads for the loader: the config file itself, secret files, CA files.
// Failures come back as a reason ("No such file or directory"), never as an exception.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace egovkpi::config::detail {

// Reads a regular file of at most `max_bytes`. On failure returns false and sets `problem`.
bool ReadSmallFile(const std::filesystem::path& path, std::size_t max_bytes, std::string& content,
                   std::string& problem);

// Whether a regular file opens and its first byte reads. On failure sets `problem`.
bool CheckReadable(const std::filesystem::path& path, std::string& problem);

}  // namespace egovkpi::config::detail
