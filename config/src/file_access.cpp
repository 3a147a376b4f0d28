#include "file_access.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>
#include <utility>

#include "value_parsers.hpp"

namespace egovkpi::config::detail {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Opens a regular file for reading. On failure returns null and sets `problem`.
std::unique_ptr<std::FILE, FileCloser> OpenRegularFile(const std::filesystem::path& path,
                                                       std::string& problem) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    problem = "it is a directory";
    return nullptr;
  }
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) problem = std::generic_category().message(errno);
  return file;
}

}  // namespace

bool CheckReadable(const std::filesystem::path& path, std::string& problem) {
  const auto file = OpenRegularFile(path, problem);
  if (!file) return false;
  errno = 0;
  if (std::fgetc(file.get()) == EOF && std::ferror(file.get()) != 0) {
    problem = std::generic_category().message(errno);
    return false;
  }
  return true;
}

bool ReadSmallFile(const std::filesystem::path& path, std::size_t max_bytes, std::string& content,
                   std::string& problem) {
  const auto file = OpenRegularFile(path, problem);
  if (!file) return false;
  std::string data(max_bytes + 1, '\0');
  errno = 0;
  const std::size_t size = std::fread(data.data(), 1, data.size(), file.get());
  if (std::ferror(file.get()) != 0) {
    problem = std::generic_category().message(errno);
    return false;
  }
  if (size > max_bytes) {
    problem = "larger than " + FormatSize(max_bytes);
    return false;
  }
  data.resize(size);
  content = std::move(data);
  return true;
}

}  // namespace egovkpi::config::detail
