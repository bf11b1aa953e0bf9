// Probes bounded as a whole: the per-probe limit spans every redirect hop, and an audit deadline
// ends every unfinished probe (HTTP and TLS) with an error that names it. Timings are asserted
// with generous bounds; bench/run_limits.sh measures them.

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>

#include "checker/probe.h"

#include "support/hostile_server.h"

using namespace checker;
using test::HostileServer;

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

ProbeOptions Options(int total_ms) {
  ProbeOptions o;
  o.scope.hosts = {"127.0.0.1"};
  o.allow_private = true;  // the test servers listen on loopback
  o.limits.connect_timeout_ms = 1000;
  o.limits.total_timeout_ms = total_ms;
  return o;
}

}  // namespace

TEST_CASE("the probe's time limit spans every redirect hop") {
  HostileServer server(HostileServer::Mode::kSlowRedirects, "", 400);
  ProbeOptions options = Options(1500);
  options.limits.max_redirects = 20;
  auto start = Clock::now();
  auto out = RunHttpProbes(
      {{"GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/hop/0", {}, true}}, options);
  double s = Since(start);
  INFO(out[0].error);
  CHECK(!out[0].ok);
  CHECK(out[0].error.rfind("timed out (connect limit 1000 ms, total limit 1500 ms for all ", 0) ==
        0);
  CHECK(out[0].redirects.size() >= 2);  // hops of 400 ms each: the limit fell in the fourth
  CHECK(s < 3.0);                       // per hop, it took 20 hops of 400 ms (8 s)
}

TEST_CASE("the audit deadline ends every unfinished probe, HTTP and TLS, naming the deadline") {
  std::vector<std::unique_ptr<HostileServer>> silent;
  std::vector<HttpProbeSpec> http;
  std::vector<TlsProbeSpec> tls;
  for (int i = 0; i < 6; ++i) {
    silent.push_back(std::make_unique<HostileServer>(HostileServer::Mode::kSlow));
    uint16_t port = silent.back()->port();
    for (int path = 0; path < 3; ++path)
      http.push_back({"GET",
                      "http://127.0.0.1:" + std::to_string(port) + "/" + std::to_string(path),
                      {},
                      false});
    tls.push_back({"127.0.0.1", port, "", "", ""});
  }
  ProbeOptions options = Options(5000);
  options.limits.concurrency = 4;
  options.limits.deadline_ms = 1000;
  auto start = Clock::now();
  options.deadline = start + std::chrono::milliseconds(1000);
  auto http_out = RunHttpProbes(http, options);
  auto tls_out = RunTlsProbes(tls, options);
  double s = Since(start);
  const std::string why =
      "the audit deadline of 1000 ms (--deadline) passed before this probe finished";
  for (const auto& o : http_out) {
    INFO(o.spec.url);
    CHECK(o.error == why);
  }
  for (const auto& o : tls_out) CHECK(o.error == why);
  CHECK(s < 4.0);  // without it: 18 probes of 5 s, 4 at a time, then 6 handshakes: about 30 s
}
