#include "cli/output_folder.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "cli/interrupt.h"

namespace checker::cli {

namespace {

namespace fs = std::filesystem;

std::string Errno() { return std::strerror(errno); }

void FsyncFolder(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The folder as one absolute name: trailing slashes dropped, a symbolic link to a folder
// followed (its target is what gets replaced), "." and ".." resolved.
fs::path Resolve(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(dir), ec).lexically_normal();
  while (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  if (fs::is_symlink(p, ec)) {
    fs::path target = fs::canonical(p, ec);
    if (!ec) p = target;
  }
  return p;
}

// Removes a folder when it goes out of scope, unless released.
struct RemoveOnExit {
  fs::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// "" when every entry of the existing folder is a regular file checker writes; else why not.
std::string CheckReplaceable(const fs::path& dir, std::span<const std::string_view> replaceable) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    auto status = it->symlink_status(ec);
    bool known = std::find(replaceable.begin(), replaceable.end(), name) != replaceable.end();
    if (known && fs::is_regular_file(status)) continue;
    std::string what = fs::is_directory(status) ? "is a directory"
                       : fs::is_symlink(status) ? "is a symbolic link"
                       : !known                 ? "is not a file checker writes"
                                                : "is not a regular file";
    return it->path().string() + ": " + what +
           "; an audit replaces its whole output folder, so it only replaces one that holds "
           "nothing but an earlier run's reports (give a new or empty --out)";
  }
  if (ec) return dir.string() + ": " + ec.message();
  return "";
}

bool WriteOne(const fs::path& path, std::string_view content, std::string* error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = path.filename().string() + ": " + Errno();
    return false;
  }
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = path.filename().string() + ": " + Errno();
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    *error = path.filename().string() + ": " + Errno();
    return false;
  }
  return true;
}

// Puts `staging` in the place of `dir`; afterwards `staging` names the earlier folder (if any).
bool Swap(const fs::path& staging, const fs::path& dir, bool exists, std::string* error) {
  if (!exists) {
    if (::rename(staging.c_str(), dir.c_str()) == 0) return true;
    *error = dir.string() + ": " + Errno();
    return false;
  }
#ifdef RENAME_EXCHANGE
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0)
    return true;
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
    *error = dir.string() + ": " + Errno();
    return false;
  }
#endif
  // No atomic exchange on this file system: two renames, the earlier folder put back if the
  // second fails. Other checker runs are kept out by the lock.
  fs::path aside = staging.string() + "-old";
  if (::rename(dir.c_str(), aside.c_str()) != 0) {
    *error = dir.string() + ": " + Errno();
    return false;
  }
  if (::rename(staging.c_str(), dir.c_str()) != 0) {
    *error = dir.string() + ": " + Errno();
    ::rename(aside.c_str(), dir.c_str());
    return false;
  }
  if (::rename(aside.c_str(), staging.c_str()) != 0) {
    std::error_code ec;
    fs::remove_all(aside, ec);
  }
  return true;
}

}  // namespace

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());
  ::close(fd_);  // releases the lock
}

// The holder removes the lock file before letting go; a waiter that then wins the lock on the
// removed file notices (the name no longer leads to its file) and tries again, so the file never
// lingers and two runs never both hold it.
CommitResult FolderLock::Acquire(std::chrono::milliseconds wait, const std::string& dir,
                                 std::string* error) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      *error = path_.string() + ": " + Errno();
      return CommitResult::kFailed;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      struct stat held {
      }, named{};
      if (::fstat(fd, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
          held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
        fd_ = fd;
        return CommitResult::kCommitted;
      }
      ::close(fd);
      continue;
    }
    int why = errno;
    ::close(fd);
    if (why != EWOULDBLOCK) {
      *error = path_.string() + ": " + std::strerror(why);
      return CommitResult::kFailed;
    }
    if (Interrupted()) return CommitResult::kInterrupted;
    if (std::chrono::steady_clock::now() >= deadline) {
      *error = "another checker run is writing to " + dir + " (it holds " + path_.string() +
               "); waited " + std::to_string(wait.count() / 1000) + " s";
      return CommitResult::kFailed;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::filesystem::path FolderLock::PathFor(const std::string& dir_text) {
  fs::path dir = Resolve(dir_text);
  std::string name = dir.filename().string();
  if (name.empty() || name == "." || name == ".." || !dir.has_parent_path()) return {};
  return dir.parent_path() / ("." + name + ".lock");
}

CommitResult ReplaceFolder(const std::string& dir_text, const std::vector<OutputFile>& files,
                           std::span<const std::string_view> replaceable,
                           std::chrono::milliseconds wait, std::string* error) {
  fs::path dir = Resolve(dir_text);
  fs::path parent = dir.parent_path();
  std::string name = dir.filename().string();
  if (name.empty() || name == "." || name == ".." || parent.empty()) {
    *error = dir_text + ": cannot be an output folder";
    return CommitResult::kFailed;
  }
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    *error = parent.string() + ": " + ec.message();
    return CommitResult::kFailed;
  }
  CommitGuard guard;  // first, so that a second signal lets the lock and staging be removed
  FolderLock lock(FolderLock::PathFor(dir_text));
  if (auto r = lock.Acquire(wait, dir_text, error); r != CommitResult::kCommitted) return r;

  // Staging folders of runs that died (SIGKILL, power loss) before removing them: only a run
  // holding the lock stages, so any found now are abandoned.
  std::string prefix = "." + name + ".new-";
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().rfind(prefix, 0) == 0) fs::remove_all(it->path(), ec);

  struct stat existing {};
  bool exists = ::lstat(dir.c_str(), &existing) == 0;
  if (exists && !S_ISDIR(existing.st_mode)) {
    *error = dir.string() + ": exists and is not a folder";
    return CommitResult::kFailed;
  }
  if (exists) {
    if (std::string why = CheckReplaceable(dir, replaceable); !why.empty()) {
      *error = why;
      return CommitResult::kFailed;
    }
  }

  std::random_device random;
  fs::path staging = parent / (prefix + std::to_string(random()));
  if (::mkdir(staging.c_str(), 0777) != 0) {  // the umask applies, as to any new folder
    *error = dir_text + ": " + Errno();
    return CommitResult::kFailed;
  }
  RemoveOnExit cleanup{staging};
  if (exists) ::chmod(staging.c_str(), existing.st_mode & 07777);
  for (const auto& f : files) {
    if (!WriteOne(staging / f.name, f.content, error)) {
      *error = (dir / "").string() + *error;
      return CommitResult::kFailed;
    }
  }
  FsyncFolder(staging);
  // The last point at which a signal stops the run: after the swap the run is committed.
  if (Interrupted()) return CommitResult::kInterrupted;
  if (!Swap(staging, dir, exists, error)) return CommitResult::kFailed;
  FsyncFolder(parent);
  return CommitResult::kCommitted;  // `cleanup` removes the earlier folder, now at `staging`
}

}  // namespace checker::cli
