// Binding recorded evidence to the manifest it is replayed with: evidence collected for other
// endpoints than the manifest's (another vendor's, or an older manifest's) decides nothing.

#include <algorithm>

#include "checker/audit.h"
#include "checker/probe.h"

namespace checker {

namespace {

RecordedEndpoint Recorded(const Endpoint& e) { return {e.purpose, e.url, e.http_url}; }

std::vector<RecordedEndpoint> Recorded(const std::vector<Endpoint>& endpoints) {
  std::vector<RecordedEndpoint> out;
  for (const auto& e : endpoints) out.push_back(Recorded(e));
  return out;
}

std::string Describe(const RecordedEndpoint& e) {
  return "the " + e.purpose + " endpoint " + e.url +
         (e.http_url.empty() ? "" : " (plain HTTP " + e.http_url + ")");
}

bool Has(const std::vector<RecordedEndpoint>& list, const RecordedEndpoint& e) {
  return std::find(list.begin(), list.end(), e) != list.end();
}

}  // namespace

void RecordEndpoints(const Document& manifest, const std::vector<Endpoint>& audited,
                     ProbeEvidence* evidence) {
  evidence->declared_endpoints = Recorded(AuditEndpoints(manifest, {}));
  evidence->audited_endpoints = Recorded(audited);
  evidence->endpoints_recorded = true;
}

std::vector<std::string> ReplayMismatches(const ProbeEvidence& evidence, const Document& manifest,
                                          const std::vector<Endpoint>& audited) {
  if (!evidence.endpoints_recorded)
    return {
        "the evidence does not say which endpoints it was collected for (an evidence file "
        "from an earlier version); collect it again"};
  std::vector<std::string> out;
  std::vector<Endpoint> declared = AuditEndpoints(manifest, {});
  for (const auto& e : declared) {
    if (Has(evidence.declared_endpoints, Recorded(e))) continue;
    std::string where = e.location.known() ? " (" + e.location.ToString() + ")" : "";
    out.push_back("the manifest declares " + Describe(Recorded(e)) + where +
                  ", which the evidence was not collected for");
  }
  std::vector<RecordedEndpoint> manifest_endpoints = Recorded(declared);
  for (const auto& e : evidence.declared_endpoints)
    if (!Has(manifest_endpoints, e))
      out.push_back("the evidence was collected for " + Describe(e) +
                    ", which the manifest does not declare");
  // With the same manifest, the audited endpoints differ only when --target does.
  std::vector<RecordedEndpoint> replayed = Recorded(audited);
  for (const auto& e : replayed)
    if (!Has(evidence.audited_endpoints, e))
      out.push_back("this replay audits " + Describe(e) +
                    ", which the evidence holds no observations of (--target differs)");
  for (const auto& e : evidence.audited_endpoints)
    if (!Has(replayed, e))
      out.push_back("the evidence was collected at " + Describe(e) +
                    ", which this replay does not audit (--target differs)");
  return out;
}

std::vector<std::string> ReplayOutOfScope(const ProbeEvidence& evidence,
                                          const std::vector<std::string>& scope) {
  // A live run reaches only hosts in scope and follows a redirect only into it; an observation
  // of any other host was not collected for this audit (a hand-edited file) and decides nothing.
  ProbeScope allowed{scope};
  std::string within = scope.empty() ? "(no hosts)" : "";
  for (const auto& host : scope) within += (within.empty() ? "" : ", ") + host;
  std::vector<std::string> out;
  auto check = [&](const std::string& url, const std::string& what) {
    if (!url.empty() && !allowed.Allows(url))
      out.push_back(what + " " + RedactUrl(url) + " is outside the audit's scope: " + within);
  };
  for (const auto& [key, o] : evidence.http) {
    check(o.spec.url, "the HTTP observation of");
    for (const auto& hop : o.redirects) {
      check(hop.url, "the redirect hop from");
      if (hop.followed) check(hop.location, "the redirect hop followed to");
    }
    check(o.final_url, "the final URL");
  }
  for (const auto& [key, o] : evidence.tls)
    if (!allowed.AllowsHost(o.spec.host, o.spec.port))
      out.push_back("the TLS observation of " + o.spec.host + ":" + std::to_string(o.spec.port) +
                    " is outside the audit's scope: " + within);
  return out;
}

}  // namespace checker
