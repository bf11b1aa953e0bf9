#include "cli/interrupt.h"

#include <csignal>

namespace checker::cli {

namespace {

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
std::atomic<bool> g_committing{false};
std::atomic<int> g_deferred{0};  // a second signal that arrived while committing

void DieBy(int signal) {
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal, &action, nullptr);
  raise(signal);  // delivered when the handler returns (or at once outside one)
}

extern "C" void OnInterrupt(int signal) {
  if (!g_interrupted.exchange(true)) {
    g_signal.store(signal);
    return;
  }
  // A second signal ends the process at once, except while reports are being committed: then
  // it ends the process right after the commit (or its rollback), never half-way through.
  if (g_committing.load()) {
    g_deferred.store(signal);
    return;
  }
  DieBy(signal);
}

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A file size limit (ulimit -f) makes write() fail with EFBIG instead of killing the process,
  // so that the reports' writer removes what it staged and exits 4.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGXFSZ, &ignore, nullptr);
}

const std::atomic<bool>& InterruptFlag() { return g_interrupted; }
bool Interrupted() { return g_interrupted.load(); }
int InterruptExitCode() { return 128 + g_signal.load(); }
std::string InterruptName() {
  switch (g_signal.load()) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal " + std::to_string(g_signal.load());
  }
}

CommitGuard::CommitGuard() { g_committing.store(true); }
CommitGuard::~CommitGuard() {
  g_committing.store(false);
  if (int signal = g_deferred.exchange(0); signal != 0) DieBy(signal);
}

}  // namespace checker::cli
