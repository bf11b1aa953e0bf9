// The probe engine shared by several audits ("vendors"): limits held across calls, HTTP and TLS
// overlapped, connections reused within a policy and never across one, a silent host holding no
// one else back, one call's cancellation leaving the others alone, and the rate per host. Real
// nginx (its access log says which connection served each request and when) and the hostile
// servers, on 127.0.0.1.

#include "checker/probe_engine.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "checker/probe.h"

#include "support/hostile_server.h"
#include "support/nginx_server.h"
#include "support/test_sites.h"

using namespace checker;
using test::HostileServer;

namespace {

using Clock = std::chrono::steady_clock;

ProbeOptions Options(int total_ms = 5000) {
  ProbeOptions o;
  o.scope.hosts = {"127.0.0.1"};
  o.allow_private = true;  // the test servers listen on loopback
  o.limits.connect_timeout_ms = 1000;
  o.limits.total_timeout_ms = total_ms;
  o.ca_bundle = test::TestSites::Get().pki().ca_cert;
  return o;
}

std::vector<HttpProbeSpec> Gets(const std::string& base, int n) {
  std::vector<HttpProbeSpec> specs;
  for (int i = 0; i < n; ++i) specs.push_back({"GET", base + "/p" + std::to_string(i), {}, false});
  return specs;
}

std::string Base(uint16_t port, const std::string& scheme = "http") {
  return scheme + "://127.0.0.1:" + std::to_string(port);
}

// An nginx whose access log records, per request: the connection's serial number, the request's
// number on it, the time and the path.
struct LoggingNginx {
  test::TempDir dir;
  uint16_t http = test::FreePort();
  uint16_t https = test::FreePort();
  std::unique_ptr<test::NginxServer> nginx;

  LoggingNginx() {
    const auto& pki = test::TestSites::Get().pki();
    std::string log = (dir.path() / "access.log").string();
    std::string servers =
        "  log_format probes '$connection $connection_requests $msec $request_uri';\n"
        "  server {\n    listen 127.0.0.1:" +
        std::to_string(http) + ";\n    access_log " + log +
        " probes;\n    location / { return 200 'ok'; }\n  }\n"
        "  server {\n    listen 127.0.0.1:" +
        std::to_string(https) + " ssl;\n    ssl_certificate " + pki.good_cert +
        ";\n    ssl_certificate_key " + pki.good_key +
        ";\n    ssl_protocols TLSv1.3;\n    access_log " + log +
        " probes;\n    location / { return 200 'ok'; }\n  }\n";
    nginx = std::make_unique<test::NginxServer>(dir.path() / "nginx", servers,
                                                std::vector<uint16_t>{http, https});
  }

  struct Line {
    long connection = 0;
    int request = 0;
    double msec = 0;
    std::string path;
  };
  std::vector<Line> Log() const {
    std::vector<Line> lines;
    std::ifstream in(dir.path() / "access.log");
    Line l;
    while (in >> l.connection >> l.request >> l.msec >> l.path) lines.push_back(l);
    return lines;
  }
  // The connections that served the requests whose path starts with `prefix`.
  std::set<long> Connections(const std::string& prefix) const {
    std::set<long> out;
    for (const auto& l : Log())
      if (l.path.rfind(prefix, 0) == 0) out.insert(l.connection);
    return out;
  }
};

}  // namespace

TEST_CASE("two vendors probing one host never exceed the engine's limit for that host") {
  HostileServer slow(HostileServer::Mode::kSlow);
  ProbeEngine engine(EngineLimits{16, 2, 0});
  ProbeOptions options = Options(500);
  options.limits.per_host = 4;  // each call alone would run 4 at once
  std::vector<HttpProbeSpec> http = Gets(Base(slow.port()), 3);
  std::vector<TlsProbeSpec> tls(1, {"127.0.0.1", slow.port(), "", "", ""});
  auto vendor = [&] { return engine.Run(http, tls, options); };
  auto a = std::async(std::launch::async, vendor);
  auto b = std::async(std::launch::async, vendor);
  for (auto* f : {&a, &b}) {
    ProbeResults r = f->get();
    REQUIRE(r.http.size() == 3);
    for (const auto& o : r.http) CHECK(o.error.rfind("timed out", 0) == 0);
    REQUIRE(r.tls.size() == 1);
    CHECK(!r.tls[0].handshake_ok);
  }
  EngineStats stats = engine.Stats();
  CHECK(stats.peak_per_origin.at("127.0.0.1:" + std::to_string(slow.port())) == 2);
  CHECK(stats.done == 8);
  CHECK(stats.in_flight == 0);
  CHECK(stats.queued == 0);
}

