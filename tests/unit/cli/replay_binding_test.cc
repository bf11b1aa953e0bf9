// Replay binds evidence to the manifest (issue 12): evidence collected for other endpoints than
// the manifest declares (another vendor's evidence, recorded at a --target that replaces every
// endpoint) is refused, naming each endpoint on either side, instead of deciding (before: such a
// replay was certified A+).

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_sites.h"

using namespace checker;
using test::Run;
using test::TestSites;

namespace {

const std::string kChecker = CHECKER_BINARY;

const std::string kPack = test::TestPack(
    "replay", {{"replay.hsts", R"({type: http, endpoints: [web], expect: 'hsts.present'})"}});

std::string Manifest(const std::string& vendor, const std::string& url) {
  return "service: {id: " + vendor + ", name: " + vendor + "}\nendpoints:\n  - {url: \"" + url +
         "\", purpose: web}\n";
}

test::RunResult Audit(const test::TempDir& dir, const std::string& manifest, const std::string& out,
                      std::vector<std::string> extra) {
  std::vector<std::string> argv = {kChecker,     "audit",
                                   "--manifest", manifest,
                                   "--pack",     dir.path().string() + "/pack.yaml",
                                   "--out",      (dir.path() / out).string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return Run(argv);
}

}  // namespace

TEST_CASE("evidence collected for another manifest's endpoints is refused in replay") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  dir.File("pack.yaml", kPack);
  std::string vendor_y = dir.File("y.yaml", Manifest("y", "https://www.vendor-y.example/"));
  // Vendor Y's site is audited live at a target that replaces its web endpoint.
  auto live = Audit(dir, vendor_y, "live",
                    {"--target", "web=" + sites.Url("good"), "--ca-bundle", sites.pki().ca_cert});
  INFO(live.out << live.err);
  REQUIRE(live.exit_code == 0);
  std::string evidence = (dir.path() / "live/evidence.json").string();

  // Its own manifest replays it.
  auto own = Audit(dir, vendor_y, "own", {"--replay", evidence});
  INFO(own.out << own.err);
  CHECK(own.exit_code == 0);
  CHECK(own.out.find("decision: certified") != std::string::npos);

  // Vendor X's manifest does not: both endpoints are named, nothing is written.
  std::string vendor_x = dir.File("x.yaml", Manifest("x", "https://portal.vendor-x.example/"));
  auto other = Audit(dir, vendor_x, "other", {"--replay", evidence});
  INFO(other.out << other.err);
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("was not collected for this manifest's endpoints; it cannot be replayed") !=
        std::string::npos);
  CHECK(other.err.find("the manifest declares the web endpoint https://portal.vendor-x.example/ "
                       "(") != std::string::npos);
  CHECK(other.err.find("x.yaml:3:") != std::string::npos);
  CHECK(other.err.find("the evidence was collected for the web endpoint "
                       "https://www.vendor-y.example/, which the manifest does not declare") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "other/report.json"));

  // Replaying at another --target than the evidence was collected at is refused too.
  auto moved =
      Audit(dir, vendor_y, "moved", {"--replay", evidence, "--target", "web=https://127.0.0.1:1/"});
  CHECK(moved.exit_code == 2);
  CHECK(moved.err.find("this replay audits the web endpoint https://127.0.0.1:1/") !=
        std::string::npos);

  // Evidence that does not record its endpoints (an earlier version's file) is refused.
  std::string text = test::ReadText(evidence);
  size_t at = text.find("\"endpoints\"");
  REQUIRE(at != std::string::npos);
  std::string older = text.substr(0, at) + "\"no_endpoints\"" + text.substr(at + 11);
  std::string older_path = dir.File("older.json", older);
  auto old = Audit(dir, vendor_y, "old", {"--replay", older_path});
  CHECK(old.exit_code == 2);
  CHECK(old.err.find("the evidence does not say which endpoints it was collected for") !=
        std::string::npos);
}

TEST_CASE("evidence holding observations of a host outside the audit's scope is refused") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  dir.File("pack.yaml", kPack);
  std::string manifest = dir.File("m.yaml", Manifest("m", sites.Url("good")));
  auto live = Audit(dir, manifest, "live",
                    {"--target", "web=" + sites.Url("good"), "--ca-bundle", sites.pki().ca_cert});
  INFO(live.out << live.err);
  REQUIRE(live.exit_code == 0);
  auto evidence = nlohmann::json::parse(test::ReadText(dir.path() / "live/evidence.json"));
  REQUIRE(!evidence["http"].empty());
  REQUIRE(!evidence["tls"].empty());

  // The endpoint lists still match; one observation more, of another host, is added by hand.
  auto http = evidence;
  auto foreign = http["http"][0];
  foreign["key"] = "GET https://foreign.example/";
  foreign["spec"]["url"] = "https://foreign.example/";
  foreign["final_url"] = "https://foreign.example/";
  http["http"].push_back(foreign);
  auto refused = Audit(dir, manifest, "http", {"--replay", dir.File("http.json", http.dump())});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("holds observations outside this audit's scope; it cannot be replayed") !=
        std::string::npos);
  CHECK(refused.err.find("the HTTP observation of https://foreign.example/ is outside the audit's "
                         "scope: 127.0.0.1:") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "http/report.json"));

  auto tls = evidence;
  auto handshake = tls["tls"][0];
  handshake["key"] = "foreign.example:8443";
  handshake["spec"]["host"] = "foreign.example";
  handshake["spec"]["port"] = 8443;
  tls["tls"].push_back(handshake);
  auto tls_refused = Audit(dir, manifest, "tls", {"--replay", dir.File("tls.json", tls.dump())});
  INFO(tls_refused.out << tls_refused.err);
  CHECK(tls_refused.exit_code == 2);
  CHECK(tls_refused.err.find("the TLS observation of foreign.example:8443 is outside the audit's "
                             "scope") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "tls/report.json"));

  // The evidence as recorded still replays.
  auto own = Audit(dir, manifest, "own", {"--replay", dir.File("own.json", evidence.dump())});
  INFO(own.out << own.err);
  CHECK(own.exit_code == 0);
}
