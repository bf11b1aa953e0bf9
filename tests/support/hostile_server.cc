#include "support/hostile_server.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace checker::test {

namespace {

constexpr auto kMaxLifetime = std::chrono::seconds(30);  // no connection lives longer

bool SendAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string ReadRequest(int fd) {
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  ssize_t n = ::poll(&p, 1, 2000) > 0 ? ::recv(fd, buf, sizeof buf, 0) : 0;
  return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

// "GET /path?query HTTP/1.1" -> "/path".
std::string RequestPath(const std::string& request) {
  size_t start = request.find(' ');
  if (start == std::string::npos) return "";
  size_t end = request.find_first_of(" ?", start + 1);
  return request.substr(start + 1, end == std::string::npos ? end : end - start - 1);
}

}  // namespace

HostileServer::HostileServer(Mode mode, std::string response, int delay_ms)
    : mode_(mode), response_(std::move(response)), delay_ms_(delay_ms) {
  Start();
}

HostileServer::HostileServer(std::map<std::string, std::string> responses)
    : mode_(Mode::kScripted), responses_(std::move(responses)) {
  Start();
}

void HostileServer::Start() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(listen_fd_, 16);
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::lock_guard lock(mu_);
      workers_.emplace_back([this, fd] { Serve(fd); });
    }
  });
}

HostileServer::~HostileServer() {
  stop_ = true;
  acceptor_.join();
  std::lock_guard lock(mu_);
  for (auto& w : workers_) w.join();
  ::close(listen_fd_);
}

void HostileServer::Serve(int fd) {
  auto deadline = std::chrono::steady_clock::now() + kMaxLifetime;
  auto alive = [&] { return !stop_ && std::chrono::steady_clock::now() < deadline; };
  switch (mode_) {
    case Mode::kSlow:
      ReadRequest(fd);
      while (alive()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      break;
    case Mode::kEndlessBody: {
      ReadRequest(fd);
      if (!SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")) break;
      std::string chunk(64 * 1024, 'x');
      while (alive() && SendAll(fd, chunk)) {
      }
      break;
    }
    case Mode::kHugeHeaders: {
      ReadRequest(fd);
      std::string head = "HTTP/1.1 200 OK\r\n";
      for (int i = 0; i < 4000 && head.size() < 400 * 1024; ++i)
        head += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'a') + "\r\n";
      SendAll(fd, head + "Content-Length: 0\r\n\r\n");
      break;
    }
    case Mode::kReset: {
      ReadRequest(fd);
      linger l{1, 0};  // close with RST
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      break;
    }
    case Mode::kRespond:
      ReadRequest(fd);
      SendAll(fd, response_);
      break;
    case Mode::kSlowRedirects: {
      std::string request = ReadRequest(fd);
      int hop = 0;
      if (size_t at = request.find("/hop/"); at != std::string::npos)
        hop = std::atoi(request.c_str() + at + 5);
      auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms_);
      while (alive() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      SendAll(fd, "HTTP/1.1 302 Found\r\nLocation: /hop/" + std::to_string(hop + 1) +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      break;
    }
    case Mode::kNotTls:
      ReadRequest(fd);
      SendAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      break;
    case Mode::kScripted: {
      auto it = responses_.find(RequestPath(ReadRequest(fd)));
      std::string response =
          it != responses_.end()
              ? it->second
              : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      for (size_t at = response.find("{port}"); at != std::string::npos;
           at = response.find("{port}", at))
        response.replace(at, 6, std::to_string(port_));
      SendAll(fd, response);
      break;
    }
  }
  ::close(fd);
}

}  // namespace checker::test
