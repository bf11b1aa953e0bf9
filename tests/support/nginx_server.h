#pragma once
// A real nginx for tests: its own prefix, config, pid and logs in a temporary folder, listening
// on 127.0.0.1 only, started by fork/exec and stopped by pid when the object is destroyed.

#include <cstdint>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace checker::test {

/// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t FreePort();
/// Waits until 127.0.0.1:port accepts connections; false after `timeout_ms`.
bool WaitForPort(uint16_t port, int timeout_ms);

class NginxServer {
 public:
  /// `servers` is the text of the http{} block's server blocks. Throws std::runtime_error (with
  /// nginx's error log) if nginx does not start and listen on every port in `ports`.
  NginxServer(const std::filesystem::path& prefix, const std::string& servers,
              const std::vector<uint16_t>& ports);
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

 private:
  std::filesystem::path prefix_;
  pid_t pid_ = -1;
};

/// The nginx binary (/usr/sbin/nginx unless CHECKER_NGINX is set).
std::string NginxBinary();

}  // namespace checker::test
