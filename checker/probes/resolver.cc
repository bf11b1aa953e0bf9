#include "probes/resolver.h"

#include <algorithm>
#include <ares.h>
#include <arpa/inet.h>
#include <cstring>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>

namespace checker::probes {

namespace {

using Clock = std::chrono::steady_clock;

std::mutex servers_mu;
std::string dns_servers;  // SetDnsServers; "" = the system's

std::string DnsServers() {
  std::lock_guard lock(servers_mu);
  return dns_servers;
}

// A numeric address needs no resolver.
bool Numeric(const std::string& host, uint16_t port, ResolvedAddress* out) {
  sockaddr_in v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    std::memcpy(&out->address, &v4, sizeof v4);
    out->length = sizeof v4;
    return true;
  }
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    std::memcpy(&out->address, &v6, sizeof v6);
    out->length = sizeof v6;
    return true;
  }
  return false;
}

struct Query {
  const std::string* host = nullptr;
  Resolution* out = nullptr;
  bool done = false;
};

void OnResolved(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* q = static_cast<Query*>(arg);
  std::unique_ptr<ares_addrinfo, decltype(&ares_freeaddrinfo)> guard(result, ares_freeaddrinfo);
  if (q->done) return;  // given up (deadline or cancellation): the channel is being destroyed
  q->done = true;
  if (status != ARES_SUCCESS) {
    q->out->error = "cannot resolve " + *q->host + ": " + ares_strerror(status);
    return;
  }
  for (const ares_addrinfo_node* n = result != nullptr ? result->nodes : nullptr; n != nullptr;
       n = n->ai_next) {
    if (n->ai_addr == nullptr || n->ai_addrlen > sizeof(sockaddr_storage)) continue;
    ResolvedAddress a;
    std::memcpy(&a.address, n->ai_addr, n->ai_addrlen);
    a.length = n->ai_addrlen;
    q->out->addresses.push_back(a);
  }
  if (q->out->addresses.empty()) q->out->error = "cannot resolve " + *q->host + ": no address";
}

}  // namespace

void SetDnsServers(const std::string& servers) {
  std::lock_guard lock(servers_mu);
  dns_servers = servers;
}

Resolution Resolve(const std::string& host, uint16_t port, Clock::time_point deadline,
                   const std::atomic<bool>* cancel) {
  Resolution out;
  if (ResolvedAddress a; Numeric(host, port, &a)) {
    out.addresses.push_back(a);
    return out;
  }
  static std::once_flag library;
  std::call_once(library, [] { ares_library_init(ARES_LIB_INIT_ALL); });
  Query query{&host, &out};
  ares_channel raw = nullptr;
  if (int rc = ares_init(&raw); rc != ARES_SUCCESS) {
    out.error = "cannot resolve " + host + ": " + ares_strerror(rc);
    return out;
  }
  // Destroyed before `query` goes: the callback of a query given up sees `done` and returns.
  std::unique_ptr<ares_channeldata, decltype(&ares_destroy)> channel(raw, ares_destroy);
  if (std::string servers = DnsServers(); !servers.empty()) {
    if (int rc = ares_set_servers_ports_csv(channel.get(), servers.c_str()); rc != ARES_SUCCESS) {
      out.error =
          "cannot resolve " + host + ": DNS servers '" + servers + "': " + ares_strerror(rc);
      return out;
    }
  }
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  std::string service = std::to_string(port);
  ares_getaddrinfo(channel.get(), host.c_str(), service.c_str(), &hints, OnResolved, &query);
  // Waits in slices of 100 ms at most, so that a cancelled run stops promptly.
  while (!query.done) {
    if (cancel != nullptr && cancel->load()) {
      query.done = true;
      out.error = "interrupted";
      return out;
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (Clock::now() >= deadline) {
      query.done = true;
      out.timed_out = true;
      out.error = "cannot resolve " + host + ": no answer";
      return out;
    }
    timeval most{0, static_cast<suseconds_t>(std::min<int64_t>(left.count(), 100) * 1000)};
    timeval wait{};
    ares_timeout(channel.get(), &most, &wait);
    ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
    int bits = ares_getsock(channel.get(), sockets, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    nfds_t count = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = (ARES_GETSOCK_READABLE(bits, i) ? POLLIN : 0) |
                     (ARES_GETSOCK_WRITABLE(bits, i) ? POLLOUT : 0);
      if (events != 0) fds[count++] = pollfd{sockets[i], events, 0};
    }
    int timeout_ms = static_cast<int>(wait.tv_sec * 1000 + (wait.tv_usec + 999) / 1000);
    if (::poll(fds, count, timeout_ms) <= 0) {
      ares_process_fd(channel.get(), ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // retries, timeouts
      continue;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      bool readable = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      bool writable = (fds[i].revents & POLLOUT) != 0;
      ares_process_fd(channel.get(), readable ? fds[i].fd : ARES_SOCKET_BAD,
                      writable ? fds[i].fd : ARES_SOCKET_BAD);
    }
  }
  return out;
}

}  // namespace checker::probes
