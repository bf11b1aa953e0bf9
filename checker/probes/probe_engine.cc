// The probe engine (checker/probe_engine.h): calls, the scheduler that keeps the limits across
// every call, and the TLS handshake workers. The curl side is probe_engine_http.cc.
//
// Probes wait in a queue per host and port; the scheduler serves the queues in turn, so that a
// host at its limit (or one whose probes all time out) never holds back the probes of another.

#include "checker/probe_engine.h"

#include <algorithm>
#include <curl/curl.h>
#include <stdexcept>

#include "checker/probe.h"

#include "probes/probe_engine_state.h"
#include "probes/redact.h"
#include "probes/text_util.h"

namespace checker {

using probes::EngineCall;
using probes::EngineClock;
using probes::Transfer;
using probes::WorkItem;

namespace probes {

std::string OriginKey(const std::string& host, uint16_t port) {
  std::string h = Lower(host);
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return h + ":" + std::to_string(port);
}

std::string OriginKeyOfUrl(const std::string& url) {
  std::string error;
  if (auto u = ParseUrl(url, &error)) return OriginKey(u->host, u->port);
  return HostOf(url);
}

}  // namespace probes

ProbeEngine& ProcessProbeEngine() {
  // Each call's own limits apply; the engine adds none of its own.
  static ProbeEngine engine(EngineLimits{1 << 20, 1 << 20, 0});
  return engine;
}

namespace {

// How many handshakes may wait on their sockets at once, each on a worker thread.
constexpr int kMaxTlsWorkers = 512;

bool CallMayStart(const EngineCall& call, const std::string& origin) {
  const ProbeLimits& lim = call.options->limits;
  if (call.stopped || call.in_flight >= std::max(1, lim.concurrency)) return false;
  auto it = call.in_flight_per_origin.find(origin);
  return it == call.in_flight_per_origin.end() || it->second < std::max(1, lim.per_host);
}

std::string TlsNotStarted(const ProbeOptions& options) {
  return options.Cancelled() ? "interrupted before the handshake started" : options.DeadlineError();
}

}  // namespace

void ProbeEngine::State::Enqueue(WorkItem item, bool front) {
  std::string key = item.origin;
  auto& queue = origins[key].waiting;
  if (front)
    queue.push_front(std::move(item));
  else
    queue.push_back(std::move(item));
  waiting_origins.insert(key);
  ++queued;
}

void ProbeEngine::State::Release(const WorkItem& item) {
  --origins[item.origin].in_flight;
  --in_flight;
  ++done;
  --item.call->in_flight;
  --item.call->in_flight_per_origin[item.origin];
}

void ProbeEngine::State::Finished(EngineCall& call, std::optional<size_t> http_index) {
  if (http_index) call.final_http.push_back(*http_index);
  --call.unfinished;
  call.changed.notify_all();
}

EngineClock::time_point ProbeEngine::State::Dispatch(std::vector<Transfer*>* http) {
  auto now = EngineClock::now();
  auto wake = EngineClock::time_point::max();
  const auto global_limit = static_cast<size_t>(std::max(1, limits.concurrency));
  if (waiting_origins.empty() || in_flight >= global_limit) return wake;
  const auto interval = std::chrono::duration_cast<EngineClock::duration>(
      std::chrono::duration<double>(limits.per_host_rate > 0 ? 1.0 / limits.per_host_rate : 0));
  // In turn from the origin after the one served last.
  std::vector<std::string> order;
  order.reserve(waiting_origins.size());
  auto split = waiting_origins.upper_bound(last_served);
  order.insert(order.end(), split, waiting_origins.end());
  order.insert(order.end(), waiting_origins.begin(), split);
  for (const auto& key : order) {
    if (in_flight >= global_limit) break;
    probes::OriginState& origin = origins[key];
    while (!origin.waiting.empty() && in_flight < global_limit &&
           origin.in_flight < std::max(1, limits.per_host)) {
      if (limits.per_host_rate > 0 && now < origin.next_start) {
        wake = std::min(wake, origin.next_start);
        break;
      }
      auto it = std::find_if(origin.waiting.begin(), origin.waiting.end(),
                             [&](const WorkItem& w) { return CallMayStart(*w.call, key); });
      if (it == origin.waiting.end()) break;
      WorkItem item = std::move(*it);
      origin.waiting.erase(it);
      --queued;
      if (limits.per_host_rate > 0) origin.next_start = std::max(now, origin.next_start) + interval;
      origin.peak = std::max(origin.peak, ++origin.in_flight);
      peak = std::max(peak, ++in_flight);
      ++item.call->in_flight;
      ++item.call->in_flight_per_origin[key];
      last_served = key;
      if (item.transfer != nullptr) {
        http->push_back(item.transfer);
        continue;
      }
      tls_queue.push_back(std::move(item));
      // Idle workers take the queued handshakes; one more is started when none is left.
      if (tls_queue.size() > idle_workers &&
          tls_workers.size() <
              static_cast<size_t>(std::clamp(limits.concurrency, 1, kMaxTlsWorkers)))
        tls_workers.emplace_back([this] { TlsWorker(); });
      else
        tls_ready.notify_one();
    }
    if (origin.waiting.empty()) waiting_origins.erase(key);
  }
  return wake;
}

void ProbeEngine::State::StopEndedCalls() {
  for (EngineCall* call : calls) {
    if (call->stopped || call->unfinished == 0) continue;
    const ProbeOptions& options = *call->options;
    if (!options.Cancelled() && !options.PastDeadline()) continue;
    call->stopped = true;
    std::string why =
        options.Cancelled() ? "interrupted before the response was read" : options.DeadlineError();
    auto interrupt_http = [&](Transfer& t) {
      t.obs->ok = false;
      t.obs->error = why;
      Finished(*call, static_cast<size_t>(t.obs - call->http.data()));
    };
    // Its queued probes end here; its handshakes under way end on the flag or the deadline.
    for (auto& [key, origin] : origins) {
      for (auto it = origin.waiting.begin(); it != origin.waiting.end();) {
        if (it->call != call) {
          ++it;
          continue;
        }
        if (it->transfer != nullptr) {
          interrupt_http(*it->transfer);
        } else {
          TlsObservation& o = call->tls[it->tls_index];
          o.error = TlsNotStarted(options);
          Finished(*call, std::nullopt);
        }
        it = origin.waiting.erase(it);
        --queued;
      }
    }
    for (auto it = tls_queue.begin(); it != tls_queue.end();) {
      if (it->call != call) {
        ++it;
        continue;
      }
      call->tls[it->tls_index].error = TlsNotStarted(options);
      Release(*it);
      Finished(*call, std::nullopt);
      it = tls_queue.erase(it);
    }
    for (Transfer& t : call->transfers) {
      if (t.easy == nullptr) continue;
      curl_multi_remove_handle(multi, t.easy);
      probes::Release(t);
      Release(WorkItem{call, &t, 0, probes::OriginKeyOfUrl(t.url)});
      interrupt_http(t);
    }
  }
}

void ProbeEngine::State::TlsWorker() {
  std::unique_lock lock(mu);
  while (true) {
    ++idle_workers;
    tls_ready.wait(lock, [&] { return stopping || !tls_queue.empty(); });
    --idle_workers;
    if (tls_queue.empty()) return;  // stopping
    WorkItem item = std::move(tls_queue.front());
    tls_queue.pop_front();
    lock.unlock();
    EngineCall& call = *item.call;
    const ProbeOptions& options = *call.options;
    const TlsProbeSpec& spec = call.tls[item.tls_index].spec;
    TlsObservation o;
    if (options.Cancelled() || options.PastDeadline()) {
      o.spec = spec;
      o.key = spec.Key();
      o.error = TlsNotStarted(options);
    } else {
      o = probes::TlsHandshakeProbe(spec, options, call.tls_context);
      ++opened;
    }
    lock.lock();
    call.tls[item.tls_index] = std::move(o);
    Release(item);
    Finished(call, std::nullopt);
    curl_multi_wakeup(multi);  // a slot is free: the engine thread starts what waits for it
  }
}

ProbeEngine::ProbeEngine(EngineLimits limits) : state_(std::make_unique<State>()) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
  state_->limits = limits;
  state_->multi = curl_multi_init();
  if (state_->multi == nullptr) throw std::runtime_error("curl_multi_init failed");
  state_->engine_thread = std::thread([s = state_.get()] { s->EngineLoop(); });
}

