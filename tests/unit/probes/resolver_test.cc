// Name resolution under the probe's deadline and cancellation, against DNS servers on
// 127.0.0.1: one that never answers, and one that answers every A query with 127.0.0.1.

#include "probes/resolver.h"

#include <arpa/inet.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "checker/probe.h"

#include "probes/address_policy.h"
#include "support/test_sites.h"

using namespace checker;
using Clock = std::chrono::steady_clock;

namespace {

// A UDP socket on 127.0.0.1 that the resolver is pointed at, restored to the system's after.
class DnsServer {
 public:
  DnsServer() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    probes::SetDnsServers("127.0.0.1:" + std::to_string(ntohs(a.sin_port)));
  }
  ~DnsServer() {
    stop_ = true;
    if (answering_.joinable()) answering_.join();
    probes::SetDnsServers("");
    ::close(fd_);
  }
  // Answers each A query with 127.0.0.1 and each other query with no record, until destroyed.
  void AnswerLoopback() {
    answering_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        unsigned char q[512];
        sockaddr_in from{};
        socklen_t len = sizeof from;
        ssize_t n = ::recvfrom(fd_, q, sizeof q, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n < 17) continue;
        std::string r(reinterpret_cast<char*>(q), static_cast<size_t>(n));  // header + question
        bool a_query = q[n - 4] == 0 && q[n - 3] == 1;                      // QTYPE A
        r[2] = '\x81';                                                      // response, RD
        r[3] = '\x80';                                                      // RA, NOERROR
        r[6] = 0;
        r[7] = a_query ? 1 : 0;  // ANCOUNT
        r[8] = r[9] = r[10] = r[11] = 0;
        if (a_query)  // the question's name, A, IN, TTL 60, 127.0.0.1
          r += std::string("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x01", 16);
        ::sendto(fd_, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
      }
    });
  }
  // Whether a query arrived (on a silent server, where nothing reads them).
  bool Asked() const {
    unsigned char buf[512];
    return ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT) > 0;
  }

 private:
  int fd_;
  std::atomic<bool> stop_ = false;
  std::thread answering_;
};

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("a name whose DNS server never answers ends at the deadline") {
  DnsServer silent;
  auto start = Clock::now();
  auto r = probes::Resolve("silent.checker-test.example", 443,
                           start + std::chrono::milliseconds(300), nullptr);
  double elapsed = MillisecondsSince(start);
  CHECK(r.timed_out);
  CHECK(r.addresses.empty());
  CHECK(r.error == "cannot resolve silent.checker-test.example: no answer");
  CHECK(elapsed >= 290);
  CHECK(elapsed < 1500);  // c-ares alone would wait 5 s per try
  CHECK(silent.Asked());  // the query went to this server
}

TEST_CASE("cancellation stops a resolution promptly") {
  DnsServer silent;
  std::atomic<bool> cancel = false;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel = true;
  });
  auto start = Clock::now();
  auto r = probes::Resolve("silent.checker-test.example", 443, start + std::chrono::seconds(20),
                           &cancel);
  double elapsed = MillisecondsSince(start);
  canceller.join();
  CHECK(r.error == "interrupted");
  CHECK(!r.timed_out);
  CHECK(elapsed >= 190);
  CHECK(elapsed < 1000);
}

TEST_CASE("names resolve through DNS, numeric addresses without it") {
  DnsServer server;
  server.AnswerLoopback();
  auto r = probes::Resolve("site.checker-test.example", 8443,
                           Clock::now() + std::chrono::seconds(5), nullptr);
  INFO(r.error);
  REQUIRE(r.addresses.size() == 1);
  CHECK(probes::AddressText(r.addresses[0].get(), r.addresses[0].length) == "127.0.0.1");
  auto numeric = probes::Resolve("::1", 443, Clock::now(), nullptr);  // past deadline: no wait
  REQUIRE(numeric.addresses.size() == 1);
  CHECK(numeric.addresses[0].address.ss_family == AF_INET6);
}

TEST_CASE("a TLS probe resolves its host under the probe's limits") {
  auto& sites = test::TestSites::Get();
  ProbeOptions options;
  options.scope.hosts = {"site.checker-test.example", "silent.checker-test.example"};
  options.allow_private = true;
  options.ca_bundle = sites.pki().ca_cert;
  TlsProbeSpec named{"site.checker-test.example", sites.Port("good"), "", "", ""};
  TlsProbeSpec silent_name{"silent.checker-test.example", sites.Port("good"), "", "", ""};
  {
    DnsServer server;
    server.AnswerLoopback();
    auto out = RunTlsProbes({named}, options);
    INFO(out[0].error);
    CHECK(out[0].handshake_ok);
    CHECK(!out[0].hostname_match);  // the certificate names 127.0.0.1 and localhost
  }
  DnsServer silent;
  options.limits.connect_timeout_ms = 300;
  auto start = Clock::now();
  auto timed_out = RunTlsProbes({silent_name}, options);
  CHECK(MillisecondsSince(start) < 1500);
  CHECK(timed_out[0].error.rfind("cannot resolve silent.checker-test.example: no answer within ",
                                 0) == 0);
  // Under the audit deadline, the error names it.
  options.limits.connect_timeout_ms = 3000;
  options.limits.deadline_ms = 300;
  options.deadline = Clock::now() + std::chrono::milliseconds(300);
  start = Clock::now();
  auto past_deadline = RunTlsProbes({silent_name}, options);
  CHECK(MillisecondsSince(start) < 1500);
  CHECK(past_deadline[0].error == options.DeadlineError());
}
