// No credential reaches a report: a real server (tests/support/hostile_server) answers with every
// kind of credential a request or response carries, each a unique secret, and every output
// format of the audit and its evidence.json are searched for each (issue 12, item 4).

#include <catch2/catch.hpp>
#include <filesystem>

#include "checker/source.h"

#include "support/hostile_server.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

// Every secret below contains this marker; nothing that contains it may be written.
constexpr const char* kMarker = "S3CRET";

std::string Response(const std::string& status, const std::string& headers) {
  return "HTTP/1.1 " + status + "\r\n" + headers +
         "Content-Length: 2\r\nConnection: close\r\n\r\nok";
}

std::string Rule(const std::string& id, const std::string& request) {
  return "  - id: leak." + id +
         "\n    title: {ja: t, en: t}\n    citation: {document: d, section: \"1\"}\n"
         "    level: must\n    severity: high\n    category: c\n"
         "    check:\n      type: http\n      request: " +
         request + "\n      expect: 'status == 200 && headers[\"x-never\"] == \"1\"'\n" +
         "    remediation: {ja: r, en: r}\n";
}

}  // namespace

TEST_CASE("credentials from requests and responses reach no output format") {
  test::HostileServer server(std::map<std::string, std::string>{
      {"/", Response("200 OK",
                     "Set-Cookie: S3CRET-nameless-cookie; Path=/\r\n"
                     "Set-Cookie: sid=S3CRET-named-cookie; Path=/; HttpOnly\r\n"
                     "Set-Cookie2: a=S3CRET-cookie2; Version=1\r\n"
                     "X-Api-Key: S3CRET-response-api-key\r\n"
                     "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", "
                     "access_token=\"S3CRET-www-authenticate\"\r\n"
                     "Proxy-Authenticate: Negotiate S3CRETnegotiateToken68==\r\n"
                     "Refresh: 5; url=/next?access_token=S3CRET-refresh-url\r\n")},
      {"/away", Response("302 Found",
                         "Location: http://user:S3CRET-userinfo@127.0.0.1:{port}/landing"
                         "?code=S3CRET-code&ref=PATTERN-S3CRET-1\r\n")},
      {"/hop",
       Response("302 Found",
                "Location: /landing?access_token=S3CRET-final-url&ref=PATTERN-S3CRET-2\r\n")},
      {"/landing", Response("200 OK", "")},
  });
  test::TempDir dir;
  std::string pack = dir.File(
      "pack.yaml",
      "kind: pack\npack:\n  id: leak\n  version: 1.0.0\n  title: {ja: t, en: t}\n  issuer: i\n"
      "  source: {document: d, edition: \"1\"}\n  effective_date: 2026-01-01\nrules:\n" +
          Rule("headers",
               "{path: /, headers: {Authorization: \"Bearer S3CRET-authorization\", Cookie: "
               "\"sid=S3CRET-request-cookie\", X-Api-Key: S3CRET-request-api-key, "
               "Proxy-Authorization: \"Basic S3CRET-proxy-authorization\"}}") +
          Rule("away", "{path: /away, follow_redirects: true}") +
          Rule("hop", "{path: /hop, follow_redirects: true}") +
          Rule("pattern", "{path: \"/landing?ref=PATTERN-S3CRET-3\"}") +
          Rule("query", "{path: \"/landing?access_token=S3CRET-query\"}") +
          Rule("short", "{path: /landing, headers: {X-Api-Key: k9}}"));
  std::string manifest = dir.File("m.yaml", "service:\n  name: Leak test\n");
  std::string out = (dir.path() / "out").string();
  std::string target = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--pack", pack, "--target", target,
                "--format", "all", "--redact", "PATTERN-[A-Z0-9]+-[0-9]", "--out", out, "--timeout",
                "5000"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);  // every rule fails (x-never is never sent): all have evidence

  std::vector<std::string> formats;
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    formats.push_back(e.path().filename().string());
    std::string text = test::ReadText(e.path());
    INFO(e.path().string());
    size_t at = text.find(kMarker);
    CHECK(at == std::string::npos);
    if (at != std::string::npos) FAIL_CHECK(text.substr(at > 80 ? at - 80 : 0, 160));
  }
  // Probe keys carry digests of the credentials, keyed by the run: neither a credential's plain
  // SHA-256 nor its 12-digit prefix (the digest a short secret like "k9" was guessed from) is
  // written anywhere.
  std::vector<std::string> digests;
  for (const char* secret :
       {"Bearer S3CRET-authorization", "sid=S3CRET-request-cookie", "S3CRET-request-api-key",
        "Basic S3CRET-proxy-authorization", "S3CRET-query", "k9"}) {
    digests.push_back(Sha256Hex(secret));
    digests.push_back(Sha256Hex(secret).substr(0, 12));
  }
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    std::string text = test::ReadText(e.path());
    for (const auto& digest : digests) {
      INFO(e.path().string() << ": " << digest);
      CHECK(text.find(digest) == std::string::npos);
    }
  }
  for (const char* name : {"report.json", "evidence.json", "report.html", "report.sarif",
                           "report.junit.xml", "report.oscal.json"}) {
    INFO(name);
    CHECK(std::find(formats.begin(), formats.end(), name) != formats.end());
  }
  CHECK(std::any_of(formats.begin(), formats.end(), [](const std::string& f) {
    return f.rfind("report.", 0) == 0 && f.ends_with(".md");
  }));
  std::string evidence = test::ReadText(std::filesystem::path(out) / "evidence.json");
  // The evidence is there, masked: the responses were received and the redirects followed.
  CHECK(evidence.find("[REDACTED:") != std::string::npos);  // the key's digests
  CHECK(evidence.find("/landing?access_token=[REDACTED]") != std::string::npos);
  CHECK(evidence.find("sid=[REDACTED]; Path=/; HttpOnly") != std::string::npos);
  CHECK(evidence.find("\"[REDACTED]; Path=/\"") != std::string::npos);
  CHECK(evidence.find("realm=\\\"api\\\"") != std::string::npos);

  // A replay finds every observation again, under keys --redact changed too.
  auto replay = Run({kChecker, "audit", "--manifest", manifest, "--pack", pack, "--replay",
                     (std::filesystem::path(out) / "evidence.json").string(), "--out",
                     (dir.path() / "replay").string()});
  INFO(replay.out << replay.err);
  CHECK(replay.exit_code == 1);
  std::string replayed = test::ReadText(dir.path() / "replay" / "report.json");
  CHECK(replayed.find("no observation of") == std::string::npos);
  CHECK(replayed.find(kMarker) == std::string::npos);
}