ProbeEngine::~ProbeEngine() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
  }
  state_->tls_ready.notify_all();
  curl_multi_wakeup(state_->multi);
  state_->engine_thread.join();
  for (auto& worker : state_->tls_workers) worker.join();
  for (auto& [key, share] : state_->shares) curl_share_cleanup(share);
  curl_multi_cleanup(state_->multi);
}

const EngineLimits& ProbeEngine::limits() const { return state_->limits; }

EngineStats ProbeEngine::Stats() const {
  std::lock_guard lock(state_->mu);
  EngineStats s;
  s.in_flight = state_->in_flight;
  s.queued = state_->queued;
  s.done = state_->done;
  s.calls = state_->calls.size();
  s.peak_in_flight = state_->peak;
  for (const auto& [key, origin] : state_->origins) s.peak_per_origin[key] = origin.peak;
  s.connections_opened = state_->opened;
  s.connections_reused = state_->reused;
  return s;
}

ProbeResults ProbeEngine::Run(const std::vector<HttpProbeSpec>& http,
                              const std::vector<TlsProbeSpec>& tls, const ProbeOptions& options) {
  EngineCall call;
  call.options = &options;
  call.http.resize(http.size());
  call.tls.resize(tls.size());
  std::vector<WorkItem> items;
  for (size_t i = 0; i < http.size(); ++i) {
    HttpObservation& o = call.http[i];
    o.spec = http[i];
    o.key = http[i].Key();
    o.request_line = http[i].method + " " + probes::PathOf(http[i].url) + " HTTP/1.1";
    if (!options.scope.Allows(http[i].url)) {
      o.error = "out of scope: " + probes::HostOf(http[i].url) +
                " is not an endpoint of the audited service";
      continue;
    }
    Transfer& t = call.transfers.emplace_back();
    t.call = &call;
    t.obs = &o;
    t.url = http[i].url;
    t.host = probes::HostOf(t.url);
    t.options = &options;
    items.push_back({&call, &t, 0, probes::OriginKeyOfUrl(t.url)});
  }
  for (size_t i = 0; i < tls.size(); ++i) {
    call.tls[i].spec = tls[i];
    call.tls[i].key = tls[i].Key();
    if (!options.scope.AllowsHost(tls[i].host, tls[i].port)) {
      call.tls[i] = probes::TlsHandshakeProbe(tls[i], options, {});  // refused: no connection
      continue;
    }
    items.push_back({&call, nullptr, i, probes::OriginKey(tls[i].host, tls[i].port)});
  }
  if (std::any_of(items.begin(), items.end(), [](const WorkItem& w) { return !w.transfer; }))
    call.tls_context =
        probes::ClientTlsContext({options.ca_bundle, options.client_cert, options.client_key});

  // An observation is final when its last hop is done: redacted and handed to the caller then,
  // on this thread.
  std::vector<char> handed(call.http.size(), 0);
  auto hand_over = [&](size_t i) {
    if (handed[i]) return;
    handed[i] = 1;
    Redact(call.http[i], options);
    if (options.observed) options.observed(call.http[i]);
  };
  State& s = *state_;
  std::unique_lock lock(s.mu);
  call.unfinished = items.size();
  if (!items.empty()) {
    s.calls.push_back(&call);
    for (auto& item : items) s.Enqueue(std::move(item), false);
    curl_multi_wakeup(s.multi);
  }
  while (true) {
    std::vector<size_t> ready;
    ready.swap(call.final_http);
    bool finished = call.unfinished == 0;
    if (!ready.empty()) {
      lock.unlock();
      for (size_t i : ready) hand_over(i);
      lock.lock();
      continue;
    }
    if (finished) break;
    call.changed.wait_for(lock, std::chrono::milliseconds(100));
  }
  s.calls.erase(std::remove(s.calls.begin(), s.calls.end(), &call), s.calls.end());
  lock.unlock();
  for (size_t i = 0; i < call.http.size(); ++i) hand_over(i);
  return {std::move(call.http), std::move(call.tls)};
}

}  // namespace checker
