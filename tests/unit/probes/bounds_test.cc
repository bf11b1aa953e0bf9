// Probes bounded as a whole: the per-probe limit spans every redirect hop, and an audit deadline
// ends every unfinished probe (HTTP and TLS) with an error that names it. Timings are asserted
// with generous bounds; bench/run_limits.sh measures them.

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <memory>

#include "checker/probe.h"
#include "checker/source.h"

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

TEST_CASE("a body no rule reads is hashed as it streams in and kept only as an excerpt") {
  std::string body;
  for (int i = 0; body.size() < (1u << 20); ++i) body += static_cast<char>((i * 31) % 256);
  HostileServer server(HostileServer::Mode::kRespond,
                       "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\nConnection: close\r\n\r\n" + body);
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  HttpProbeSpec unread, read;
  unread.url = base + "/unread";
  unread.body_use = 0;
  read.url = base + "/read";
  read.body_use = kBodyText;
  ProbeOptions options = Options(5000);
  std::vector<std::string> seen;  // each observation is handed over once, final and whole
  options.observed = [&](HttpObservation& o) { seen.push_back(o.spec.url + " " + o.body_sha256); };
  auto out = RunHttpProbes({unread, read}, options);
  REQUIRE(out.size() == 2);
  for (const auto& o : out) {
    INFO(o.spec.url << ": " << o.error);
    REQUIRE(o.ok);
    CHECK(o.body_bytes == body.size());
    CHECK(o.body_sha256 == Sha256Hex(body));
  }
  CHECK(out[0].body.size() == kBodyExcerptBytes);
  CHECK(out[0].body == body.substr(0, kBodyExcerptBytes));
  CHECK(out[0].body_omitted == "no rule reads this response's body");
  CHECK(out[1].body == body);
  CHECK(out[1].body_omitted.empty());
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<std::string>{base + "/read " + Sha256Hex(body),
                                         base + "/unread " + Sha256Hex(body)});

  // The evidence cap: the second whole body that would cross it is cut to its excerpt.
  EvidenceBudget budget(StoredBodyBytes(body) + 100);
  HttpObservation first = out[1], second = out[1];
  budget.Charge(first);
  budget.Charge(second);
  CHECK(first.body == body);
  CHECK(second.body.size() == kBodyExcerptBytes);
  CHECK(second.body_omitted.find("--max-evidence-bytes") != std::string::npos);
  CHECK(budget.bodies_cut() == 1);
  CHECK(budget.Note().find("1 response body beyond the evidence cap") != std::string::npos);
}

TEST_CASE("text bodies are told from binary ones") {
  CHECK(BodyIsText("plain\ttext\r\n日本語"));
  CHECK_FALSE(BodyIsText(std::string("nul\0byte", 8)));
  CHECK_FALSE(BodyIsText("\xff\xfe"));
  CHECK_FALSE(BodyIsText("\xed\xa0\x80"));  // a surrogate
  CHECK(StoredBodyBytes("abc") == 3);
  CHECK(StoredBodyBytes(std::string("\0\0\0\0", 4)) == 8);
}
