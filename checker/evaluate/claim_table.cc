// The manifest claims that probes can observe, as data: each pairs a manifest path with the probe
// that observes it and an expression over {declared, observed} that holds when the two agree.
// Sentences are templates: {path} renders a value of the same document, {path|yes|no} a boolean.

#include <stdexcept>

#include "evaluate/claims.h"

namespace checker::evaluate {

namespace {

ProbeRequest Get(std::string path, HeaderList headers = {}, std::string scheme = "https") {
  ProbeRequest r;
  r.path = std::move(path);
  r.headers = std::move(headers);
  r.scheme = std::move(scheme);
  return r;
}

struct Row {
  const char* path;
  CheckType probe;
  ProbeRequest request;
  std::vector<std::string> purposes;
  const char* holds;
  const char* statement;
  const char* observation;
  Level level;
  const char* category;
  LocalizedText title;
};

std::vector<Row> Rows() {
  const std::vector<std::string> kAll;
  const std::vector<std::string> kWeb = {"web"};
  return {
      {"transmission.tls_min_version",
       CheckType::kTls,
       {},
       kAll,
       "all(observed.accepted_versions, v, v >= declared)",
       "TLS {declared} minimum",
       "TLS {observed.accepted_versions} accepted",
       Level::kMust,
       "transport",
       {"宣言したTLSの最低バージョンがエンドポイントで守られている",
        "The declared minimum TLS version holds at the endpoints"}},
      {"transmission.tls_versions",
       CheckType::kTls,
       {},
       kAll,
       "all(observed.accepted_versions, v, v in declared) && all(declared, v, v in "
       "observed.accepted_versions)",
       "TLS {declared} enabled",
       "TLS {observed.accepted_versions} accepted",
       Level::kShould,
       "transport",
       {"宣言したTLSバージョンとエンドポイントが受け付けるバージョンが一致する",
        "The declared TLS versions are the ones the endpoints accept"}},
      {"transmission.client_certificates",
       CheckType::kTls,
       {},
       kAll,
       "observed.client_certificate.requested == declared",
       "{declared|client certificates required|no client certificates}",
       "{observed.client_certificate.requested|a client certificate requested|no client "
       "certificate requested}",
       Level::kMust,
       "network",
       {"宣言したクライアント証明書認証がエンドポイントで行われている",
        "The declared client-certificate authentication happens at the endpoints"}},
      {"web.hsts",
       CheckType::kHttp,
       Get("/"),
       kWeb,
       "observed.hsts.present == declared",
       "{declared|Strict-Transport-Security sent|no Strict-Transport-Security}",
       "{observed.hsts.present|Strict-Transport-Security sent|no Strict-Transport-Security "
       "header}",
       Level::kShould,
       "headers",
       {"宣言したHSTSがエンドポイントで送られている",
        "The declared HSTS is sent by the endpoints"}},
      {"web.https_redirect",
       CheckType::kHttp,
       Get("/", {}, "http"),
       kWeb,
       "observed.redirect.to_https == declared",
       "{declared|plain HTTP redirects to HTTPS|plain HTTP is not redirected}",
       "{observed.redirect.to_https|plain HTTP redirected to HTTPS|plain HTTP not redirected to "
       "HTTPS} (status {observed.status})",
       Level::kShould,
       "transport",
       {"宣言したHTTPSへのリダイレクトが行われている",
        "The declared redirect from plain HTTP to HTTPS happens"}},
      {"web.cors.allowed_origins",
       CheckType::kHttp,
       Get("/", {{"Origin", "https://evil.example"}}),
       {"web", "api", "fhir"},
       "!observed.cors.reflects_origin && (!observed.cors.wildcard || '*' in declared)",
       "cross-origin access only for {declared}",
       "Access-Control-Allow-Origin: {observed.cors.allow_origin} answered to Origin "
       "https://evil.example",
       Level::kShould,
       "headers",
       {"宣言したCORSポリシーがエンドポイントで守られている",
        "The declared CORS policy holds at the endpoints"}},
      {"web.security_txt",
       CheckType::kHttp,
       Get("/.well-known/security.txt"),
       kWeb,
       "(observed.status == 200 && default(observed.security_txt.valid, false)) == declared",
       "{declared|security.txt published|no security.txt}",
       "/.well-known/security.txt answered status {observed.status}, valid: "
       "{observed.security_txt.valid}",
       Level::kShould,
       "disclosure",
       {"宣言したsecurity.txtが公開されている", "The declared security.txt is published"}},
      {"web.banner_versions_hidden",
       CheckType::kHttp,
       Get("/"),
       {"web", "api", "fhir"},
       "observed.version_leak != declared",
       "{declared|no version numbers in Server or X-Powered-By|version numbers shown}",
       "{observed.version_leak|a version number in Server or X-Powered-By|no version number in "
       "Server or X-Powered-By} (Server: {observed.headers.server})",
       Level::kMay,
       "headers",
       {"宣言したとおり応答ヘッダに版数を出さない", "Response headers hide versions as declared"}},
      {"fhir.version",
       CheckType::kHttp,
       Get("/metadata"),
       {"fhir"},
       "observed.body.json.fhirVersion == declared",
       "FHIR {declared}",
       "CapabilityStatement fhirVersion {observed.body.json.fhirVersion}",
       Level::kShould,
       "api",
       {"宣言したFHIRバージョンでサービスしている",
        "The endpoint serves the declared FHIR version"}},
      {"fhir.smart_capabilities",
       CheckType::kHttp,
       Get("/.well-known/smart-configuration"),
       {"fhir"},
       "all(declared, c, c in observed.body.json.capabilities)",
       "SMART capabilities {declared}",
       "SMART configuration lists {observed.body.json.capabilities}",
       Level::kShould,
       "api",
       {"宣言したSMART対応機能が公開構成にある",
        "The declared SMART capabilities are in the published configuration"}},
  };
}

}  // namespace

const std::vector<ClaimSpec>& ClaimTable() {
  static const std::vector<ClaimSpec> table = [] {
    std::vector<ClaimSpec> out;
    for (auto& row : Rows()) {
      ClaimSpec c;
      c.path = row.path;
      c.check.type = row.probe;
      c.check.request = row.request;
      c.check.endpoint_purposes = row.purposes;
      c.check.id = std::string("claim.") + row.path;
      DiagnosticSink sink;
      c.check.expect = Expression::Compile(row.holds, {"claim " + c.path, 1, 1}, sink);
      // The table is code: an expression that does not compile is a programmer error, caught by
      // the first test that audits anything.
      if (!c.check.expect) throw std::logic_error("claim table: " + c.path + ": " + row.holds);
      c.statement = row.statement;
      c.observation = row.observation;
      c.level = row.level;
      c.category = row.category;
      c.title = row.title;
      out.push_back(std::move(c));
    }
    return out;
  }();
  return table;
}

}  // namespace checker::evaluate
