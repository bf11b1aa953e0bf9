// The address policy (checker/probes/address_policy.cc): every non-public range is classed, and
// probes refuse to connect there, after name resolution and at every redirect hop, unless the
// auditor allowed it (docs/probes.md#addresses).

#include "probes/address_policy.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/probe.h"

#include "support/test_sites.h"

using namespace checker;
using probes::AddressAllowance;
using probes::AddressClass;
using probes::ClassifyAddress;

TEST_CASE("every non-public range is classed, IPv4-mapped IPv6 by the address it carries") {
  struct Case {
    const char* address;
    AddressClass kind;
  };
  const Case cases[] = {
      {"8.8.8.8", AddressClass::kPublic},
      {"203.0.113.9", AddressClass::kPublic},
      {"172.32.0.1", AddressClass::kPublic},       // just past 172.16/12
      {"100.128.0.1", AddressClass::kPublic},      // just past 100.64/10
      {"169.253.255.255", AddressClass::kPublic},  // just before 169.254/16
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"10.0.0.1", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"192.168.1.1", AddressClass::kPrivate},
      {"169.254.0.1", AddressClass::kLinkLocal},
      {"100.64.0.1", AddressClass::kShared},
      {"100.127.255.255", AddressClass::kShared},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"0.1.2.3", AddressClass::kUnspecified},
      {"224.0.0.1", AddressClass::kMulticast},
      {"239.255.255.250", AddressClass::kMulticast},
      {"240.0.0.1", AddressClass::kReserved},
      {"255.255.255.255", AddressClass::kReserved},
      {"169.254.169.254", AddressClass::kMetadata},
      {"169.254.170.2", AddressClass::kMetadata},
      {"100.100.100.200", AddressClass::kMetadata},
      {"168.63.129.16", AddressClass::kMetadata},
      {"2001:db8::1", AddressClass::kPublic},
      {"2606:4700::1111", AddressClass::kPublic},
      {"::1", AddressClass::kLoopback},
      {"::", AddressClass::kUnspecified},
      {"fc00::1", AddressClass::kPrivate},
      {"fd12:3456::1", AddressClass::kPrivate},
      {"fec0::1", AddressClass::kPrivate},
      {"fe80::1", AddressClass::kLinkLocal},
      {"febf::1", AddressClass::kLinkLocal},
      {"ff02::1", AddressClass::kMulticast},
      {"fd00:ec2::254", AddressClass::kMetadata},
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:10.1.2.3", AddressClass::kPrivate},
      {"::ffff:169.254.169.254", AddressClass::kMetadata},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"64:ff9b::192.168.0.1", AddressClass::kPrivate},
      {"::127.0.0.1", AddressClass::kReserved},
      {"not an address", AddressClass::kReserved},
  };
  for (const auto& c : cases) {
    INFO(c.address);
    CHECK(ClassifyAddress(c.address) == c.kind);
  }
}

TEST_CASE("a refusal names the address, its class and how to allow it") {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  v4.sin_addr.s_addr = htonl(0x7F000001);
  auto* a = reinterpret_cast<const sockaddr*>(&v4);
  CHECK(probes::RefusedAddress(a, sizeof v4, AddressAllowance::kPublicOnly) ==
        "127.0.0.1 is a loopback address; pass --target or --allow-private to audit it");
  CHECK(probes::RefusedAddress(a, sizeof v4, AddressAllowance::kPrivate).empty());
  CHECK(probes::RefusedAddress(a, sizeof v4, AddressAllowance::kAny).empty());
  // --allow-private does not open the cloud metadata service; a --target naming it does.
  v4.sin_addr.s_addr = htonl(0xA9FEA9FE);
  CHECK(probes::RefusedAddress(a, sizeof v4, AddressAllowance::kPrivate) ==
        "169.254.169.254 is a cloud metadata address; only a --target naming it allows it "
        "(--allow-private does not)");
  CHECK(probes::RefusedAddress(a, sizeof v4, AddressAllowance::kAny).empty());
  v4.sin_addr.s_addr = htonl(0x08080808);
  CHECK(probes::RefusedAddress(a, sizeof v4, AddressAllowance::kPublicOnly).empty());
  // A truncated or foreign sockaddr is never taken for a public address.
  CHECK(!probes::RefusedAddress(a, 4, AddressAllowance::kPublicOnly).empty());
}

