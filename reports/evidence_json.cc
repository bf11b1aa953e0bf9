// Probe evidence as JSON, for evidence files and offline replay. Every field of every observation
// round-trips, so a replayed audit decides exactly as the live one did.

#include "reports/evidence_json.h"

#include "checker/report.h"

namespace checker::reports {

namespace {

Json Headers(const HeaderList& h) {
  Json a = Json::array();
  for (const auto& [name, value] : h) a.push_back(Json::array({name, value}));
  return a;
}
HeaderList ReadHeaders(const Json& j) {
  HeaderList h;
  for (const auto& pair : j)
    h.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  return h;
}

Json Cert(const std::optional<CertificateInfo>& c) {
  if (!c) return nullptr;
  return Json{{"subject", c->subject},
              {"issuer", c->issuer},
              {"subject_alt_names", c->subject_alt_names},
              {"not_before", c->not_before},
              {"not_after", c->not_after},
              {"days_until_expiry", c->days_until_expiry},
              {"sha256_fingerprint", c->sha256_fingerprint},
              {"key_type", c->key_type},
              {"key_bits", c->key_bits},
              {"signature_algorithm", c->signature_algorithm},
              {"self_signed", c->self_signed}};
}
std::optional<CertificateInfo> ReadCert(const Json& j) {
  if (j.is_null()) return std::nullopt;
  CertificateInfo c;
  c.subject = j.at("subject");
  c.issuer = j.at("issuer");
  c.subject_alt_names = j.at("subject_alt_names").get<std::vector<std::string>>();
  c.not_before = j.at("not_before");
  c.not_after = j.at("not_after");
  c.days_until_expiry = Integer<int64_t>(j.at("days_until_expiry"));
  c.sha256_fingerprint = j.at("sha256_fingerprint");
  c.key_type = j.at("key_type");
  c.key_bits = Integer<int>(j.at("key_bits"));
  c.signature_algorithm = j.at("signature_algorithm");
  c.self_signed = j.at("self_signed");
  return c;
}

}  // namespace

Json HttpJson(const HttpObservation& o, size_t body_limit) {
  std::string body = o.body;
  if (body.size() > body_limit) {
    body.resize(body_limit);
    // Do not cut a UTF-8 sequence in half.
    while (!body.empty() && (static_cast<unsigned char>(body.back()) & 0xC0) == 0x80)
      body.pop_back();
    if (!body.empty() && (static_cast<unsigned char>(body.back()) & 0x80) != 0) body.pop_back();
  }
  Json hops = Json::array();
  for (const auto& h : o.redirects)
    hops.push_back({{"status", h.status},
                    {"url", h.url},
                    {"location", h.location},
                    {"followed", h.followed},
                    {"note", h.note}});
  Json out{{"key", o.key},
           {"spec",
            {{"method", o.spec.method},
             {"url", o.spec.url},
             {"headers", Headers(o.spec.headers)},
             {"follow_redirects", o.spec.follow_redirects}}},
           {"request_line", o.request_line},
           {"ok", o.ok},
           {"error", o.error},
           {"status", o.status},
           {"http_version", o.http_version},
           {"headers", Headers(o.headers)},
           {"redirects", std::move(hops)},
           {"final_url", o.final_url},
           {"body", body},
           {"body_bytes", o.body_bytes},
           {"body_truncated", o.body_truncated},
           {"body_sha256", o.body_sha256},
           {"tls_version", o.tls_version},
           {"tls_cipher", o.tls_cipher},
           {"certificate", Cert(o.certificate)},
           {"elapsed_ms", o.elapsed_ms},
           {"redacted", o.redacted}};
  // Written only when set, so that evidence and reports without client certificates keep their
  // form; absent reads as false.
  if (o.client_certificate_offered) out["client_certificate_offered"] = true;
  return out;
}

HttpObservation ReadHttpJson(const Json& j) {
  HttpObservation o;
  o.key = j.at("key");
  const Json& s = j.at("spec");
  o.spec.method = s.at("method");
  o.spec.url = s.at("url");
  o.spec.headers = ReadHeaders(s.at("headers"));
  o.spec.follow_redirects = s.at("follow_redirects");
  o.request_line = j.at("request_line");
  o.ok = j.at("ok");
  o.error = j.at("error");
  o.status = Integer<int>(j.at("status"));
  o.http_version = j.at("http_version");
  o.headers = ReadHeaders(j.at("headers"));
  for (const auto& h : j.at("redirects"))
    o.redirects.push_back({Integer<int>(h.at("status")), h.at("url"), h.at("location"),
                           h.at("followed"), h.at("note")});
  o.final_url = j.at("final_url");
  o.body = j.at("body");
  o.body_bytes = Integer<uint64_t>(j.at("body_bytes"));
  o.body_truncated = j.at("body_truncated");
  o.body_sha256 = j.at("body_sha256");
  o.tls_version = j.at("tls_version");
  o.tls_cipher = j.at("tls_cipher");
  o.certificate = ReadCert(j.at("certificate"));
  o.elapsed_ms = j.at("elapsed_ms");
  o.redacted = j.at("redacted").get<std::vector<std::string>>();
  o.client_certificate_offered = j.value("client_certificate_offered", false);
  return o;
}

Json TlsJson(const TlsObservation& o) {
  Json out{{"key", o.key},
           {"spec",
            {{"host", o.spec.host},
             {"port", o.spec.port},
             {"server_name", o.spec.server_name},
             {"version", o.spec.version},
             {"ciphers", o.spec.ciphers}}},
           {"handshake_ok", o.handshake_ok},
           {"error", o.error},
           {"negotiated_version", o.negotiated_version},
           {"cipher", o.cipher},
           {"certificate", Cert(o.certificate)},
           {"chain_valid", o.chain_valid},
           {"chain_error", o.chain_error},
           {"hostname_match", o.hostname_match},
           {"elapsed_ms", o.elapsed_ms}};
  if (o.client_certificate_requested) {
    out["client_certificate_requested"] = true;
    out["client_ca_names"] = o.client_ca_names;
  }
  if (o.client_certificate_offered) out["client_certificate_offered"] = true;
  return out;
}

TlsObservation ReadTlsJson(const Json& j) {
  TlsObservation o;
  o.key = j.at("key");
  const Json& s = j.at("spec");
  o.spec.host = s.at("host");
  o.spec.port = Integer<uint16_t>(s.at("port"));
  o.spec.server_name = s.at("server_name");
  o.spec.version = s.at("version");
  o.spec.ciphers = s.at("ciphers");
  o.handshake_ok = j.at("handshake_ok");
  o.error = j.at("error");
  o.negotiated_version = j.at("negotiated_version");
  o.cipher = j.at("cipher");
  o.certificate = ReadCert(j.at("certificate"));
  o.chain_valid = j.at("chain_valid");
  o.chain_error = j.at("chain_error");
  o.hostname_match = j.at("hostname_match");
  o.elapsed_ms = j.at("elapsed_ms");
  o.client_certificate_requested = j.value("client_certificate_requested", false);
  o.client_ca_names = j.value("client_ca_names", std::vector<std::string>{});
  o.client_certificate_offered = j.value("client_certificate_offered", false);
  return o;
}

}  // namespace checker::reports

