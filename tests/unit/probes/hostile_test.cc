// Hostile endpoints: each becomes an error observation with a clear message, within the bounds.

#include <catch2/catch.hpp>
#include <chrono>

#include "checker/probe.h"

#include "support/hostile_server.h"
#include "support/test_sites.h"

using namespace checker;
using test::HostileServer;

namespace {

ProbeOptions Options() {
  ProbeOptions o;
  o.scope.hosts = {"127.0.0.1"};
  o.allow_private = true;  // the test servers listen on loopback
  o.limits.connect_timeout_ms = 1000;
  o.limits.total_timeout_ms = 1500;
  o.limits.max_body_bytes = 256 * 1024;
  o.limits.max_header_bytes = 32 * 1024;
  return o;
}

HttpObservation Probe(HostileServer::Mode mode, const std::string& scheme, double* seconds) {
  HostileServer server(mode);
  auto start = std::chrono::steady_clock::now();
  auto out = RunHttpProbes(
      {{"GET", scheme + "://127.0.0.1:" + std::to_string(server.port()) + "/", {}, false}},
      Options());
  *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out[0];
}

}  // namespace

TEST_CASE("a server that never answers times out within the total limit") {
  double s = 0;
  HttpObservation o = Probe(HostileServer::Mode::kSlow, "http", &s);
  CHECK(!o.ok);
  CHECK(o.error == "timed out (connect limit 1000 ms, total limit 1500 ms)");
  CHECK(s < 3.0);
}

TEST_CASE("an endless body is cut at the body limit") {
  double s = 0;
  HttpObservation o = Probe(HostileServer::Mode::kEndlessBody, "http", &s);
  CHECK(!o.ok);
  CHECK(o.error == "response body exceeds the limit of 262144 bytes");
  CHECK(o.body.size() == 262144);
  CHECK(o.body_truncated);
  CHECK(s < 3.0);
}

TEST_CASE("huge headers are cut at the header limit") {
  double s = 0;
  HttpObservation o = Probe(HostileServer::Mode::kHugeHeaders, "http", &s);
  CHECK(!o.ok);
  CHECK(o.error == "response headers exceed the limit of 32768 bytes");
  CHECK(s < 3.0);
}

TEST_CASE("a connection reset is reported") {
  double s = 0;
  HttpObservation o = Probe(HostileServer::Mode::kReset, "http", &s);
  CHECK(!o.ok);
  CHECK((o.error == "connection reset while reading the response" ||
         o.error == "the server closed the connection without answering"));
}

TEST_CASE("a port that speaks no TLS fails the handshake, for HTTP and TLS probes") {
  double s = 0;
  HttpObservation o = Probe(HostileServer::Mode::kNotTls, "https", &s);
  CHECK(!o.ok);
  CHECK(o.error == "TLS handshake failed (does the port speak TLS?)");
  HostileServer server(HostileServer::Mode::kNotTls);
  auto tls = RunTlsProbes({{"127.0.0.1", server.port(), "", "", ""}}, Options());
  CHECK(!tls[0].handshake_ok);
  CHECK(tls[0].error.rfind("TLS handshake failed: the server does not speak TLS on this port", 0) ==
        0);
}

TEST_CASE("a TLS handshake to a silent server times out") {
  HostileServer server(HostileServer::Mode::kSlow);
  auto start = std::chrono::steady_clock::now();
  auto tls = RunTlsProbes({{"127.0.0.1", server.port(), "", "", ""}}, Options());
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(!tls[0].handshake_ok);
  CHECK(tls[0].error == "TLS handshake timed out after 1500 ms");
  CHECK(s < 3.0);
}

TEST_CASE("a closed port is refused quickly") {
  uint16_t port = test::FreePort();
  auto out = RunHttpProbes({{"GET", "http://127.0.0.1:" + std::to_string(port) + "/", {}, false}},
                           Options());
  CHECK(out[0].error == "connection refused or unreachable");
}
