// The fleet file: every problem positioned, a vendor's problem keeps only that vendor out.

#include <catch2/catch.hpp>

#include "checker/fleet.h"

#include "support/test_support.h"

using namespace checker;

namespace {

const FleetVendor* Find(const FleetFile& f, const std::string& id, size_t nth = 0) {
  for (const auto& v : f.vendors)
    if (v.id == id && nth-- == 0) return &v;
  return nullptr;
}

bool HasProblem(const FleetVendor& v, uint32_t line, uint32_t column, const std::string& text) {
  for (const auto& d : v.problems)
    if (d.location.line == line && d.location.column == column &&
        d.message.find(text) != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("a fleet file's vendor problems are positioned and keep only that vendor out") {
  test::TempDir dir;
  dir.File("acme.yaml", "service: {id: acme}\n");
  dir.File("review.yaml", "attestations: []\n");
  std::string path = dir.File("fleet.yaml",
                              "version: 1\n"                             // 1
                              "defaults:\n"                              // 2
                              "  profile: phr-service\n"                 // 3
                              "vendors:\n"                               // 4
                              "  - id: acme\n"                           // 5
                              "    manifest: acme.yaml\n"                // 6
                              "    attestations: [review.yaml]\n"        // 7
                              "  - id: ghost\n"                          // 8
                              "    manifest: missing.yaml\n"             // 9
                              "  - id: twin\n"                           // 10
                              "    manifest: acme.yaml\n"                // 11
                              "  - id: twin\n"                           // 12
                              "    manifest: acme.yaml\n"                // 13
                              "  - id: unread\n"                         // 14
                              "    manifest: acme.yaml\n"                // 15
                              "    waivers: [review.yaml, gone.yaml]\n"  // 16
                              "  - id: \"bad\\x01id\"\n"                 // 17
                              "    manifest: acme.yaml\n"                // 18
                              "  - id: typo\n"                           // 19
                              "    manifest: acme.yaml\n"                // 20
                              "    targts: [x]\n"                        // 21
                              "  - manifest: acme.yaml\n");              // 22
  DiagnosticSink sink;
  auto fleet = LoadFleetFile(path, sink);
  REQUIRE(fleet);
  REQUIRE(fleet->vendors.size() == 8);
  const FleetVendor* acme = Find(*fleet, "acme");
  REQUIRE(acme);
  CHECK(acme->auditable());
  CHECK(acme->profile == "phr-service");
  CHECK(acme->safe_name == "acme");
  CHECK(acme->manifest == dir.path() / "acme.yaml");
  REQUIRE(acme->attestations.size() == 1);

  const FleetVendor* ghost = Find(*fleet, "ghost");
  REQUIRE(ghost);
  CHECK(HasProblem(*ghost, 9, 15, "cannot read manifest"));
  for (size_t nth : {0, 1}) {
    const FleetVendor* twin = Find(*fleet, "twin", nth);
    REQUIRE(twin);
    CHECK(HasProblem(*twin, nth == 0 ? 10 : 12, 5, "given more than once"));
    CHECK(twin->problems.size() == 1);  // not also a folder-name clash
  }
  const FleetVendor* unread = Find(*fleet, "unread");
  REQUIRE(unread);
  CHECK(HasProblem(*unread, 16, 28, "cannot read waivers file"));
  CHECK(unread->problems.size() == 1);
  const FleetVendor* bad = Find(*fleet, "bad\x01id");
  REQUIRE(bad);
  CHECK(HasProblem(*bad, 17, 5, "control character"));
  const FleetVendor* typo = Find(*fleet, "typo");
  REQUIRE(typo);
  CHECK(HasProblem(*typo, 21, 5, "unknown key 'targts'"));
  const FleetVendor* anonymous = Find(*fleet, "");
  REQUIRE(anonymous);
  CHECK(HasProblem(*anonymous, 22, 5, "needs an 'id'"));
  // Every vendor problem is in the sink too, with its source line for the caret.
  CHECK(sink.error_count() == 7);
  for (const auto& d : sink.diagnostics()) CHECK(!d.source_line.empty());
}

TEST_CASE("problems of the fleet file as a whole stop it, with positions") {
  test::TempDir dir;
  struct Case {
    std::string text;
    uint32_t line, column;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {"vendors: []\nvendorz: []\n", 2, 1, "unknown key 'vendorz'"},
           {"defaults:\n  timeout: -3\nvendors: []\n", 2, 12, "positive whole number"},
           {"defaults:\n  fail_on: often\nvendors: []\n", 2, 12, "must, should or may"},
           {"version: 2\nvendors: []\n", 1, 10, "'version' must be 1"},
           {"defaults: {profile: x}\n", 1, 1, "lists no vendor"},
           {"vendors_from: {glob: 'none/*.yaml'}\n", 1, 22, "matches no file"},
           {"vendors: {id: x}\n", 1, 10, "must be a list"},
           {"vendors: [\n", 2, 1, ""},
       }) {
    INFO(c.text);
    std::string path = dir.File("fleet.yaml", c.text);
    DiagnosticSink sink;
    CHECK_FALSE(LoadFleetFile(path, sink));
    REQUIRE(sink.has_errors());
    const Diagnostic& d = sink.diagnostics()[0];
    CHECK(d.location.file == path);
    CHECK(d.location.line == c.line);
    if (c.message.empty()) continue;  // a syntax error: its column is the reader's business
    CHECK(d.location.column == c.column);
    CHECK(d.message.find(c.message) != std::string::npos);
  }
}

TEST_CASE("vendors_from makes a vendor of each manifest a glob matches") {
  test::TempDir dir;
  dir.File("vendors/beta.yaml", "service: {id: b}\n");
  dir.File("vendors/alpha.yaml", "service: {id: a}\n");
  dir.File("tenants/kita/manifest.yaml", "service: {id: k}\n");
  dir.File("tenants/minami/manifest.yaml", "service: {id: m}\n");
  std::string path = dir.File("fleet.yaml",
                              "defaults: {packs: [rules/web-baseline], allow_private: true}\n"
                              "vendors_from:\n"
                              "  - glob: vendors/*.yaml\n"
                              "  - {glob: 'tenants/*/manifest.yaml', id_from: folder, "
                              "profile: phr-service, offline: true}\n");
  DiagnosticSink sink;
  auto fleet = LoadFleetFile(path, sink);
  INFO((sink.diagnostics().empty() ? "" : FormatDiagnostic(sink.diagnostics()[0])));
  REQUIRE(fleet);
  REQUIRE(fleet->vendors.size() == 4);
  CHECK(fleet->vendors[0].id == "alpha");  // sorted by path
  CHECK(fleet->vendors[1].id == "beta");
  CHECK(fleet->vendors[0].packs == std::vector<std::string>{(dir.path() / "rules/web-baseline")});
  CHECK(fleet->vendors[0].allow_private);
  CHECK_FALSE(fleet->vendors[0].offline);
  CHECK(fleet->vendors[2].id == "kita");
  CHECK(fleet->vendors[3].id == "minami");
  CHECK(fleet->vendors[3].profile == "phr-service");
  CHECK(fleet->vendors[3].packs.empty());  // its own selection replaces the defaults'
  CHECK(fleet->vendors[3].offline);
  for (const auto& v : fleet->vendors) CHECK(v.auditable());
}

TEST_CASE("vendor ids become safe, distinct folder names, or are refused") {
  std::string why;
  CHECK(SafeVendorName("acme-clinic_2.jp", &why) == "acme-clinic_2.jp");
  auto upper = SafeVendorName("Acme", &why);
  REQUIRE(upper);
  CHECK(upper->rfind("acme-", 0) == 0);
  CHECK(*upper != "acme");  // never the folder of the id "acme"
  for (std::string id : {"../../etc/passwd", "a/b", "..", ".", ".hidden", "-rf", "ひので医院",
                         "a b", "a\\b", "con:x", "x.."}) {
    INFO(id);
    auto name = SafeVendorName(id, &why);
    REQUIRE(name);
    CHECK(!name->empty());
    CHECK(name->find('/') == std::string::npos);
    CHECK(name->find('\\') == std::string::npos);
    CHECK(name->front() != '.');
    CHECK(name->front() != '-');
    CHECK(*name != id);
    for (char c : *name)
      CHECK((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'));
  }
  CHECK(*SafeVendorName("a/b", &why) != *SafeVendorName("a b", &why));
  CHECK(*SafeVendorName("ひので医院", &why) != *SafeVendorName("さくら", &why));
  for (std::string id : {std::string(), std::string("a\nb"), std::string("\x7f"),
                         std::string("\xff\xfe"), std::string(129, 'a')}) {
    why.clear();
    CHECK_FALSE(SafeVendorName(id, &why));
    CHECK(!why.empty());
  }
}

TEST_CASE("a vendor's CA bundle, client identity, replay, redaction and strictness are read") {
  test::TempDir dir;
  dir.File("acme.yaml", "service: {id: acme}\n");
  dir.File("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  dir.File("c.pem", "cert\n");
  dir.File("k.pem", "key\n");
  dir.File("evidence.json", "{}\n");
  std::string path = dir.File("fleet.yaml",
                              "defaults:\n"                     // 1
                              "  profile: phr-service\n"        // 2
                              "  strict: true\n"                // 3
                              "  redact: ['patient-[0-9]+']\n"  // 4
                              "  max_waiver_days: 90\n"         // 5
                              "  max_steps: 5000\n"             // 6
                              "vendors:\n"                      // 7
                              "  - id: acme\n"                  // 8
                              "    manifest: acme.yaml\n"       // 9
                              "    ca_bundle: ca.pem\n"         // 10
                              "    client_cert: c.pem\n"        // 11
                              "    client_key: k.pem\n"         // 12
                              "    replay: evidence.json\n"     // 13
                              "    redact: [acme-secret]\n"     // 14
                              "  - id: lax\n"                   // 15
                              "    manifest: acme.yaml\n"       // 16
                              "    strict: false\n"             // 17
                              "  - id: half\n"                  // 18
                              "    manifest: acme.yaml\n"       // 19
                              "    client_cert: c.pem\n"        // 20
                              "  - id: lost\n"                  // 21
                              "    manifest: acme.yaml\n"       // 22
                              "    replay: gone.json\n"         // 23
                              "  - id: both\n"                  // 24
                              "    manifest: acme.yaml\n"       // 25
                              "    offline: true\n"             // 26
                              "    replay: evidence.json\n");   // 27
  DiagnosticSink sink;
  auto fleet = LoadFleetFile(path, sink);
  REQUIRE(fleet);
  CHECK(fleet->defaults.strict == true);
  CHECK(fleet->defaults.redact == std::vector<std::string>{"patient-[0-9]+"});
  CHECK(fleet->defaults.max_waiver_days == 90u);
  CHECK(fleet->defaults.max_steps == 5000u);
  const FleetVendor* acme = Find(*fleet, "acme");
  REQUIRE(acme);
  CHECK(acme->auditable());
  CHECK(acme->strict);  // from the defaults
  CHECK(acme->ca_bundle == dir.path() / "ca.pem");
  CHECK(acme->client_cert == dir.path() / "c.pem");
  CHECK(acme->client_key == dir.path() / "k.pem");
  CHECK(acme->replay == dir.path() / "evidence.json");
  CHECK(acme->redact == std::vector<std::string>{"acme-secret"});
  const FleetVendor* lax = Find(*fleet, "lax");
  REQUIRE(lax);
  CHECK(lax->auditable());
  CHECK_FALSE(lax->strict);  // its own entry wins over the defaults
  const FleetVendor* half = Find(*fleet, "half");
  REQUIRE(half);
  CHECK(HasProblem(*half, 18, 5, "'client_cert' and 'client_key'; they go together"));
  const FleetVendor* lost = Find(*fleet, "lost");
  REQUIRE(lost);
  CHECK(HasProblem(*lost, 23, 13, "cannot read replay file"));
  const FleetVendor* both = Find(*fleet, "both");
  REQUIRE(both);
  CHECK(HasProblem(*both, 27, 13, "both 'replay' and 'offline: true'"));
  CHECK(sink.error_count() == 3);
}

TEST_CASE("the defaults refuse half a client identity and an overlong waiver limit") {
  test::TempDir dir;
  dir.File("acme.yaml", "service: {id: acme}\n");
  std::string path = dir.File("fleet.yaml",
                              "defaults:\n"                 // 1
                              "  profile: phr-service\n"    // 2
                              "  client_key: k.pem\n"       // 3
                              "  max_waiver_days: 40000\n"  // 4
                              "vendors: [{id: acme, manifest: acme.yaml}]\n");
  DiagnosticSink sink;
  CHECK_FALSE(LoadFleetFile(path, sink));
  bool pair = false, days = false;
  for (const auto& d : sink.diagnostics()) {
    pair |= d.location.line == 2 && d.message.find("they go together") != std::string::npos;
    days |= d.location.line == 4 && d.location.column == 20 &&
            d.message.find("from 1 to 36500") != std::string::npos;
  }
  CHECK(pair);
  CHECK(days);
}
