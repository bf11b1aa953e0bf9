// The documents that http and tls check expressions read. Keys are documented in docs/probes.md;
// they are part of the rule-pack contract.

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "checker/http_facts.h"

#include "probes/text_util.h"

namespace checker {

namespace {

Node Str(std::string s) {
  Node n;
  n.kind = NodeKind::kString;
  n.text = std::move(s);
  return n;
}
Node Num(double v) {
  Node n;
  n.kind = NodeKind::kNumber;
  n.number = v;
  return n;
}
Node Bool(bool b) {
  Node n;
  n.kind = NodeKind::kBool;
  n.boolean = b;
  return n;
}
Node Map() {
  Node n;
  n.kind = NodeKind::kMap;
  return n;
}
Node List() {
  Node n;
  n.kind = NodeKind::kList;
  return n;
}
void Set(Node& map, std::string key, Node value) {
  for (auto& m : map.members)
    if (m.key == key) {
      m.value = std::move(value);
      return;
    }
  map.members.push_back({std::move(key), {}, std::move(value)});
}
// Appends a member whose key is known to be new (a JSON object's keys, a std::map's keys).
void Add(Node& map, std::string key, Node value) {
  map.members.push_back({std::move(key), {}, std::move(value)});
}
Node StrList(const std::vector<std::string>& items) {
  Node l = List();
  for (const auto& s : items) l.items.push_back(Str(s));
  return l;
}

// JSON body to a Node, bounded in depth (a hostile body cannot exhaust the stack).
Node FromJson(const nlohmann::json& j, int depth) {
  if (depth > 64) return Node{};
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      Node m = Map();
      // nlohmann's objects hold each key once: no duplicate check (it was quadratic).
      m.members.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it)
        Add(m, it.key(), FromJson(it.value(), depth + 1));
      return m;
    }
    case nlohmann::json::value_t::array: {
      Node l = List();
      l.items.reserve(j.size());
      for (const auto& item : j) l.items.push_back(FromJson(item, depth + 1));
      return l;
    }
    case nlohmann::json::value_t::string:
      return Str(j.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return Bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return Num(j.get<double>());
    default:
      return Node{};
  }
}

Node CertificateDocument(const CertificateInfo& c) {
  Node m = Map();
  Set(m, "subject", Str(c.subject));
  Set(m, "issuer", Str(c.issuer));
  Set(m, "subject_alt_names", StrList(c.subject_alt_names));
  Set(m, "not_before", Str(c.not_before));
  Set(m, "not_after", Str(c.not_after));
  Set(m, "days_until_expiry", Num(static_cast<double>(c.days_until_expiry)));
  Set(m, "sha256_fingerprint", Str(c.sha256_fingerprint));
  Set(m, "key_type", Str(c.key_type));
  Set(m, "key_bits", Num(c.key_bits));
  Set(m, "signature_algorithm", Str(c.signature_algorithm));
  Set(m, "self_signed", Bool(c.self_signed));
  return m;
}

}  // namespace

