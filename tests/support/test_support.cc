#include "support/test_support.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace checker::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("checker-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::File(const std::string& name, const std::string& content) const {
  std::filesystem::path p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string SourceDir() { return CHECKER_SOURCE_DIR; }

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CheckGolden(const std::filesystem::path& path, const std::string& rendered) {
  if (std::getenv("CHECKER_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << rendered;
    FAIL_CHECK("golden file written: " << path.string()
                                       << "; review the diff and run again without "
                                          "CHECKER_UPDATE_GOLDEN");
    return;
  }
  std::string golden = ReadText(path);
  size_t line = 1, i = 0;
  while (i < rendered.size() && i < golden.size() && rendered[i] == golden[i])
    line += rendered[i++] == '\n';
  INFO(path.string() << ": first difference on line " << line << " (byte " << i << ")");
  CHECK(rendered == golden);
}

namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const std::string& out_path, const std::string& err_path) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

RunResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  TempDir dir;
  std::string out_path = (dir.path() / "out").string();
  std::string err_path = (dir.path() / "err").string();
  pid_t pid = Spawn(argv, env, out_path, err_path);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = ExitCode(status);
  r.out = ReadText(out_path);
  r.err = ReadText(err_path);
  return r;
}

SignalledRun RunAndSignal(const std::vector<std::string>& argv, int signal, int after_ms,
                          int grace_ms) {
  using Clock = std::chrono::steady_clock;
  TempDir dir;
  std::string out_path = (dir.path() / "out").string();
  std::string err_path = (dir.path() / "err").string();
  auto started = Clock::now();
  pid_t pid = Spawn(argv, {}, out_path, err_path);
  SignalledRun r;
  int status = 0;
  bool signalled = false;
  while (true) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      r.exit_code = ExitCode(status);
      break;
    }
    auto ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (!signalled && ms >= after_ms) {
      kill(pid, signal);
      signalled = true;
    }
    if (ms >= after_ms + grace_ms) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.exit_code = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  r.out = ReadText(out_path);
  r.err = ReadText(err_path);
  return r;
}

std::string TestPack(const std::string& pack_id,
                     const std::vector<std::pair<std::string, std::string>>& rules) {
  std::string out =
      "kind: pack\npack:\n  id: " + pack_id +
      "\n  version: 1.0.0\n  title: {ja: t, en: t}\n  issuer: i\n"
      "  source: {document: d, edition: \"1\"}\n  effective_date: 2026-01-01\nrules:\n";
  int section = 0;
  for (const auto& [id, check] : rules)
    out += "  - id: " + id +
           "\n    title: {ja: t, en: t}\n    citation: {document: d, section: \"" +
           std::to_string(++section) +
           "\"}\n    level: must\n    severity: high\n    category: c\n    check: " + check +
           "\n    remediation: {ja: r, en: r}\n";
  return out;
}

}  // namespace checker::test
