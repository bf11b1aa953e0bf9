// Scope: probes reach only the hosts an audit declares (the manifest's endpoints and --target).

#include <curl/curl.h>
#include <memory>

#include "checker/probe.h"

#include "probes/text_util.h"

namespace checker {

namespace {

struct UrlParts {
  std::string scheme, host;
  uint16_t port = 0;
  bool ok = false;
};

UrlParts ParseUrl(const std::string& url) {
  UrlParts out;
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return out;
  char *scheme = nullptr, *host = nullptr, *port = nullptr;
  curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(u.get(), CURLUPART_HOST, &host, 0);
  curl_url_get(u.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
  if (scheme != nullptr && host != nullptr && port != nullptr) {
    out.scheme = probes::Lower(scheme);
    out.host = probes::Lower(host);
    out.port = static_cast<uint16_t>(std::stoi(port));
    out.ok = out.scheme == "http" || out.scheme == "https";
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  return out;
}

}  // namespace

bool ProbeScope::AllowsHost(const std::string& host, uint16_t port) const {
  std::string h = probes::Lower(host);
  for (const auto& entry : hosts) {
    std::string e = probes::Lower(entry);
    if (e == h || e == h + ":" + std::to_string(port)) return true;
  }
  return false;
}

bool ProbeScope::Allows(const std::string& url) const {
  UrlParts p = ParseUrl(url);
  return p.ok && AllowsHost(p.host, p.port);
}

}  // namespace checker
