#pragma once
// Name resolution under a probe's deadline and cancellation, with c-ares: a name whose servers
// do not answer ends at the deadline with an error saying so, and a cancelled run stops waiting
// within about 100 ms (getaddrinfo blocks until the system resolver gives up, outside both).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace checker::probes {

struct ResolvedAddress {
  sockaddr_storage address{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&address); }
};

struct Resolution {
  std::vector<ResolvedAddress> addresses;  // in the order to try them (RFC 6724)
  std::string error;       // "cannot resolve HOST: ..."; "interrupted" when cancelled
  bool timed_out = false;  // no answer by the deadline (error: "cannot resolve HOST: no answer")
};

/// The stream-socket addresses of `host` (a name, or a numeric IPv4/IPv6 address returned as
/// is) at `port`, from /etc/hosts and DNS as the system is configured (/etc/resolv.conf). Waits
/// at most until `deadline`; returns early, with the error "interrupted", once `*cancel` is true.
Resolution Resolve(const std::string& host, uint16_t port,
                   std::chrono::steady_clock::time_point deadline, const std::atomic<bool>* cancel);

/// Asks these DNS servers ("127.0.0.1:5353,[::1]:53") instead of the system's, for every
/// resolution that follows; "" returns to the system's. For tests and closed networks.
void SetDnsServers(const std::string& servers);

}  // namespace checker::probes
