// Scope: probes reach only the hosts an audit declares (the manifest's endpoints and --target).

#include <cstdlib>
#include <curl/curl.h>
#include <memory>
#include <new>

#include "checker/probe.h"

#include "probes/text_util.h"

namespace checker {

namespace {

std::string Part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return "";
  std::string out = value;
  curl_free(value);
  return out;
}

}  // namespace

std::optional<Url> ParseUrl(std::string_view text, std::string* error) {
  std::string s(text);
  if (s.find('\0') != std::string::npos || s.find("://") == std::string::npos) {
    *error = "not an absolute URL (scheme://host/...)";
    return std::nullopt;
  }
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u) throw std::bad_alloc();
  if (CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, s.c_str(), 0); rc != CURLUE_OK) {
    *error = curl_url_strerror(rc);
    return std::nullopt;
  }
  Url url;
  url.scheme = probes::Lower(Part(u.get(), CURLUPART_SCHEME));
  if (url.scheme != "http" && url.scheme != "https") {
    *error = "the scheme must be http or https, not '" + url.scheme + "'";
    return std::nullopt;
  }
  if (!Part(u.get(), CURLUPART_USER).empty() || !Part(u.get(), CURLUPART_PASSWORD).empty()) {
    *error = "credentials in a URL are refused";
    return std::nullopt;
  }
  url.host = probes::Lower(Part(u.get(), CURLUPART_HOST));
  if (url.host.size() > 2 && url.host.front() == '[' && url.host.back() == ']')
    url.host = url.host.substr(1, url.host.size() - 2);
  if (url.host.empty()) {
    *error = "the URL has no host";
    return std::nullopt;
  }
  std::string port = Part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  int p = port.empty() || port.size() > 5 ? 0 : std::atoi(port.c_str());
  if (p < 1 || p > 65535) {
    *error = "the port must be 1 to 65535";
    return std::nullopt;
  }
  url.port = static_cast<uint16_t>(p);
  url.path = Part(u.get(), CURLUPART_PATH);
  if (url.path.empty()) url.path = "/";
  if (std::string query = Part(u.get(), CURLUPART_QUERY); !query.empty()) url.path += "?" + query;
  return url;
}

std::string OriginOf(const Url& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  return url.scheme + "://" + host + ":" + std::to_string(url.port);
}

std::string OriginOf(std::string_view url) {
  std::string error;
  auto u = ParseUrl(url, &error);
  return u ? OriginOf(*u) : "";
}

bool ProbeScope::AllowsHost(const std::string& host, uint16_t port) const {
  std::string h = probes::Lower(host);
  for (const auto& entry : hosts) {
    std::string e = probes::Lower(entry);
    if (e == h || e == h + ":" + std::to_string(port)) return true;
  }
  return false;
}

bool ProbeScope::Allows(const std::string& url) const {
  std::string error;
  auto u = ParseUrl(url, &error);
  return u && AllowsHost(u->host, u->port);
}

}  // namespace checker
