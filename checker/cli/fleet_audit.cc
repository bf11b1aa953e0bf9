// Until the audit is a library call, each vendor is audited by this executable's own `audit`
// command in a child process: the same assembly, manifest checks and report writing as a single
// audit, with the child's diagnostics kept as the vendor's errors.

#include "cli/fleet_audit.h"

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/fleet_runner.h"
#include "cli/interrupt.h"

extern char** environ;

namespace checker::cli {

namespace {

std::vector<std::string> AuditArgs(const FleetVendor& v, const std::string& folder,
                                   const FleetSettings& s) {
  std::vector<std::string> a = {"checker", "audit", "--manifest", v.manifest,
                                "--out",   folder,  "--quiet"};
  if (!v.profile.empty()) {
    a.insert(a.end(), {"--profile", v.profile});
    if (!s.rules_dir.empty()) a.insert(a.end(), {"--rules", s.rules_dir});
  }
  for (const auto& p : v.packs) a.insert(a.end(), {"--pack", p});
  for (const auto& t : v.targets) a.insert(a.end(), {"--target", t});
  for (const auto& f : v.attestations) a.insert(a.end(), {"--attestations", f});
  for (const auto& f : v.waivers) a.insert(a.end(), {"--waivers", f});
  if (v.allow_private) a.push_back("--allow-private");
  if (v.offline) a.push_back("--offline");
  if (!s.ca_bundle.empty()) a.insert(a.end(), {"--ca-bundle", s.ca_bundle});
  if (!s.today.empty()) a.insert(a.end(), {"--today", s.today});
  if (!s.generated_at.empty()) a.insert(a.end(), {"--generated-at", s.generated_at});
  a.insert(a.end(), {"--fail-on", s.fail_on});
  std::string formats;
  for (const auto& f : s.formats) formats += (formats.empty() ? "" : ",") + f;
  if (!formats.empty()) a.insert(a.end(), {"--format", formats});
  for (const auto& [name, value] : s.limits) a.insert(a.end(), {"--" + name, value});
  return a;
}

// Children still running, so that a signal to the fleet reaches them too (a terminal's Ctrl-C
// reaches the whole process group anyway; `kill -INT` of the fleet does not).
std::mutex g_children_mu;
std::set<pid_t> g_children;

}  // namespace

void ForwardInterruptToAudits() {
  std::lock_guard lock(g_children_mu);
  for (pid_t pid : g_children) ::kill(pid, SIGINT);
}

VendorAuditResult AuditVendor(const FleetVendor& vendor, const std::string& folder,
                              const FleetSettings& settings) {
  VendorAuditResult result;
  std::vector<std::string> args = AuditArgs(vendor, folder, settings);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.errors.push_back("cannot start the audit: pipe failed");
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid = -1;
  int rc;
  {
    std::lock_guard lock(g_children_mu);
    rc = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
    if (rc == 0) g_children.insert(pid);
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(err_pipe[0]);
    result.errors.push_back("cannot start the audit: " + std::string(std::strerror(rc)));
    return result;
  }
  if (Interrupted()) ::kill(pid, SIGINT);  // arrived while starting it
  std::string err;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(err_pipe[0], buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (err.size() < (64u << 10)) err.append(buf, static_cast<size_t>(n));
  }
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  {
    std::lock_guard lock(g_children_mu);
    g_children.erase(pid);
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code == kExitOk || code == kExitFindings) {
    result.audited = true;
    result.exit_code = code;
    return result;
  }
  result.exit_code = code;
  if (Interrupted() && code >= 128) {
    result.interrupted = true;
    return result;
  }
  // The child's diagnostics, one error a line ("file:line:col: error[...]: ..."), carets dropped.
  size_t start = 0;
  while (start < err.size()) {
    size_t end = err.find('\n', start);
    std::string line =
        err.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? err.size() : end + 1;
    if (line.find("error") != std::string::npos || line.rfind("checker", 0) == 0)
      result.errors.push_back(line);
  }
  if (result.errors.empty())
    result.errors.push_back("the audit ended with exit code " + std::to_string(code));
  return result;
}

}  // namespace checker::cli
