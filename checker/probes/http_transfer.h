#pragma once
// One HTTP transfer of a probe, one hop at a time: its libcurl handle with the callbacks that cap
// headers and body, hash the body as it streams in and pass every connection through the address
// policy; what the probe engine (probe_engine_http.cc) reads back from it.

#include <chrono>
#include <curl/curl.h>
#include <memory>
#include <openssl/evp.h>
#include <string>

#include "checker/probe.h"

#include "probes/address_policy.h"

namespace checker::probes {

struct EngineCall;

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

struct Transfer {
  EngineCall* call = nullptr;  // the probe engine's call it is part of
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

/// A libcurl easy handle for the transfer's current hop (`t.url`), its callbacks bound to `t`.
CURL* MakeEasy(Transfer& t);
/// Frees the hop's handle and request headers.
void Release(Transfer& t);
/// Why the hop failed, in words: a cap, a deadline, a refused address, or libcurl's error.
std::string CurlError(CURLcode code, const Transfer& t);
/// The body of the transfer into its observation.
void TakeBody(Transfer& t, HttpObservation& o);
/// The path and query of `url` ("/" when it has none), for the request line.
std::string PathOf(const std::string& url);
/// The authority of `url`, lower-cased: the key of the per-host limit.
std::string HostOf(const std::string& url);

}  // namespace checker::probes
