// Reading files whose names come from untrusted documents (review files, signed folders): only
// regular files, never a FIFO that blocks, a device that never ends or a link that leads
// elsewhere, and never more than a stated number of bytes.

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checker/source.h"

namespace checker {

namespace {

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

// A descriptor of a regular file no larger than `max_bytes`, or -1 with `error` filled.
int OpenRegular(const std::string& path, uint64_t max_bytes, uint64_t* size, std::string* error) {
  struct stat st {};
  // lstat first, so that a device or FIFO is never even opened (opening one can block or act).
  if (::lstat(path.c_str(), &st) != 0) {
    *error = std::strerror(errno);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    *error = "is " + KindOf(st.st_mode) + ", not a regular file";
    return -1;
  }
  // O_NONBLOCK and O_NOFOLLOW: should the name be swapped for a FIFO or a link after the lstat,
  // the open neither blocks nor follows it, and the fstat below refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    *error = errno == ELOOP ? "is a symbolic link, not a regular file" : std::strerror(errno);
    return -1;
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *error = "is " + KindOf(st.st_mode) + ", not a regular file";
    ::close(fd);
    return -1;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    *error = "is larger than the limit of " + std::to_string(max_bytes) + " bytes (" +
             std::to_string(st.st_size) + " bytes)";
    ::close(fd);
    return -1;
  }
  *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

// Reads `fd` to its end, handing each chunk to `sink`; refuses a file that grows past the limit.
template <typename Sink>
bool ReadAll(int fd, uint64_t max_bytes, uint64_t* total, std::string* error, Sink sink) {
  char buffer[64 * 1024];
  *total = 0;
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    *total += static_cast<uint64_t>(n);
    if (*total > max_bytes) {
      *error = "grew past the limit of " + std::to_string(max_bytes) + " bytes while being read";
      return false;
    }
    sink(std::string_view(buffer, static_cast<size_t>(n)));
  }
}

}  // namespace

bool ReadRegularFile(const std::string& path, uint64_t max_bytes, std::string* content,
                     std::string* error) {
  uint64_t size = 0;
  int fd = OpenRegular(path, max_bytes, &size, error);
  if (fd < 0) return false;
  content->clear();
  content->reserve(static_cast<size_t>(size));
  bool ok = ReadAll(fd, max_bytes, &size, error, [&](std::string_view b) { content->append(b); });
  ::close(fd);
  return ok;
}

bool HashRegularFile(const std::string& path, uint64_t max_bytes, std::string* sha256,
                     uint64_t* size, std::string* error) {
  int fd = OpenRegular(path, max_bytes, size, error);
  if (fd < 0) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  bool ok = ReadAll(fd, max_bytes, size, error,
                    [&](std::string_view b) { EVP_DigestUpdate(ctx.get(), b.data(), b.size()); });
  ::close(fd);
  if (!ok) return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  sha256->clear();
  for (unsigned int i = 0; i < length; ++i) {
    *sha256 += kHex[digest[i] >> 4];
    *sha256 += kHex[digest[i] & 0xF];
  }
  return true;
}

}  // namespace checker
