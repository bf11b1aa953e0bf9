#include "support/nginx_server.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <netinet/in.h>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace checker::test {

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool WaitForPort(uint16_t port, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string NginxBinary() {
  const char* env = std::getenv("CHECKER_NGINX");
  return env != nullptr ? env : "/usr/sbin/nginx";
}

NginxServer::NginxServer(const std::filesystem::path& prefix, const std::string& servers,
                         const std::vector<uint16_t>& ports)
    : prefix_(prefix) {
  namespace fs = std::filesystem;
  fs::create_directories(prefix / "logs");
  fs::create_directories(prefix / "tmp");
  std::string p = prefix.string();
  std::ofstream(prefix / "nginx.conf")
      << "worker_processes 1;\n"
         "daemon off;\n"
         "pid "
      << p
      << "/nginx.pid;\n"
         "error_log "
      << p
      << "/logs/error.log warn;\n"
         "events { worker_connections 256; }\n"
         "http {\n"
         "  default_type application/octet-stream;\n"
         "  types { text/html html; text/plain txt; application/json json; }\n"
         "  access_log off;\n"
         "  client_body_temp_path "
      << p
      << "/tmp/body;\n"
         "  proxy_temp_path "
      << p
      << "/tmp/proxy;\n"
         "  fastcgi_temp_path "
      << p
      << "/tmp/fcgi;\n"
         "  uwsgi_temp_path "
      << p
      << "/tmp/uwsgi;\n"
         "  scgi_temp_path "
      << p << "/tmp/scgi;\n"
      << servers << "}\n";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::string log = p + "/logs/stderr.log";
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    std::string bin = NginxBinary();
    std::string conf = p + "/nginx.conf";
    execl(bin.c_str(), bin.c_str(), "-p", (p + "/").c_str(), "-c", conf.c_str(), nullptr);
    _exit(127);
  }
  for (uint16_t port : ports) {
    if (!WaitForPort(port, 10000)) {
      std::stringstream err;
      err << std::ifstream(prefix / "logs/stderr.log").rdbuf()
          << std::ifstream(prefix / "logs/error.log").rdbuf();
      this->~NginxServer();
      throw std::runtime_error("nginx did not listen on port " + std::to_string(port) + ": " +
                               err.str());
    }
  }
}

NginxServer::~NginxServer() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace checker::test
