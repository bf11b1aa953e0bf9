// The shared TLS contexts: one per CA bundle and client identity, reused across handshakes and
// calls, never changed by a probe; the system trust store indexed once and decoded lazily, with
// the same verdicts as OpenSSL's eager load of the same file. Against real nginx on 127.0.0.1.

#include "probes/tls_context.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "checker/probe.h"

#include "support/test_sites.h"

using namespace checker;
using test::TestSites;

namespace {

ProbeOptions Options(const std::string& ca_bundle) {
  ProbeOptions o;
  o.scope.hosts = {"127.0.0.1"};
  o.allow_private = true;  // the test servers listen on loopback
  o.ca_bundle = ca_bundle;
  return o;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Sets SSL_CERT_FILE for one scope: the "system" store of the process is then that file.
class SystemCertFile {
 public:
  explicit SystemCertFile(const std::string& path) {
    if (const char* old = std::getenv("SSL_CERT_FILE")) old_ = old;
    ::setenv("SSL_CERT_FILE", path.c_str(), 1);
  }
  ~SystemCertFile() {
    if (old_)
      ::setenv("SSL_CERT_FILE", old_->c_str(), 1);
    else
      ::unsetenv("SSL_CERT_FILE");
  }

 private:
  std::optional<std::string> old_;
};

const char* kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace

TEST_CASE("one context per CA bundle and client identity, reused across calls") {
  auto& pki = TestSites::Get().pki();
  auto first = probes::ClientTlsContext({pki.ca_cert, "", ""});
  auto again = probes::ClientTlsContext({pki.ca_cert, "", ""});
  REQUIRE(first.context);
  CHECK(first.context == again.context);
  auto with_identity = probes::ClientTlsContext({pki.ca_cert, pki.client_cert, pki.client_key});
  REQUIRE(with_identity.context);
  CHECK(with_identity.context != first.context);
  auto system = probes::ClientTlsContext({"", "", ""});
  REQUIRE(system.context);
  CHECK(system.context != first.context);
  CHECK(probes::ClientTlsContext({"", "", ""}).context == system.context);

  // A bundle rewritten in place (a renewed CA) gives a new context.
  test::TempDir dir;
  std::string bundle = dir.File("ca.pem", Read(pki.ca_cert));
  auto before = probes::ClientTlsContext({bundle, "", ""});
  REQUIRE(before.context);
  std::filesystem::last_write_time(
      bundle, std::filesystem::last_write_time(bundle) + std::chrono::seconds(5));
  auto after = probes::ClientTlsContext({bundle, "", ""});
  REQUIRE(after.context);
  CHECK(after.context != before.context);

  // A bundle that cannot be read is named in the error, each time.
  auto missing = probes::ClientTlsContext({"/nonexistent/ca.pem", "", ""});
  CHECK(!missing.context);
  CHECK(missing.error.rfind("cannot read CA bundle /nonexistent/ca.pem: ", 0) == 0);
  CHECK(probes::ClientTlsContext({"/nonexistent/ca.pem", "", ""}).error == missing.error);
}

TEST_CASE("version and weak-suite probes leave the shared context as it was") {
  auto& sites = TestSites::Get();
  ProbeOptions options = Options(sites.pki().ca_cert);
  SSL_CTX* ctx = probes::ClientTlsContext({options.ca_bundle, "", ""}).context.get();
  REQUIRE(ctx != nullptr);
  int level = SSL_CTX_get_security_level(ctx);
  uint16_t old_port = sites.Port("tls-old");
  auto legacy = RunTlsProbes(
      {{"127.0.0.1", old_port, "", "1.0", ""}, {"127.0.0.1", old_port, "", "", "AES128-SHA"}},
      options);
  CHECK(legacy[0].negotiated_version == "TLSv1");
  CHECK(legacy[1].cipher == "AES128-SHA");
  CHECK(probes::ClientTlsContext({options.ca_bundle, "", ""}).context.get() == ctx);
  CHECK(SSL_CTX_get_security_level(ctx) == level);
  CHECK(SSL_CTX_get_min_proto_version(ctx) == 0);
  CHECK(SSL_CTX_get_max_proto_version(ctx) == 0);
  // The next negotiated handshake on the same context offers the defaults again.
  auto negotiated = RunTlsProbes({{"127.0.0.1", old_port, "", "", ""}}, options);
  CHECK(negotiated[0].negotiated_version == "TLSv1.2");
  CHECK(negotiated[0].cipher != "AES128-SHA");
}

TEST_CASE("many handshakes at once share one context") {
  auto& sites = TestSites::Get();
  ProbeOptions options = Options(sites.pki().ca_cert);
  options.limits.per_host = 16;
  std::vector<TlsProbeSpec> specs(64, TlsProbeSpec{"127.0.0.1", sites.Port("good"), "", "", ""});
  for (const auto& o : RunTlsProbes(specs, options)) {
    INFO(o.error);
    CHECK(o.handshake_ok);
    CHECK(o.chain_valid);
  }
}

TEST_CASE("the system trust store gives the verdicts of OpenSSL's own load of the same file") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  // The system's anchors with the test CA last: the lazy store must find it among them all.
  std::string with_test_ca =
      dir.File("system-and-test.pem", Read(kSystemBundle) + Read(sites.pki().ca_cert));
  std::string system_only = dir.File("system.pem", Read(kSystemBundle));
  for (const std::string& file : {with_test_ca, system_only}) {
    SystemCertFile env(file);
    for (const char* site : {"good", "expired", "wrong-host", "self-signed"}) {
      TlsProbeSpec spec{"127.0.0.1", sites.Port(site), "", "", ""};
      auto lazy = RunTlsProbes({spec}, Options(""));     // the system store: SSL_CERT_FILE
      auto eager = RunTlsProbes({spec}, Options(file));  // the same file as a CA bundle
      INFO(file << " " << site << " " << lazy[0].error);
      REQUIRE(lazy[0].handshake_ok);
      CHECK(lazy[0].chain_valid == eager[0].chain_valid);
      CHECK(lazy[0].chain_error == eager[0].chain_error);
      CHECK(lazy[0].hostname_match == eager[0].hostname_match);
    }
    auto good = RunTlsProbes({{"127.0.0.1", sites.Port("good"), "", "", ""}}, Options(""));
    CHECK(good[0].chain_valid == (file == with_test_ca));
    if (file == system_only) CHECK(good[0].chain_error == "unable to get local issuer certificate");
  }
}
