// checker certify and checker certificate verify, end to end: a certified and a conditional audit
// get certificates that verify; a not-certified audit is refused with its reasons; a tampered
// certificate, one checked with another key, and one held against another report are refused.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/test_support.h"

using namespace checker;

namespace {

const std::string kChecker = CHECKER_BINARY;

std::string Pack() {
  std::string pack = test::TestPack(
      "cert", {{"cert.encrypted", "{type: manifest, expect: 'storage.encrypted == true'}"},
               {"cert.mfa", "{type: manifest, expect: 'extras.mfa == true'}"}});
  // The second rule is a should-rule: failing it makes the certification conditional.
  size_t second = pack.find("level: must", pack.find("cert.mfa"));
  pack.replace(second, 11, "level: should");
  return pack;
}

std::string Manifest(bool encrypted, bool mfa) {
  return std::string("service: {id: sakura-phr, name: \"Sakura <PHR>\"}\nstorage: {encrypted: ") +
         (encrypted ? "true" : "false") + "}\nextras: {mfa: " + (mfa ? "true" : "false") + "}\n";
}

// Audits a manifest offline into DIR/NAME/report.json.
std::string Audit(const test::TempDir& dir, const std::string& name, bool encrypted, bool mfa) {
  std::string manifest = dir.File(name + ".yaml", Manifest(encrypted, mfa));
  std::string out = (dir.path() / name).string();
  auto run = test::Run({kChecker, "audit", "--manifest", manifest, "--pack",
                        (dir.path() / "pack.yaml").string(), "--out", out, "--generated-at",
                        "2026-11-20T00:00:00Z", "--quiet"});
  INFO(run.out << run.err);
  REQUIRE(std::filesystem::exists(out + "/report.json"));
  return out + "/report.json";
}

void Keys(const test::TempDir& dir, const std::string& name) {
  std::string d = dir.path().string();
  REQUIRE(std::system(("openssl genpkey -algorithm ed25519 -out " + d + "/" + name +
                       ".pem 2>/dev/null && openssl pkey -in " + d + "/" + name +
                       ".pem -pubout -out " + d + "/" + name + ".pub")
                          .c_str()) == 0);
}

}  // namespace

