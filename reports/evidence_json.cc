// Probe evidence as JSON, for evidence files and offline replay. Every field of every observation
// round-trips, so a replayed audit decides exactly as the live one did.

#include "reports/evidence_json.h"

#include "checker/encoding.h"
#include "checker/report.h"

#include "reports/text.h"

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

// The body as stored: text as it is, cut at `limit` on a UTF-8 boundary; a binary body as
// base64 of its first `limit` bytes (escaped in JSON, binary bytes would take up to six times
// their size and not come back as they were).
void PutBody(Json& out, const HttpObservation& o, size_t limit) {
  std::string_view body(o.body);
  std::string_view text = body.substr(0, limit);
  if (text.size() < body.size()) {  // do not cut a UTF-8 sequence in half
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
      text.remove_suffix(1);
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0)
      text.remove_suffix(1);
  }
  if (BodyIsText(text)) {
    out["body"] = std::string(text);
  } else {
    out["body"] = Base64(body.substr(0, limit));
    out["body_encoding"] = "base64";
  }
  if (!o.body_omitted.empty()) out["body_omitted"] = o.body_omitted;
}

std::string ReadBody(const Json& j) {
  std::string body = j.at("body");
  std::string encoding = j.value("body_encoding", "");
  if (encoding.empty()) return body;
  if (encoding != "base64") throw Json::other_error::create(501, "unknown body_encoding", &j);
  auto bytes = FromBase64(body);
  if (!bytes) throw Json::other_error::create(501, "body is not canonical base64", &j);
  return *bytes;
}

}  // namespace

Json HttpJson(const HttpObservation& o, size_t body_limit) {
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
           {"body", nullptr},  // PutBody fills it
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
  PutBody(out, o, body_limit);
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
  o.body = ReadBody(j);
  o.body_omitted = j.value("body_omitted", "");
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
  // Written observation by observation, so that no JSON tree of every body is ever held.
  auto dump = [](const Json& j) {
    std::string text = j.dump(2, ' ', false, Json::error_handler_t::replace);
    std::string out = "    ";
    for (char c : text) {
      out += c;
      if (c == '\n') out += "    ";
    }
    return out;
  };
  Json head{{"format", "checker-evidence"},
            {"format_version", 1},
            {"collected_at", e.collected_at},
            {"targets", e.targets}};
  if (!e.notes.empty()) head["notes"] = e.notes;
  if (e.endpoints_recorded)
    head["endpoints"] = {{"declared", EndpointsJson(e.declared_endpoints)},
                         {"audited", EndpointsJson(e.audited_endpoints)}};
  std::string out = head.dump(2, ' ', false, Json::error_handler_t::replace);
  out.resize(out.size() - 2);  // "\n}": the lists follow
  auto list = [&](const char* name, const auto& observations) {
    out += ",\n  \"" + std::string(name) + "\": [";
    const char* separator = "\n";
    for (const auto& [key, o] : observations) {
      out += separator;
      if constexpr (std::is_same_v<std::decay_t<decltype(o)>, HttpObservation>)
        out += dump(reports::HttpJson(o, std::string::npos));
      else
        out += dump(reports::TlsJson(o));
      separator = ",\n";
    }
    out += observations.empty() ? "]" : "\n  ]";
  };
  list("http", e.http);
  list("tls", e.tls);
  out += "\n}\n";
  return out;
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
    e.notes = doc.value("notes", std::vector<std::string>{});
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
