// The engine thread (probe_engine_state.h): one curl multi handle for every call's HTTP probes.
// Redirects are followed by hand, one hop at a time, so that every hop is checked against the
// scope and recorded; each hop queues again for its host's slot. Connections are reused between
// transfers of one policy (address allowance, CA bundle, client identity) only: the address
// policy is checked when a connection is opened, so a connection opened under one allowance must
// never carry a probe that another allows less.

#include <algorithm>
#include <chrono>
#include <curl/curl.h>

#include "checker/probe.h"
#include "checker/probe_engine.h"

#include "probes/address_policy.h"
#include "probes/http_transfer.h"
#include "probes/probe_engine_state.h"

namespace checker {

using probes::EngineCall;
using probes::EngineClock;
using probes::Transfer;
using probes::WorkItem;

namespace {

// The connection cache of one policy: transfers share connections only within it.
CURLSH* ShareFor(std::map<std::string, CURLSH*>& shares, const Transfer& t) {
  const ProbeOptions& o = *t.options;
  std::string key = std::to_string(static_cast<int>(t.allowance)) + '\n' + o.ca_bundle + '\n' +
                    o.client_cert + '\n' + o.client_key;
  CURLSH*& share = shares[key];
  if (share == nullptr) {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  }
  return share;
}

double MsSince(EngineClock::time_point start) {
  return std::chrono::duration<double, std::milli>(EngineClock::now() - start).count();
}

}  // namespace

void ProbeEngine::State::EngineLoop() {
  while (true) {
    std::vector<Transfer*> to_start;
    EngineClock::time_point wake;
    {
      std::lock_guard lock(mu);
      if (stopping) break;
      StopEndedCalls();
      wake = Dispatch(&to_start);
    }
    for (Transfer* t : to_start) {
      t->started = EngineClock::now();
      if (t->hops == 0) t->probe_started = t->started;
      CURL* easy = probes::MakeEasy(*t);
      curl_easy_setopt(easy, CURLOPT_SHARE, ShareFor(shares, *t));
      curl_multi_add_handle(multi, easy);
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int pending = 0;
    bool freed = false;  // a slot: what waits for it starts without waiting for the poll
    while (CURLMsg* msg = curl_multi_info_read(multi, &pending)) {
      if (msg->msg != CURLMSG_DONE) continue;
      freed = true;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      CURLcode code = msg->data.result;
      HttpObservation& o = *t->obs;
      const ProbeOptions& options = *t->options;
      o.elapsed_ms += MsSince(t->started);
      long status = 0, version = 0, connects = 0;
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &version);
      curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
      char* redirect = nullptr;
      curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &redirect);
      std::string next = redirect ? redirect : "";
      curl_multi_remove_handle(multi, t->easy);
      probes::Release(*t);
      if (connects > 0)
        opened += static_cast<size_t>(connects);
      else if (code == CURLE_OK)
        ++reused;
      o.final_url = t->url;
      o.status = static_cast<int>(status);
      o.headers = std::move(t->response_headers);
      probes::TakeBody(*t, o);
      Transfer* hop = nullptr;  // the next hop, when the redirect is followed
      if (code != CURLE_OK) {
        o.ok = false;
        o.error = probes::CurlError(code, *t);
      } else {
        o.http_version = version == CURL_HTTP_VERSION_2_0   ? "2"
                         : version == CURL_HTTP_VERSION_1_0 ? "1.0"
                                                            : "1.1";
        o.ok = true;
        bool is_redirect = status >= 300 && status < 400 && !next.empty();
        if (is_redirect && o.spec.follow_redirects) {
          RedirectHop step{static_cast<int>(status), t->url, next, false, ""};
          if (!options.scope.Allows(next)) {
            step.note = "not followed: " + probes::HostOf(next) + " is out of scope";
          } else if (t->hops >= options.limits.max_redirects) {
            step.note = "not followed: redirect limit reached";
            o.ok = false;
            o.error = "redirect limit of " + std::to_string(options.limits.max_redirects) +
                      " reached (a redirect loop?)";
          } else {
            step.followed = true;
            hop = &t->call->transfers.emplace_back();
            hop->call = t->call;
            hop->obs = &o;
            hop->url = next;
            hop->host = probes::HostOf(next);
            hop->hops = t->hops + 1;
            hop->probe_started = t->probe_started;
            hop->options = &options;
            hop->tls_seen = !o.tls_version.empty();
          }
          o.redirects.push_back(std::move(step));
        }
      }
      std::lock_guard lock(mu);
      EngineCall& call = *t->call;
      Release(WorkItem{&call, t, 0, probes::OriginKeyOfUrl(t->url)});
      if (hop != nullptr)
        Enqueue(WorkItem{&call, hop, 0, probes::OriginKeyOfUrl(hop->url)}, /*front=*/true);
      else
        Finished(call, static_cast<size_t>(&o - call.http.data()));
    }
    if (freed) continue;
    long ms = 100;  // cancellation and deadlines are looked at this often
    if (wake != EngineClock::time_point::max())
      ms = std::clamp<long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(wake - EngineClock::now()).count() +
              1,
          0, ms);
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(ms), nullptr);
  }
}

}  // namespace checker
