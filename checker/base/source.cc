#include "checker/source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <openssl/evp.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace checker {

namespace {

uint32_t CountCodePoints(std::string_view bytes) {
  uint32_t n = 0;
  for (unsigned char c : bytes) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

SourceLocation LineIndex::Locate(std::string_view file, size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t line = static_cast<size_t>(it - starts_.begin());  // 1-based
  size_t start = starts_[line - 1];
  uint32_t column = CountCodePoints(text_.substr(start, offset - start)) + 1;
  return {std::string(file), static_cast<uint32_t>(line), column};
}

size_t LineIndex::LineStart(uint32_t line) const {
  if (line == 0 || line > starts_.size()) return text_.size();
  return starts_[line - 1];
}

std::string_view LineIndex::Line(uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  size_t start = starts_[line - 1];
  size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
  std::string_view l = text_.substr(start, end - start);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

size_t LineIndex::Offset(uint32_t line, uint32_t column) const {
  size_t pos = LineStart(line);
  std::string_view l = Line(line);
  size_t end = pos + l.size();
  for (uint32_t col = 1; col < column && pos < end;) {
    ++pos;
    while (pos < end && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
    ++col;
  }
  return pos;
}

bool ReadFile(const std::string& path, size_t max_bytes, std::string* content, std::string* error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::strerror(errno);
    return false;
  }
  content->clear();
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof buffer);
    content->append(buffer, static_cast<size_t>(in.gcount()));
    if (content->size() > max_bytes) {
      *error = "larger than the limit of " + std::to_string(max_bytes) + " bytes";
      content->resize(max_bytes);
      return false;
    }
  }
  if (in.bad()) {
    *error = "read error";
    return false;
  }
  return true;
}

bool WriteFileAtomic(const std::string& path, std::string_view content, std::string* error) {
  FileBatch batch;
  return batch.Stage(path, content, error) && batch.Commit(error);
}

FileBatch::~FileBatch() {
  for (const auto& s : staged_) ::unlink(s.temp.c_str());
}

bool FileBatch::Stage(const std::string& path, std::string_view content, std::string* error) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::random_device rd;
  std::string tmp =
      (dir / ("." + target.filename().string() + ".tmp" + std::to_string(rd()))).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  staged_.push_back({tmp, path});
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = path + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool FileBatch::Commit(std::string* error) {
  // A destination that is a folder would fail half-way through the renames: refuse up front.
  for (const auto& s : staged_) {
    struct stat st {};
    if (::stat(s.destination.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      *error = s.destination + ": is a directory";
      return false;
    }
  }
  for (size_t i = 0; i < staged_.size(); ++i) {
    if (::rename(staged_[i].temp.c_str(), staged_[i].destination.c_str()) != 0) {
      *error = staged_[i].destination + ": " + std::strerror(errno);
      staged_.erase(staged_.begin(), staged_.begin() + static_cast<std::ptrdiff_t>(i));
      return false;
    }
  }
  staged_.clear();
  return true;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace checker
