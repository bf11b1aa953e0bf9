// HTTP probes through libcurl's multi interface. Redirects are followed by hand, one hop at a
// time, so that every hop is checked against the scope and recorded. One hop's transfer, with its
// caps and address policy, is http_transfer.cc.

#include <chrono>
#include <curl/curl.h>
#include <deque>
#include <map>

#include "checker/probe.h"

#include "probes/http_transfer.h"
#include "probes/redact.h"
#include "probes/text_util.h"

namespace checker {

using probes::CurlError;
using probes::HostOf;
using probes::MakeEasy;
using probes::PathOf;
using probes::Release;
using probes::TakeBody;
using probes::Transfer;

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