namespace checker {

using reports::Integer;
using reports::IntegerOr;
using reports::Json;

namespace {

Json EndpointsJson(const std::vector<RecordedEndpoint>& endpoints) {
  Json out = Json::array();
  for (const auto& e : endpoints) {
    Json j{{"purpose", e.purpose}, {"url", e.url}};
    if (!e.http_url.empty()) j["http_url"] = e.http_url;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<RecordedEndpoint> ReadEndpointsJson(const Json& list) {
  std::vector<RecordedEndpoint> out;
  for (const auto& j : list)
    out.push_back({j.at("purpose").get<std::string>(), j.at("url").get<std::string>(),
                   j.value("http_url", std::string())});
  return out;
}

}  // namespace

std::string ProbeEvidenceToJson(const ProbeEvidence& e) {
  Json http = Json::array(), tls = Json::array();
  for (const auto& [key, o] : e.http) http.push_back(reports::HttpJson(o, std::string::npos));
  for (const auto& [key, o] : e.tls) tls.push_back(reports::TlsJson(o));
  Json doc{{"format", "checker-evidence"},   {"format_version", 1},
           {"collected_at", e.collected_at}, {"targets", e.targets},
           {"http", std::move(http)},        {"tls", std::move(tls)}};
  if (e.endpoints_recorded)
    doc["endpoints"] = {{"declared", EndpointsJson(e.declared_endpoints)},
                        {"audited", EndpointsJson(e.audited_endpoints)}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::optional<ProbeEvidence> ProbeEvidenceFromJson(const std::string& text, std::string* error) {
  Json doc = Json::parse(text, nullptr, false);
  try {
    if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "checker-evidence") {
      *error = "not a checker evidence file";
      return std::nullopt;
    }
    if (IntegerOr(doc, "format_version", 0) != 1) {
      *error = "unsupported evidence format_version";
      return std::nullopt;
    }
    ProbeEvidence e;
    e.collected_at = Integer<int64_t>(doc.at("collected_at"));
    e.targets = doc.value("targets", std::vector<std::string>{});
    if (doc.contains("endpoints")) {
      const Json& endpoints = doc.at("endpoints");
      e.declared_endpoints = ReadEndpointsJson(endpoints.at("declared"));
      e.audited_endpoints = ReadEndpointsJson(endpoints.at("audited"));
      e.endpoints_recorded = true;
    }
    for (const auto& j : doc.at("http")) {
      HttpObservation o = reports::ReadHttpJson(j);
      e.http[o.key] = std::move(o);
    }
    for (const auto& j : doc.at("tls")) {
      TlsObservation o = reports::ReadTlsJson(j);
      e.tls[o.key] = std::move(o);
    }
    return e;
  } catch (const nlohmann::json::exception& ex) {
    *error = std::string("malformed evidence file: ") + ex.what();
    return std::nullopt;
  }
}

}  // namespace checker
