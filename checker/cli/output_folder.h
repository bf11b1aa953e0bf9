#pragma once
// An audit owns its output folder: the files of one run are written into a fresh folder beside
// it and swapped in as a whole, so that no file of an earlier run survives a later one and two
// runs into one folder never mix (docs/cli.md#the-output-folder).

#include <chrono>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checker::cli {

/// A file written into the output folder.
struct OutputFile {
  std::string name;
  std::string content;
};

enum class CommitResult { kCommitted, kFailed, kInterrupted };

/// How long a run waits for another's commit into the same folder.
inline constexpr std::chrono::seconds kFolderLockWait{30};

/// The lock runs into one output folder take turns through: `.NAME.lock` beside the folder, held
/// with flock and removed by its holder. An audit holds it while it replaces the folder, `checker
/// sign` while it reads the run's files and writes the signature beside them, so that a signature
/// never covers the files of two runs.
class FolderLock {
 public:
  explicit FolderLock(std::filesystem::path lock_file) : path_(std::move(lock_file)) {}
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  /// Waits up to `wait` for the lock; kFailed with `error` naming `dir` when another run keeps it.
  CommitResult Acquire(std::chrono::milliseconds wait, const std::string& dir, std::string* error);

  /// The lock file of the output folder `dir` (a link to a folder followed); empty when `dir`
  /// cannot be an output folder.
  static std::filesystem::path PathFor(const std::string& dir);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

/// Replaces the folder `dir` (created when missing, with its parents) by one holding exactly
/// `files`. The files are written and flushed into `.NAME.new-*` beside it, which then takes
/// the folder's place in one step (renameat2 RENAME_EXCHANGE, or a plain rename when the folder
/// does not exist yet); the earlier folder is then removed. An existing folder is replaced only
/// when it holds nothing but regular files named in `replaceable` (what checker writes), so that
/// a mistaken --out never deletes anyone's files. Runs into the same folder take turns through
/// `.NAME.lock` beside it (flock), waiting up to `wait` for another's commit. A second signal
/// during the commit is held back until it is done or rolled back (CommitGuard).
/// On kFailed, `error` says why and nothing changed; on kInterrupted nothing changed either.
CommitResult ReplaceFolder(const std::string& dir, const std::vector<OutputFile>& files,
                           std::span<const std::string_view> replaceable,
                           std::chrono::milliseconds wait, std::string* error);

}  // namespace checker::cli
