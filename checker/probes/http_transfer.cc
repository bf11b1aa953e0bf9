// One HTTP transfer of a probe (http_transfer.h): header and body sizes are capped in the
// callbacks, a transfer beyond a cap is aborted and reported, never buffered.

#include "probes/http_transfer.h"

#include <chrono>
#include <curl/curl.h>
#include <deque>
#include <map>
#include <memory>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include "checker/probe.h"
#include "checker/source.h"

#include "probes/address_policy.h"
#include "probes/certificate.h"
#include "probes/redact.h"
#include "probes/text_util.h"

namespace checker::probes {

namespace {

using Clock = std::chrono::steady_clock;

long RemainingMs(Clock::time_point until) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  t->header_bytes += len;
  if (t->header_bytes > t->options->limits.max_header_bytes) {
    t->header_limit = true;
    return 0;  // aborts the transfer
  }
  std::string_view line(data, len);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response_headers.clear();  // a new response (e.g. after 100 Continue)
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    t->response_headers.emplace_back(probes::Lower(probes::Trim(line.substr(0, colon))),
                                     std::string(probes::Trim(line.substr(colon + 1))));
  }
  if (!t->tls_seen && t->url.rfind("https", 0) == 0) {
    // The TLS session is only safe to inspect while the transfer runs.
    t->tls_seen = true;
    curl_tlssessioninfo* info = nullptr;
    if (curl_easy_getinfo(t->easy, CURLINFO_TLS_SSL_PTR, &info) == CURLE_OK && info != nullptr &&
        info->backend == CURLSSLBACKEND_OPENSSL && info->internals != nullptr) {
      SSL* ssl = static_cast<SSL*>(info->internals);
      t->obs->tls_version = SSL_get_version(ssl);
      t->obs->tls_cipher = SSL_get_cipher_name(ssl);
      if (X509* peer = SSL_get1_peer_certificate(ssl)) {
        t->obs->certificate = probes::DescribeCertificate(peer, probes::Now(*t->options));
        X509_free(peer);
      }
    }
  }
  return len;
}

// Keeps the body only as far as rules read it: a body they do not read is hashed as it streams
// in and only its excerpt held, so that 100 such bodies of 1 MiB never sit in memory together.
void Keep(Transfer& t, const char* data, size_t len) {
  if (!t.digest) {
    t.digest.reset(EVP_MD_CTX_new());
    EVP_DigestInit_ex(t.digest.get(), EVP_sha256(), nullptr);
  }
  EVP_DigestUpdate(t.digest.get(), data, len);
  size_t keep = len;
  if (t.obs->spec.body_use == 0)
    keep = std::min(len, kBodyExcerptBytes - std::min(t.body.size(), kBodyExcerptBytes));
  t.body.append(data, keep);
}

std::string DigestHex(Transfer& t) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!t.digest) return Sha256Hex("");
  EVP_DigestFinal_ex(t.digest.get(), digest, &length);
  t.digest.reset();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  size_t max = t->options->limits.max_body_bytes;
  size_t room = max - std::min<uint64_t>(t->body_bytes, max);
  t->body_bytes += len;
  if (len > room) {
    Keep(*t, data, room);
    t->body_limit = true;
    return 0;
  }
  Keep(*t, data, len);
  return len;
}

// Every connection libcurl opens passes the address policy first, on the address resolved: a
// manifest URL, a redirect or a DNS answer cannot point a probe at the auditor's network.
curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  std::string why = probes::RefusedAddress(&address->addr, address->addrlen, t->allowance);
  if (!why.empty()) {
    t->refused = std::move(why);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace

void TakeBody(Transfer& t, HttpObservation& o) {
  o.body = std::move(t.body);
  o.body_bytes = t.body_bytes;
  o.body_truncated = t.body_limit;
  o.body_sha256 = DigestHex(t);
  o.body_omitted.clear();
  uint64_t received = std::min<uint64_t>(t.body_bytes, t.options->limits.max_body_bytes);
  if (o.spec.body_use == 0 && o.body.size() < received)
    o.body_omitted = "no rule reads this response's body";
}

std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

std::string HostOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  return probes::Lower(
      url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

CURL* MakeEasy(Transfer& t) {
  CURL* e = curl_easy_init();
  const auto& lim = t.options->limits;
  curl_easy_setopt(e, CURLOPT_URL, t.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  // The probe's total limit spans every redirect hop; the audit deadline caps it.
  long left = RemainingMs(t.probe_started + std::chrono::milliseconds(lim.total_timeout_ms));
  if (t.options->deadline) {
    long to_deadline = RemainingMs(*t.options->deadline);
    t.deadline_bound = to_deadline < left;
    left = std::min(left, to_deadline);
  }
  left = std::max(left, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(left, static_cast<long>(lim.connect_timeout_ms)));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, left);
  // Certificates are judged by the TLS probes; HTTP probes still collect headers from a site
  // whose certificate is bad, so that every finding has evidence.
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "checker-probe/1");
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  t.allowance = probes::AllowanceFor(*t.options, OriginOf(t.url));
  t.refused.clear();
  // Probes connect directly: through a proxy (http_proxy and the like), the address policy would
  // see only the proxy's address, never where the probe goes.
  curl_easy_setopt(e, CURLOPT_PROXY, "");
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING,
                   "");  // decoded bodies; the cap applies after decoding
  const std::string& method = t.obs->spec.method;
  if (method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  for (const auto& [name, value] : t.obs->spec.headers)
    t.headers = curl_slist_append(t.headers, (name + ": " + value).c_str());
  if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
  if (!t.options->client_cert.empty() && t.url.rfind("https:", 0) == 0) {
    curl_easy_setopt(e, CURLOPT_SSLCERT, t.options->client_cert.c_str());
    curl_easy_setopt(e, CURLOPT_SSLKEY, t.options->client_key.c_str());
    t.obs->client_certificate_offered = true;
  }
  t.easy = e;
  return e;
}

void Release(Transfer& t) {
  if (t.easy) curl_easy_cleanup(t.easy);
  if (t.headers) curl_slist_free_all(t.headers);
  t.easy = nullptr;
  t.headers = nullptr;
}

std::string CurlError(CURLcode code, const Transfer& t) {
  const auto& lim = t.options->limits;
  if (t.header_limit)
    return "response headers exceed the limit of " + std::to_string(lim.max_header_bytes) +
           " bytes";
  if (t.body_limit)
    return "response body exceeds the limit of " + std::to_string(lim.max_body_bytes) + " bytes";
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      if (t.deadline_bound) return t.options->DeadlineError();
      return "timed out (connect limit " + std::to_string(lim.connect_timeout_ms) +
             " ms, total limit " + std::to_string(lim.total_timeout_ms) + " ms" +
             (t.hops > 0 ? " for all " + std::to_string(t.hops + 1) + " redirect hops" : "") + ")";
    case CURLE_COULDNT_CONNECT:
      if (!t.refused.empty()) return "not connected: " + t.refused;
      return "connection refused or unreachable";
    case CURLE_GOT_NOTHING:
      return "the server closed the connection without answering";
    case CURLE_RECV_ERROR:
      return "connection reset while reading the response";
    case CURLE_SEND_ERROR:
      return "connection reset while sending the request";
    case CURLE_SSL_CONNECT_ERROR:
      return "TLS handshake failed (does the port speak TLS?)";
    case CURLE_SSL_CERTPROBLEM:
      return "the client certificate or key could not be used";
    default:
      return curl_easy_strerror(code);
  }
}

}  // namespace checker::probes