namespace {

// A listening socket that only counts the connections it was offered.
class CountingListener {
 public:
  CountingListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(0x7F000001);
    socklen_t len = sizeof a;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~CountingListener() { ::close(fd_); }
  uint16_t port() const { return port_; }
  int Accepted() {
    int n = 0;
    while (true) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) return n;
      ::close(c);
      ++n;
    }
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

ProbeOptions Loopback() {
  ProbeOptions o;
  o.scope.hosts = {"127.0.0.1", "localhost"};
  o.limits.total_timeout_ms = 2000;
  return o;
}

}  // namespace

TEST_CASE("probes refuse loopback unless the origin was a --target or private was allowed") {
  CountingListener listener;
  std::string port = std::to_string(listener.port());
  for (const char* host : {"127.0.0.1", "localhost"}) {  // a name is judged by what it resolves to
    INFO(host);
    auto http = RunHttpProbes(
        {{"GET", std::string("http://") + host + ":" + port + "/", {}, false}}, Loopback());
    CHECK(!http[0].ok);
    CHECK(http[0].error.find("not connected: ") == 0);
    CHECK(http[0].error.find(" is a loopback address; pass --target or --allow-private to audit "
                             "it") != std::string::npos);
    auto tls = RunTlsProbes({{host, listener.port(), host, "", ""}}, Loopback());
    CHECK(!tls[0].handshake_ok);
    CHECK(tls[0].error.find(" is a loopback address; pass --target or --allow-private") !=
          std::string::npos);
  }
  CHECK(listener.Accepted() == 0);
  // The same probes connect when the auditor allowed them.
  ProbeOptions trusted = Loopback();
  trusted.trusted_origins = {"http://127.0.0.1:" + port};
  RunHttpProbes({{"GET", "http://127.0.0.1:" + port + "/", {}, false}}, trusted);
  ProbeOptions allowed = Loopback();
  allowed.allow_private = true;
  RunTlsProbes({{"127.0.0.1", listener.port(), "127.0.0.1", "", ""}}, allowed);
  CHECK(listener.Accepted() == 2);
}

TEST_CASE("a redirect from an allowed origin to a loopback one is refused") {
  auto& sites = test::TestSites::Get();  // good-http redirects to good (https)
  ProbeOptions options = Loopback();
  options.trusted_origins = {"http://127.0.0.1:" + std::to_string(sites.good_http_port())};
  auto o = RunHttpProbes({{"GET", sites.Url("good-http"), {}, true}}, options)[0];
  CHECK(!o.ok);
  REQUIRE(o.redirects.size() == 1);
  CHECK(o.redirects[0].followed);
  CHECK(o.error ==
        "not connected: 127.0.0.1 is a loopback address; pass --target or --allow-private to "
        "audit it");
  options.allow_private = true;
  o = RunHttpProbes({{"GET", sites.Url("good-http"), {}, true}}, options)[0];
  CHECK(o.ok);
  CHECK(o.status == 200);
}

TEST_CASE("probes connect directly, ignoring proxy variables the policy could not see through") {
  auto& sites = test::TestSites::Get();
  ProbeOptions options = Loopback();
  options.trusted_origins = {"http://127.0.0.1:" + std::to_string(sites.good_http_port())};
  ::setenv("http_proxy", "http://127.0.0.1:9", 1);  // nothing listens there
  ::setenv("all_proxy", "http://127.0.0.1:9", 1);
  auto o = RunHttpProbes({{"GET", sites.Url("good-http"), {}, false}}, options)[0];
  ::unsetenv("http_proxy");
  ::unsetenv("all_proxy");
  CHECK(o.error.empty());
  CHECK(o.status == 301);
}
