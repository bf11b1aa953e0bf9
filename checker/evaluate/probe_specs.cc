// Probe specs from rules and endpoints: which request a check makes at an endpoint, which
// handshakes a TLS check needs, which document URL a manifest names and whether it is in scope,
// and which parts of a body a check reads.

#include "evaluate/probe_specs.h"

#include <algorithm>
#include <set>

#include "checker/audit.h"
#include "checker/http_facts.h"

namespace checker {
namespace evaluate {

// One URL parser everywhere: libcurl's (ParseUrl), the one the probes fetch with.
std::optional<UrlParts> SplitUrl(const std::string& url) {
  std::string error;
  auto u = ParseUrl(url, &error);
  if (!u) return std::nullopt;
  std::string path =
      u->path == "/" && url.find('/', url.find("://") + 3) == std::string::npos ? "" : u->path;
  return UrlParts{u->scheme, u->host, u->port, path};
}

uint8_t BodyUseOf(const Expression& expect, std::string_view prefix) {
  uint8_t use = 0;
  for (const auto& read : expect.Reads().paths) {
    std::string_view path = read.path;
    if (!path.starts_with(prefix)) continue;
    use |= BodyUseOfPath(path.substr(prefix.size()));
  }
  return use;
}

std::string BodyPathNotKept(const EvalResult& r, const Node& doc, std::string_view prefix) {
  const Node* body = doc.Find("body");
  auto kept = [&](uint8_t use) {
    if ((use & kBodyText) && (body == nullptr || body->Find("text") == nullptr)) return false;
    if ((use & kBodyJson) && (body == nullptr || body->Find("is_json") == nullptr)) return false;
    if ((use & kBodySecurityTxt) && doc.Find("security_txt") == nullptr) return false;
    return true;
  };
  auto check = [&](std::string_view path) {
    if (!path.starts_with(prefix)) return false;
    uint8_t use = BodyUseOfPath(path.substr(prefix.size()));
    return use != 0 && !kept(use);
  };
  for (const auto& e : r.evidence)
    if (check(e.path)) return e.path;
  for (const auto& p : r.missing_paths)
    if (check(p)) return p;
  for (const auto& p : r.absent_read)
    if (check(p)) return p;
  return "";
}

std::vector<const Endpoint*> EndpointsFor(const Check& check, const std::vector<Endpoint>& all) {
  std::vector<const Endpoint*> out;
  for (const auto& e : all) {
    const auto& p = check.endpoint_purposes;
    if (p.empty() || e.purpose == "any" || std::find(p.begin(), p.end(), e.purpose) != p.end())
      out.push_back(&e);
  }
  return out;
}

namespace {

std::string JoinPath(const std::string& base, const std::string& path) {
  std::string b = base;
  size_t query = b.find_first_of("?#", b.find("://") + 3);
  if (query != std::string::npos) b.resize(query);
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + path;
}

}  // namespace

std::optional<HttpProbeSpec> HttpSpecFor(const Check& check, const Endpoint& endpoint,
                                         std::string* why_not) {
  std::string base = endpoint.url;
  if (check.request.scheme == "http") {
    if (!endpoint.http_url.empty()) {
      base = endpoint.http_url;
    } else {
      auto u = SplitUrl(endpoint.url);
      if (!u) {
        *why_not = "endpoint URL '" + endpoint.url + "' is not an http(s) URL";
        return std::nullopt;
      }
      bool default_port = u->port == (u->scheme == "https" ? 443 : 80);
      if (!default_port) {
        *why_not = "the plain-HTTP address of " + endpoint.url +
                   " is unknown; declare it as the endpoint's http_url";
        return std::nullopt;
      }
      base = "http://" + u->host + u->path;
    }
  }
  if (!SplitUrl(base)) {
    *why_not = "endpoint URL '" + base + "' is not an http(s) URL";
    return std::nullopt;
  }
  HttpProbeSpec spec;
  spec.method = check.request.method;
  spec.url = JoinPath(base, check.request.path);
  spec.headers = check.request.headers;
  spec.follow_redirects = check.request.follow_redirects;
  return spec;
}

std::vector<TlsProbeSpec> TlsSpecsFor(const Endpoint& endpoint) {
  auto u = SplitUrl(endpoint.url);
  if (!u || u->scheme != "https") return {};
  std::vector<TlsProbeSpec> specs;
  for (const char* v : {"", "1.0", "1.1", "1.2", "1.3"})
    specs.push_back({u->host, u->port, u->host, v, ""});
  // Suites without forward secrecy or AEAD that NIST SP 800-52r2 and Mozilla exclude; each is
  // offered alone so that the report names the ones accepted.
  for (const char* weak : {"AES128-SHA", "AES256-SHA", "AES128-SHA256", "ECDHE-RSA-AES128-SHA"})
    specs.push_back({u->host, u->port, u->host, "", weak});
  return specs;
}

std::optional<TlsProbeSpec> NegotiatedTlsSpecFor(const std::string& url) {
  auto u = SplitUrl(url);
  if (!u || u->scheme != "https") return std::nullopt;
  return TlsProbeSpec{u->host, u->port, u->host, "", ""};
}

const TlsObservation* ClientCertificateGap(const HttpObservation& o,
                                           const ProbeEvidence& evidence) {
  auto spec = NegotiatedTlsSpecFor(o.spec.url);
  if (!spec || o.client_certificate_offered) return nullptr;
  auto it = evidence.tls.find(spec->Key());
  if (it == evidence.tls.end() || !it->second.client_certificate_requested) return nullptr;
  return &it->second;
}

std::set<std::string> DeclaredOrigins(const Document& manifest,
                                      const std::vector<Endpoint>& endpoints) {
  std::set<std::string> origins;
  auto add = [&](const std::string& url) {
    std::string error;
    auto u = ParseUrl(url, &error);
    if (!u) return;
    origins.insert(OriginOf(*u));
    // HttpSpecFor probes an https endpoint on 443 without http_url at http://host/.
    if (u->scheme == "https" && u->port == 443)
      origins.insert(OriginOf(Url{"http", u->host, 80, "/"}));
  };
  for (const auto& e : endpoints) {
    add(e.url);
    add(e.http_url);
  }
  for (const auto& e : AuditEndpoints(manifest, {})) {
    add(e.url);
    add(e.http_url);
  }
  if (const Node* list = manifest.root.FindPath("scope.additional_origins");
      list != nullptr && list->is_list())
    for (const auto& item : list->items)
      if (item.kind == NodeKind::kString) add(item.text);
  return origins;
}

std::optional<HttpProbeSpec> DocumentSpecFor(const Check& check, const Document& manifest,
                                             const std::vector<Endpoint>& endpoints,
                                             std::string* why_not, DocumentGap* gap) {
  *gap = DocumentGap::kInvalid;
  const Node* n = manifest.root.FindPath(check.url_path);
  if (n == nullptr) {
    *gap = DocumentGap::kMissing;
    *why_not = check.url_path;
    return std::nullopt;
  }
  if (n->kind != NodeKind::kString) {
    *why_not = check.url_path + " must be a URL string";
    return std::nullopt;
  }
  std::string url = n->text;
  if (!url.empty() && url[0] == '/') {
    auto web = std::find_if(endpoints.begin(), endpoints.end(), [](const Endpoint& e) {
      return e.purpose == "web" || e.purpose == "any";
    });
    if (web == endpoints.end()) {
      *why_not = check.url_path + " is a path, and no web endpoint is declared to resolve it";
      return std::nullopt;
    }
    auto u = SplitUrl(web->url);
    if (!u) {
      *why_not = check.url_path + " is a path, and the web endpoint '" + web->url +
                 "' is not an http(s) URL";
      return std::nullopt;
    }
    std::string host = u->host.find(':') != std::string::npos ? "[" + u->host + "]" : u->host;
    url = u->scheme + "://" + host + ":" + std::to_string(u->port) + url;
  }
  if (!SplitUrl(url)) {
    *why_not = check.url_path + " is not an http(s) URL: '" + url + "'";
    return std::nullopt;
  }
  // A vendor's manifest cannot widen the audit: a URL it carries is fetched only at an origin it
  // declared (an endpoint, or scope.additional_origins).
  if (std::string origin = OriginOf(url); !DeclaredOrigins(manifest, endpoints).count(origin)) {
    *gap = DocumentGap::kOutOfScope;
    *why_not = check.url_path + " '" + RedactUrl(url) +
               "' is outside the declared scope: " + origin +
               " is neither an endpoint's origin nor in scope.additional_origins; it was not "
               "fetched";
    return std::nullopt;
  }
  *gap = DocumentGap::kNone;
  HttpProbeSpec spec;
  spec.method = check.request.method;
  spec.url = url;
  spec.headers = check.request.headers;
  spec.follow_redirects = true;
  return spec;
}

}  // namespace evaluate

}  // namespace checker