TEST_CASE("one call's HTTP and TLS probes run at the same time") {
  HostileServer slow(HostileServer::Mode::kSlow);
  LoggingNginx nginx;
  ProbeEngine engine;
  auto start = Clock::now();
  ProbeResults r = engine.Run({{"GET", Base(slow.port()) + "/", {}, false}},
                              {{"127.0.0.1", nginx.https, "", "", ""}}, Options(1500));
  REQUIRE(r.tls.size() == 1);
  INFO(r.tls[0].error);
  CHECK(r.tls[0].handshake_ok);
  CHECK(r.tls[0].chain_valid);
  CHECK(r.http[0].error.rfind("timed out", 0) == 0);
  // Both were in flight at once: the handshake did not wait for the 1.5 s HTTP probe.
  CHECK(engine.Stats().peak_in_flight == 2);
  CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 2.5);
}

TEST_CASE("connections are reused within one policy and never across policies") {
  LoggingNginx nginx;
  ProbeEngine engine(EngineLimits{16, 1, 0});  // one at a time: each finds the last connection
  ProbeOptions vendor = Options();
  auto first = engine.Run(Gets(Base(nginx.https, "https") + "/a", 4), {}, vendor).http;
  for (const auto& o : first) {
    INFO(o.spec.url << ": " << o.error);
    REQUIRE(o.ok);
    // TLS evidence read from a reused connection is that connection's.
    CHECK(o.tls_version == "TLSv1.3");
    REQUIRE(o.certificate);
    CHECK(o.certificate->subject == "CN=127.0.0.1");
  }
  CHECK(nginx.Connections("/a").size() == 1);
  // Another vendor with the same policy may use the same connection.
  engine.Run(Gets(Base(nginx.https, "https") + "/b", 2), {}, vendor);
  CHECK(nginx.Connections("/b") == nginx.Connections("/a"));
  // One that names the origin as a target (any address allowed there) has its own connections.
  ProbeOptions trusted = Options();
  trusted.allow_private = false;
  trusted.trusted_origins = {"https://127.0.0.1:" + std::to_string(nginx.https)};
  engine.Run(Gets(Base(nginx.https, "https") + "/c", 2), {}, trusted);
  REQUIRE(nginx.Connections("/c").size() == 1);
  CHECK(*nginx.Connections("/c").begin() != *nginx.Connections("/a").begin());
  // And so does one presenting a client certificate.
  ProbeOptions identity = Options();
  identity.client_cert = test::TestSites::Get().pki().client_cert;
  identity.client_key = test::TestSites::Get().pki().client_key;
  engine.Run(Gets(Base(nginx.https, "https") + "/d", 2), {}, identity);
  REQUIRE(nginx.Connections("/d").size() == 1);
  CHECK(nginx.Connections("/d") != nginx.Connections("/a"));
  CHECK(nginx.Connections("/d") != nginx.Connections("/c"));
  EngineStats stats = engine.Stats();
  CHECK(stats.connections_opened == 3);
  CHECK(stats.connections_reused == 7);
}