TEST_CASE("certify issues a verifiable certificate for a certified audit", "[certify]") {
  test::TempDir dir;
  dir.File("pack.yaml", Pack());
  Keys(dir, "body");
  Keys(dir, "other");
  const std::string d = dir.path().string();
  std::string report = Audit(dir, "good", true, true);
  std::string cert = d + "/cert.json";
  auto issued = test::Run({kChecker, "certify", report, "--key", d + "/body.pem", "--today",
                           "2026-11-26", "--valid-for", "1y", "--out", cert});
  INFO(issued.out << issued.err);
  REQUIRE(issued.exit_code == 0);
  CHECK(issued.out.find("certified grade A+, valid 2026-11-26 to 2027-11-25") != std::string::npos);
  CHECK(issued.out.find("surveillance due 2027-05-26") != std::string::npos);
  std::string text = test::ReadText(cert);
  CHECK(text.find("\"decision\": \"certified\"") != std::string::npos);
  CHECK(text.find("\"name\": \"Sakura <PHR>\"") != std::string::npos);

  auto verified = test::Run(
      {kChecker, "certificate", "verify", cert, "--pubkey", d + "/body.pub", "--report", report});
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("verified: CHK-") != std::string::npos);

  SECTION("a tampered certificate is refused") {
    std::string tampered = text;
    tampered.replace(tampered.find("\"expires\": \"2027-11-25\""), 23,
                     "\"expires\": \"2030-11-25\"");
    dir.File("tampered.json", tampered);
    auto r = test::Run(
        {kChecker, "certificate", "verify", d + "/tampered.json", "--pubkey", d + "/body.pub"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("signature does not verify") != std::string::npos);
  }
  SECTION("another key does not verify it") {
    auto r = test::Run({kChecker, "certificate", "verify", cert, "--pubkey", d + "/other.pub"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("names another issuer key") != std::string::npos);
  }
  SECTION("a certificate signed with another key does not verify with the body's") {
    auto r = test::Run(
        {kChecker, "certify", report, "--key", d + "/other.pem", "--out", d + "/forged.json"});
    REQUIRE(r.exit_code == 0);
    auto v = test::Run(
        {kChecker, "certificate", "verify", d + "/forged.json", "--pubkey", d + "/body.pub"});
    CHECK(v.exit_code == 1);
  }
  SECTION("held against another report") {
    std::string other = Audit(dir, "other", true, false);
    auto r = test::Run(
        {kChecker, "certificate", "verify", cert, "--pubkey", d + "/body.pub", "--report", other});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("rests on another report") != std::string::npos);
  }
  SECTION("a file that is not a certificate is bad input") {
    dir.File("junk.json", "{\"format\": \"checker-certificate/v1\"}");
    auto r = test::Run(
        {kChecker, "certificate", "verify", d + "/junk.json", "--pubkey", d + "/body.pub"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("junk.json") != std::string::npos);
  }
}

TEST_CASE("a conditional audit's certificate lists its conditions", "[certify]") {
  test::TempDir dir;
  dir.File("pack.yaml", Pack());
  Keys(dir, "body");
  const std::string d = dir.path().string();
  std::string report = Audit(dir, "partial", true, false);
  auto r = test::Run({kChecker, "certify", report, "--key", d + "/body.pem", "--today",
                      "2026-11-26", "--valid-for", "6m", "--out", d + "/c.json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("conditional") != std::string::npos);
  CHECK(r.out.find("condition (should_rule): cert.mfa") != std::string::npos);
  CHECK(r.out.find("valid 2026-11-26 to 2027-05-25") != std::string::npos);
}

TEST_CASE("a not-certified audit is refused with its reasons", "[certify]") {
  test::TempDir dir;
  dir.File("pack.yaml", Pack());
  Keys(dir, "body");
  const std::string d = dir.path().string();
  std::string report = Audit(dir, "bad", false, true);
  auto r =
      test::Run({kChecker, "certify", report, "--key", d + "/body.pem", "--out", d + "/c.json"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("decision is not_certified") != std::string::npos);
  CHECK(r.err.find("1 must rule fails") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(d + "/c.json"));
  auto bad_terms = test::Run({kChecker, "certify", Audit(dir, "good", true, true), "--key",
                              d + "/body.pem", "--valid-for", "forever"});
  CHECK(bad_terms.exit_code == 1);
  CHECK(bad_terms.err.find("'forever' is not a duration") != std::string::npos);
}

TEST_CASE("a certificate's lifecycle: suspend, reinstate, revoke, supersede, expire", "[certify]") {
  test::TempDir dir;
  dir.File("pack.yaml", Pack());
  Keys(dir, "body");
  const std::string d = dir.path().string();
  const std::string db = d + "/history.db";
  std::string report = Audit(dir, "good", true, true);
  auto certify = [&](const std::string& today, const std::string& out) {
    return test::Run({kChecker, "certify", report, "--key", d + "/body.pem", "--today", today,
                      "--db", db, "--out", d + "/" + out});
  };
  auto cert = [&](const std::vector<std::string>& rest) {
    std::vector<std::string> argv = {kChecker, "certificate"};
    argv.insert(argv.end(), rest.begin(), rest.end());
    argv.insert(argv.end(), {"--db", db});
    return test::Run(argv);
  };
  auto first = certify("2027-01-10", "first.json");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  std::string id = first.out.substr(first.out.find("CHK-"), 20);
  auto status = cert({"status", id, "--today", "2027-02-01"});
  CHECK(status.exit_code == 0);
  CHECK(status.out.find(": valid on 2027-02-01 (issued on 2027-01-10)") != std::string::npos);

  auto suspend = cert({"suspend", id, "--key", d + "/body.pem", "--reason",
                       "surveillance found TLS 1.0", "--today", "2027-03-01"});
  INFO(suspend.out << suspend.err);
  CHECK(suspend.exit_code == 0);
  status = cert({"status", id, "--today", "2027-03-02"});
  CHECK(status.exit_code == 1);
  CHECK(status.out.find("suspended on 2027-03-01: surveillance found TLS 1.0") !=
        std::string::npos);
  auto verify = test::Run({kChecker, "certificate", "verify", d + "/first.json", "--pubkey",
                           d + "/body.pub", "--db", db, "--today", "2027-03-02"});
  CHECK(verify.exit_code == 1);  // signed, but not in force
  CHECK(verify.out.find("suspended") != std::string::npos);

  CHECK(
      cert({"suspend", id, "--key", d + "/body.pem", "--reason", "again", "--today", "2027-03-03"})
          .err.find("only a valid certificate can be suspended") != std::string::npos);
  CHECK(cert({"reinstate", id, "--key", d + "/body.pem", "--today", "2027-03-10"})
            .err.find("needs a reason") != std::string::npos);
  CHECK(cert({"reinstate", id, "--key", d + "/body.pem", "--reason", "fixed", "--today",
              "2027-03-10"})
            .exit_code == 0);
  CHECK(cert({"status", id, "--today", "2027-03-10"}).exit_code == 0);
  // Expiry needs no event: valid through 2028-01-09.
  CHECK(cert({"status", id, "--today", "2028-01-10"}).out.find("expired") != std::string::npos);

  // Re-certification supersedes the certificate in force.
  auto second = certify("2027-06-01", "second.json");
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("superseded: " + id) != std::string::npos);
  std::string id2 = second.out.substr(second.out.find("certificate CHK-") + 12, 20);
  CHECK(cert({"status", id, "--today", "2027-06-02"})
            .out.find("superseded on 2027-06-01 by " + id2) != std::string::npos);

  auto revoke = cert({"revoke", id2, "--key", d + "/body.pem", "--reason", "false declarations",
                      "--today", "2027-07-01"});
  CHECK(revoke.exit_code == 0);
  verify = test::Run({kChecker, "certificate", "verify", d + "/second.json", "--pubkey",
                      d + "/body.pub", "--db", db, "--today", "2027-07-02"});
  CHECK(verify.exit_code == 1);
  CHECK(verify.out.find("revoked on 2027-07-01: false declarations") != std::string::npos);
  CHECK(cert({"reinstate", id2, "--key", d + "/body.pem", "--reason", "appeal", "--today",
              "2027-07-05"})
            .err.find("only a suspended certificate can be reinstated") != std::string::npos);
}