Node HttpObservationDocument(const HttpObservation& o, int64_t now, uint8_t body_use) {
  // What the body gives is there only when the body is whole and a rule reads it: a member left
  // out tells the checks that the evidence lacks it (missing_evidence, never an absent feature).
  if (!o.body_omitted.empty()) body_use = 0;
  Node d = Map();
  Set(d, "url", Str(o.spec.url));
  Set(d, "status", Num(o.status));
  Set(d, "final_url", Str(o.final_url));
  // Headers: a map by lower-cased name (repeated headers joined by ", " as HTTP allows, except
  // Set-Cookie, which is in `cookies`), plus the raw list.
  Node headers = Map();
  std::unordered_map<std::string, size_t> header_index;  // member of `headers` by name
  Node header_list = List();
  std::vector<std::string> set_cookies;
  std::string origin;
  for (const auto& [name, value] : o.spec.headers)
    if (probes::IEquals(name, "origin")) origin = value;
  for (const auto& [name, value] : o.headers) {
    Node pair = Map();
    Set(pair, "name", Str(name));
    Set(pair, "value", Str(value));
    header_list.items.push_back(std::move(pair));
    if (name == "set-cookie") {
      set_cookies.push_back(value);
      continue;
    }
    if (auto [it, added] = header_index.emplace(name, headers.members.size()); !added) {
      std::string& joined = headers.members[it->second].value.text;
      joined += ", ";
      joined += value;
    } else {
      Add(headers, name, Str(value));
    }
  }
  Set(d, "headers", headers);
  Set(d, "header_list", std::move(header_list));

  Node hsts = Map();
  const Node* hsts_header = headers.Find("strict-transport-security");
  Set(hsts, "present", Bool(hsts_header != nullptr));
  HstsPolicy h = hsts_header ? ParseHsts(hsts_header->text) : HstsPolicy{};
  Set(hsts, "valid", Bool(h.valid));
  Set(hsts, "max_age", Num(static_cast<double>(h.max_age)));
  Set(hsts, "include_subdomains", Bool(h.include_subdomains));
  Set(hsts, "preload", Bool(h.preload));
  Set(hsts, "problems", StrList(h.problems));
  Set(d, "hsts", std::move(hsts));

  Node csp = Map();
  const Node* csp_header = headers.Find("content-security-policy");
  CspPolicy c = csp_header ? ParseCsp(csp_header->text) : CspPolicy{};
  Set(csp, "present", Bool(csp_header != nullptr));
  Node directives = Map();
  for (const auto& [name, sources] : c.directives) Add(directives, name, StrList(sources));
  Set(csp, "directives", std::move(directives));
  Set(csp, "unsafe_inline", Bool(c.unsafe_inline));
  Set(csp, "unsafe_eval", Bool(c.unsafe_eval));
  Set(csp, "wildcard_source", Bool(c.wildcard_source));
  Set(csp, "has_default_src", Bool(c.has_default_src));
  Set(csp, "has_frame_ancestors", Bool(c.has_frame_ancestors));
  Set(csp, "has_object_src_none", Bool(c.has_object_src_none));
  Set(d, "csp", std::move(csp));

  Node cookies = List();
  for (const auto& raw : set_cookies) {
    SetCookie sc = ParseSetCookie(raw);
    Node k = Map();
    Set(k, "name", Str(sc.name));
    Set(k, "secure", Bool(sc.secure));
    Set(k, "http_only", Bool(sc.http_only));
    Set(k, "same_site", Str(sc.same_site));
    Set(k, "domain", Str(sc.domain));
    Set(k, "path", Str(sc.path));
    Set(k, "persistent", Bool(sc.persistent));
    Set(k, "host_prefix", Bool(sc.host_prefix));
    Set(k, "secure_prefix", Bool(sc.secure_prefix));
    Set(k, "prefix_violation", Bool(sc.prefix_violation));
    Set(k, "valid", Bool(sc.valid));
    cookies.items.push_back(std::move(k));
  }
  Set(d, "cookies", std::move(cookies));

  CorsFacts cors = EvaluateCors(o.headers, origin);
  Node cm = Map();
  Set(cm, "origin_sent", Str(origin));
  Set(cm, "allow_origin", Str(cors.allow_origin));
  Set(cm, "allow_credentials", Bool(cors.allow_credentials));
  Set(cm, "reflects_origin", Bool(cors.reflects_origin));
  Set(cm, "wildcard", Bool(cors.wildcard));
  Set(cm, "wildcard_with_credentials", Bool(cors.wildcard_with_credentials));
  Set(cm, "allows_null", Bool(cors.allows_null));
  Set(d, "cors", std::move(cm));

  const Node* server = headers.Find("server");
  const Node* powered = headers.Find("x-powered-by");
  Set(d, "version_leak",
      Bool((server && HasVersionNumber(server->text)) ||
           (powered && HasVersionNumber(powered->text))));
  // Each banner header by name, so a rule can name the one that leaks a version.
  Node banners = List();
  for (const auto& [name, header] :
       {std::pair{"Server", server}, std::pair{"X-Powered-By", powered}}) {
    if (header == nullptr) continue;
    Node b = Map();
    Set(b, "name", Str(name));
    Set(b, "value", Str(header->text));
    Set(b, "has_version", Bool(HasVersionNumber(header->text)));
    banners.items.push_back(std::move(b));
  }
  Set(d, "banners", std::move(banners));

  Node redirect = Map();
  const Node* location = headers.Find("location");
  Set(redirect, "is_redirect", Bool(o.status >= 300 && o.status < 400));
  Set(redirect, "location", Str(location ? location->text : ""));
  Set(redirect, "to_https", Bool(location && location->text.rfind("https://", 0) == 0));
  Node hops = List();
  for (const auto& hop : o.redirects) {
    Node h2 = Map();
    Set(h2, "status", Num(hop.status));
    Set(h2, "url", Str(hop.url));
    Set(h2, "location", Str(hop.location));
    Set(h2, "followed", Bool(hop.followed));
    hops.items.push_back(std::move(h2));
  }
  Set(redirect, "chain", std::move(hops));
  Set(d, "redirect", std::move(redirect));

  Node body = Map();
  Set(body, "bytes", Num(static_cast<double>(o.body_bytes)));
  Set(body, "sha256", Str(o.body_sha256));
  if (body_use & kBodyText) Set(body, "text", Str(o.body));
  if (body_use & kBodyJson) {
    nlohmann::json json = nlohmann::json::parse(o.body, nullptr, false);
    Set(body, "is_json", Bool(!json.is_discarded()));
    Set(body, "json", json.is_discarded() ? Node{} : FromJson(json, 0));
  }
  Set(d, "body", std::move(body));

  if (body_use & kBodySecurityTxt) {
    SecurityTxt st = ParseSecurityTxt(o.body, now);
    Node s = Map();
    Set(s, "valid", Bool(st.valid));
    Set(s, "contacts", StrList(st.contacts));
    Set(s, "expires_once", Bool(st.expires_once));
    Set(s, "expires_in_future", Bool(st.expires_in_future));
    Set(s, "expires_within_year", Bool(st.expires_within_year));
    Set(s, "canonical", StrList(st.canonical));
    Set(s, "problems", StrList(st.problems));
    Set(d, "security_txt", std::move(s));
  }

  Node tls = Map();
  Set(tls, "version", Str(o.tls_version));
  Set(tls, "cipher", Str(o.tls_cipher));
  if (o.certificate) Set(tls, "certificate", CertificateDocument(*o.certificate));
  Set(d, "tls", std::move(tls));
  return d;
}

