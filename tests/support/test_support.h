#pragma once
// Helpers shared by the test binaries: temporary folders, running the checker executable, and
// reading files.

#include <filesystem>
#include <string>
#include <vector>

namespace checker::test {

/// A fresh folder under the system temp dir, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// Writes `content` to `name` inside the folder (creating subfolders); returns its path.
  std::string File(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a program (argv[0] is its path) with extra NAME=VALUE environment entries, stdin from
/// /dev/null, capturing stdout and stderr.
RunResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

/// Like Run, but sends `signal` to the program `after_ms` after starting it, and kills it (exit
/// code -1) if it has not ended `grace_ms` later. `elapsed_ms` is how long it ran in all.
struct SignalledRun : RunResult {
  double elapsed_ms = 0;
};
SignalledRun RunAndSignal(const std::vector<std::string>& argv, int signal, int after_ms,
                          int grace_ms);

/// A rule pack `pack_id` whose rules are (rule id, check) pairs, every other field a placeholder:
/// for tests about probes and evidence, not about rule texts. `check` is a YAML flow mapping.
std::string TestPack(const std::string& pack_id,
                     const std::vector<std::pair<std::string, std::string>>& rules);

/// The repository's root (for rules/ and examples/).
std::string SourceDir();
std::string ReadText(const std::filesystem::path& path);

/// Golden files. With CHECKER_UPDATE_GOLDEN set, writes `rendered` to `path` and fails the test
/// (an update run never passes: review the diff, then run again without the variable; CI refuses
/// to run with it set). Otherwise checks `rendered` against the file, naming the first difference.
void CheckGolden(const std::filesystem::path& path, const std::string& rendered);

}  // namespace checker::test