TEST_CASE("a vendor whose host never answers does not hold back another vendor") {
  HostileServer silent(HostileServer::Mode::kSlow);
  LoggingNginx nginx;
  // Two slots for the silent host, and its other probes queued ahead of the live ones.
  ProbeEngine engine(EngineLimits{4, 2, 0});
  // The silent probes wait 2 s each (8 s in all, two at a time), room enough for the live vendor
  // on a machine busy with sanitizer builds; its connect budget is roomy for the same reason.
  auto stuck = std::async(std::launch::async, [&] {
    return engine.Run(Gets(Base(silent.port()), 8), {}, Options(2000));
  });
  while (engine.Stats().queued == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ProbeOptions roomy = Options();
  roomy.limits.connect_timeout_ms = 4000;
  ProbeResults live =
      engine.Run(Gets(Base(nginx.http), 6), {{"127.0.0.1", nginx.https, "", "", ""}}, roomy);
  // The live vendor finished while the silent one's probes still waited for their host.
  CHECK(engine.Stats().queued > 0);
  for (const auto& o : live.http) CHECK(o.ok);
  CHECK(live.tls[0].handshake_ok);
  for (const auto& o : stuck.get().http) CHECK(o.error.rfind("timed out", 0) == 0);
}

TEST_CASE("cancelling one vendor's probes leaves another's results intact") {
  HostileServer slow(HostileServer::Mode::kSlow);
  HostileServer redirects(HostileServer::Mode::kSlowRedirects, "", 600);
  ProbeEngine engine(EngineLimits{16, 8, 0});
  std::atomic<bool> cancel{false};
  ProbeOptions cancelled = Options();
  cancelled.cancel = &cancel;
  cancelled.limits.per_host = 8;  // every probe under way when the flag is set
  auto start = Clock::now();
  auto a = std::async(std::launch::async, [&] {
    return engine.Run(Gets(Base(slow.port()), 6), {{"127.0.0.1", slow.port(), "", "", ""}},
                      cancelled);
  });
  auto b = std::async(std::launch::async, [&] {
    return engine.Run({{"GET", Base(redirects.port()) + "/hop/0", {}, false}}, {}, Options());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  cancel = true;
  ProbeResults ra = a.get();
  double stopped = std::chrono::duration<double>(Clock::now() - start).count();
  CHECK(stopped < 0.6);  // within about 100 ms of the flag
  for (const auto& o : ra.http) CHECK(o.error == "interrupted before the response was read");
  CHECK(ra.tls[0].error == "interrupted before the handshake completed");
  ProbeResults rb = b.get();
  INFO(rb.http[0].error);
  CHECK(rb.http[0].ok);
  CHECK(rb.http[0].status == 302);
}

TEST_CASE("the rate per host spaces the probes that reach it") {
  LoggingNginx nginx;
  ProbeEngine engine(EngineLimits{16, 4, 5});  // 5 a second: 200 ms apart
  ProbeResults r = engine.Run(Gets(Base(nginx.http) + "/r", 4),
                              {{"127.0.0.1", nginx.https, "", "", ""}}, Options());
  for (const auto& o : r.http) CHECK(o.ok);
  CHECK(r.tls[0].handshake_ok);
  std::vector<double> times;
  for (const auto& l : nginx.Log())
    if (l.path.rfind("/r", 0) == 0) times.push_back(l.msec);
  REQUIRE(times.size() == 4);
  std::sort(times.begin(), times.end());
  // Three intervals of 200 ms between the first start and the last. nginx logs a request when it
  // ends, so one interval alone can look shorter on a busy machine; the whole span cannot (at
  // 4 in flight and no rate, it is a few milliseconds).
  CHECK(times.back() - times.front() >= 0.5);
}

TEST_CASE("an engine stops its threads when destroyed, also after cancelled calls") {
  HostileServer slow(HostileServer::Mode::kSlow);
  for (int i = 0; i < 3; ++i) {
    ProbeEngine engine(EngineLimits{2, 1, 0});
    std::atomic<bool> cancel{true};
    ProbeOptions options = Options();
    options.cancel = &cancel;
    ProbeResults r =
        engine.Run(Gets(Base(slow.port()), 3), {{"127.0.0.1", slow.port(), "", "", ""}}, options);
    for (const auto& o : r.http) CHECK(o.error == "interrupted before the response was read");
    CHECK(r.tls[0].error == "interrupted before the handshake started");
  }
}

TEST_CASE("a probe waiting for a slot starts as soon as the slot is free") {
  LoggingNginx nginx;
  ProbeEngine engine(EngineLimits{16, 1, 0});  // one at a time
  ProbeOptions options = Options();
  auto start = Clock::now();
  ProbeResults r = engine.Run(Gets(Base(nginx.http), 30), {}, options);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& o : r.http) CHECK(o.ok);
  // Each waits for the one before it, not for the engine's next look at its queues (100 ms).
  CHECK(seconds < 1.5);  // 30 x 100 ms otherwise; about 5 ms here
}

TEST_CASE("each HTTP observation is handed over final and redacted on the calling thread") {
  LoggingNginx nginx;
  ProbeEngine engine;
  ProbeOptions options = Options();
  std::set<std::thread::id> threads;
  std::vector<std::string> seen;
  options.observed = [&](HttpObservation& o) {
    threads.insert(std::this_thread::get_id());
    seen.push_back(o.spec.url);
    CHECK(o.ok);
  };
  auto r = engine.Run(Gets(Base(nginx.http) + "/seen", 5), {}, options);
  CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});
  std::sort(seen.begin(), seen.end());
  std::vector<std::string> expected;
  for (const auto& o : r.http) expected.push_back(o.spec.url);
  CHECK(seen == expected);
}