uint8_t BodyUseOfPath(std::string_view path) {
  auto under = [&](std::string_view root) {
    return path.starts_with(root) &&
           (path.size() == root.size() || path[root.size()] == '.' || path[root.size()] == '[');
  };
  if (path == "body") return kBodyAll;
  if (under("body.text")) return kBodyText;
  if (under("body.json") || under("body.is_json")) return kBodyJson;
  if (under("security_txt")) return kBodySecurityTxt;
  return 0;
}

bool IsBodyPath(std::string_view path) { return BodyUseOfPath(path) != 0; }

Node TlsObservationDocument(const std::vector<const TlsObservation*>& handshakes) {
  Node d = Map();
  std::vector<std::string> accepted, refused, weak;
  const TlsObservation* negotiated = nullptr;
  for (const TlsObservation* h : handshakes) {
    if (!h->spec.ciphers.empty()) {
      if (h->handshake_ok) weak.push_back(h->cipher.empty() ? h->spec.ciphers : h->cipher);
      continue;
    }
    if (h->spec.version.empty()) {
      negotiated = h;
    } else {
      (h->handshake_ok ? accepted : refused).push_back(h->spec.version);
    }
  }
  Set(d, "accepted_versions", StrList(accepted));
  Set(d, "refused_versions", StrList(refused));
  Set(d, "weak_ciphers_accepted", StrList(weak));
  Node n = Map();
  if (negotiated != nullptr) {
    Set(n, "ok", Bool(negotiated->handshake_ok));
    Set(n, "error", Str(negotiated->error));
    Set(n, "version", Str(negotiated->negotiated_version));
    Set(n, "cipher", Str(negotiated->cipher));
    Set(n, "chain_valid", Bool(negotiated->chain_valid));
    Set(n, "chain_error", Str(negotiated->chain_error));
    Set(n, "hostname_match", Bool(negotiated->hostname_match));
    if (negotiated->certificate)
      Set(d, "certificate", CertificateDocument(*negotiated->certificate));
    Node client = Map();
    Set(client, "requested", Bool(negotiated->client_certificate_requested));
    Set(client, "ca_names", StrList(negotiated->client_ca_names));
    Set(client, "offered", Bool(negotiated->client_certificate_offered));
    Set(d, "client_certificate", std::move(client));
  }
  Set(d, "negotiated", std::move(n));
  return d;
}

}  // namespace checker
