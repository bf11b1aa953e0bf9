#pragma once
// A deliberately misbehaving TCP server on 127.0.0.1 for probe tests: slow answers, endless
// bodies, huge headers, connection resets, plain text on a port a client expects TLS on, a fixed
// (hostile) response, and a chain of slow redirects.
// Every loop is bounded in time and stops when the object is destroyed.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace checker::test {

class HostileServer {
 public:
  enum class Mode {
    kSlow,
    kEndlessBody,
    kHugeHeaders,
    kReset,
    kNotTls,
    kScripted,       // see the constructor taking responses
    kRespond,        // answers every request with `response` (a whole HTTP response)
    kSlowRedirects,  // GET /hop/N waits `delay_ms`, then redirects to /hop/N+1
  };
  explicit HostileServer(Mode mode, std::string response = "", int delay_ms = 0);
  /// kScripted: answers a request for a path (the query ignored) with the raw response given for
  /// it ("{port}" replaced by the server's port), any other path with 404.
  explicit HostileServer(std::map<std::string, std::string> responses);
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;
  uint16_t port() const { return port_; }

 private:
  void Serve(int fd);
  void Start();
  Mode mode_;
  std::map<std::string, std::string> responses_;
  std::string response_;
  int delay_ms_ = 0;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
};

}  // namespace checker::test
