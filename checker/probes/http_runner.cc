// HTTP probes through libcurl's multi interface. Redirects are followed by hand, one hop at a
// time, so that every hop is checked against the scope and recorded. Header and body sizes are
// capped in the callbacks; a transfer beyond a cap is aborted and reported, never buffered.

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

namespace checker {

namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

struct Transfer {
  HttpObservation* obs = nullptr;
  std::string url;  // of this hop
  std::string host;
  int hops = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  size_t header_bytes = 0;
  bool header_limit = false;
  bool body_limit = false;
  HeaderList response_headers;
  std::string body;  // whole, or its first kBodyExcerptBytes when no rule reads it
  uint64_t body_bytes = 0;
  DigestContext digest{nullptr, EVP_MD_CTX_free};  // SHA-256 of the body, as it streams in
  const ProbeOptions* options = nullptr;
  std::chrono::steady_clock::time_point started;        // of this hop
  std::chrono::steady_clock::time_point probe_started;  // of the first hop: the total limit
  bool tls_seen = false;                                // spans every hop
  bool deadline_bound = false;  // this hop's time limit is the audit deadline's remainder
  probes::AddressAllowance allowance = probes::AddressAllowance::kPublicOnly;  // of this hop
  std::string refused;  // why the address policy refused a connection of this hop
};

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

// The body of the transfer into its observation.
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

}  // namespace

std::vector<HttpObservation> RunHttpProbes(const std::vector<HttpProbeSpec>& specs,
                                           const ProbeOptions& options) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
  std::vector<HttpObservation> out(specs.size());
  std::deque<Transfer> transfers;  // stable addresses for callbacks
  std::deque<Transfer*> pending;
  for (size_t i = 0; i < specs.size(); ++i) {
    HttpObservation& o = out[i];
    o.spec = specs[i];
    o.key = specs[i].Key();
    o.request_line = specs[i].method + " " + PathOf(specs[i].url) + " HTTP/1.1";
    if (!options.scope.Allows(specs[i].url)) {
      o.error =
          "out of scope: " + HostOf(specs[i].url) + " is not an endpoint of the audited service";
      continue;
    }
    Transfer& t = transfers.emplace_back();
    t.obs = &o;
    t.url = specs[i].url;
    t.host = HostOf(t.url);
    t.options = &options;
    pending.push_back(&t);
  }

  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(),
                                                              curl_multi_cleanup);
  std::map<std::string, int> in_flight_per_host;
  int in_flight = 0;
  // An observation is final when its last hop is done: redacted and handed to the caller then.
  std::vector<char> finished(out.size(), 0);
  auto finish = [&](HttpObservation& o) {
    size_t i = static_cast<size_t>(&o - out.data());
    if (finished[i]) return;
    finished[i] = 1;
    Redact(o, options);
    if (options.observed) options.observed(o);
  };
  auto hop_followed = [](const HttpObservation& o) {
    return !o.redirects.empty() && o.redirects.back().followed;
  };
  auto start_some = [&] {
    for (auto it = pending.begin();
         it != pending.end() && in_flight < options.limits.concurrency;) {
      Transfer* t = *it;
      if (in_flight_per_host[t->host] >= options.limits.per_host) {
        ++it;
        continue;
      }
      t->started = std::chrono::steady_clock::now();
      if (t->hops == 0) t->probe_started = t->started;
      curl_multi_add_handle(multi.get(), MakeEasy(*t));
      ++in_flight;
      ++in_flight_per_host[t->host];
      it = pending.erase(it);
    }
  };
  start_some();
  while (in_flight > 0) {
    if (options.Cancelled() || options.PastDeadline()) break;
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      CURLcode code = msg->data.result;
      HttpObservation& o = *t->obs;
      o.elapsed_ms +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t->started)
              .count();
      long status = 0;
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
      long version = 0;
      curl_easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &version);
      char* redirect = nullptr;
      curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &redirect);
      std::string next = redirect ? redirect : "";
      curl_multi_remove_handle(multi.get(), t->easy);
      Release(*t);
      --in_flight;
      --in_flight_per_host[t->host];
      o.final_url = t->url;
      if (code != CURLE_OK) {
        o.ok = false;
        o.error = CurlError(code, *t);
        o.status = static_cast<int>(status);
        o.headers = std::move(t->response_headers);
        TakeBody(*t, o);
        finish(o);
        continue;
      }
      o.status = static_cast<int>(status);
      o.http_version = version == CURL_HTTP_VERSION_2_0   ? "2"
                       : version == CURL_HTTP_VERSION_1_0 ? "1.0"
                                                          : "1.1";
      o.headers = std::move(t->response_headers);
      TakeBody(*t, o);
      o.ok = true;
      bool is_redirect = status >= 300 && status < 400 && !next.empty();
      if (is_redirect && o.spec.follow_redirects) {
        RedirectHop hop{static_cast<int>(status), t->url, next, false, ""};
        if (!options.scope.Allows(next)) {
          hop.note = "not followed: " + HostOf(next) + " is out of scope";
        } else if (t->hops >= options.limits.max_redirects) {
          hop.note = "not followed: redirect limit reached";
          o.ok = false;
          o.error = "redirect limit of " + std::to_string(options.limits.max_redirects) +
                    " reached (a redirect loop?)";
        } else {
          hop.followed = true;
          Transfer& n = transfers.emplace_back();
          n.obs = &o;
          n.url = next;
          n.host = HostOf(next);
          n.hops = t->hops + 1;
          n.probe_started = t->probe_started;
          n.options = &options;
          n.tls_seen = !o.tls_version.empty();
          pending.push_front(&n);
        }
        o.redirects.push_back(std::move(hop));
        if (hop_followed(o)) continue;
      }
      finish(o);
    }
    start_some();
    if (in_flight > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
  }
  if (options.Cancelled() || options.PastDeadline()) {
    std::string why =
        options.Cancelled() ? "interrupted before the response was read" : options.DeadlineError();
    auto interrupted = [&](Transfer& t) {
      t.obs->ok = false;
      t.obs->error = why;
    };
    for (auto& t : transfers) {
      if (t.easy == nullptr) continue;
      curl_multi_remove_handle(multi.get(), t.easy);
      Release(t);
      interrupted(t);
    }
    for (Transfer* t : pending) interrupted(*t);
  }
  for (auto& o : out) finish(o);
  return out;
}

std::string HttpProbeSpec::Key() const {
  // Keys land in evidence and every report: credentials are masked with a digest, so that keys
  // stay stable (a replay finds them) and distinct without carrying the values.
  std::string k = method + " " + probes::MaskUrl(url, true, nullptr);
  for (const auto& [name, value] : headers) {
    std::string lower = probes::Lower(name);
    k += " | " + lower + ": " +
         (probes::IsCredentialHeader(lower) ? probes::Masked(value, true) : value);
  }
  if (follow_redirects) k += " | follow";
  return k;
}

}  // namespace checker
