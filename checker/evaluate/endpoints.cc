// Endpoints, targets, scope and the probe plan.

#include <algorithm>
#include <map>
#include <set>

#include "checker/audit.h"
#include "checker/http_facts.h"

#include "evaluate/claims.h"
#include "evaluate/probe_specs.h"

namespace checker {

using evaluate::SplitUrl;

std::optional<Target> ParseTarget(std::string_view text, std::string* error) {
  Target t;
  std::string s(text);
  size_t eq = s.find('=');
  size_t scheme = s.find("://");
  if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
    t.purpose = s.substr(0, eq);
    s = s.substr(eq + 1);
    if (t.purpose.size() > 5 && t.purpose.compare(t.purpose.size() - 5, 5, ".http") == 0) {
      t.purpose.resize(t.purpose.size() - 5);
      t.http = true;
    }
  }
  if (!SplitUrl(s)) {
    *error = "'" + std::string(text) + "' is not [PURPOSE=]URL with an http or https URL";
    return std::nullopt;
  }
  t.url = s;
  return t;
}

std::vector<Endpoint> AuditEndpoints(const Document& manifest, const std::vector<Target>& targets) {
  std::vector<Endpoint> declared;
  if (const Node* list = manifest.root.Find("endpoints"); list != nullptr && list->is_list()) {
    for (const auto& item : list->items) {
      const Node* url = item.Find("url");
      if (url == nullptr || url->kind != NodeKind::kString) continue;
      Endpoint e;
      e.url = url->text;
      if (const Node* h = item.Find("http_url"); h && h->kind == NodeKind::kString)
        e.http_url = h->text;
      if (const Node* p = item.Find("purpose"); p && p->kind == NodeKind::kString)
        e.purpose = p->text;
      e.location = manifest.Locate(url->position);
      declared.push_back(std::move(e));
    }
  }
  std::map<std::string, std::vector<std::string>> urls;  // by purpose, in the order given
  std::map<std::string, std::string> http_urls;
  for (const auto& t : targets) {
    if (t.http)
      http_urls[t.purpose] = t.url;
    else if (!t.purpose.empty())
      urls[t.purpose].push_back(t.url);
  }
  // The targets of a purpose take the place of the manifest's endpoints of that purpose (the
  // first of them keeps its plain-HTTP address, as one target used to); the rest keep theirs.
  std::vector<Endpoint> out;
  std::set<std::string> placed;
  for (auto& e : declared) {
    auto given = urls.find(e.purpose);
    if (given == urls.end()) {
      if (auto h = http_urls.find(e.purpose); h != http_urls.end()) {
        e.http_url = h->second;
        e.location = {};
      }
      out.push_back(std::move(e));
      continue;
    }
    if (!placed.insert(e.purpose).second) continue;
    auto h = http_urls.find(e.purpose);
    for (size_t i = 0; i < given->second.size(); ++i) {
      std::string http = h != http_urls.end() ? h->second : i == 0 ? e.http_url : "";
      out.push_back({given->second[i], http, e.purpose, {}});
    }
  }
  for (const auto& t : targets) {
    if (t.http) continue;
    if (t.purpose.empty()) {
      out.push_back({t.url, "", "any", {}});
    } else if (!placed.count(t.purpose)) {
      auto h = http_urls.find(t.purpose);
      out.push_back({t.url, h != http_urls.end() ? h->second : "", t.purpose, {}});
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const Endpoint& e) { return e.url.empty(); }),
            out.end());
  return out;
}

std::vector<std::string> EndpointPurposes(std::span<const SelectedRule> selection,
                                          const Document& manifest) {
  std::set<std::string> purposes;
  for (const auto& s : selection)
    for (const auto& p : s.rule->check->endpoint_purposes) purposes.insert(p);
  if (const Node* list = manifest.root.Find("endpoints"); list != nullptr && list->is_list())
    for (const auto& item : list->items)
      if (const Node* p = item.Find("purpose"); p && p->kind == NodeKind::kString)
        purposes.insert(p->text);
  return {purposes.begin(), purposes.end()};
}

std::vector<std::string> ScopeOf(const std::vector<Endpoint>& endpoints,
                                 std::span<const SelectedRule> selection,
                                 const Document& manifest) {
  std::set<std::string> hosts;
  auto add = [&](const std::string& url) {
    if (auto u = SplitUrl(url)) hosts.insert(u->host + ":" + std::to_string(u->port));
  };
  for (const auto& e : endpoints) {
    add(e.url);
    add(e.http_url);
  }
  // Origins the manifest declares in scope: a document URL or a redirect may lead there.
  if (const Node* list = manifest.root.FindPath("scope.additional_origins");
      list != nullptr && list->is_list())
    for (const auto& item : list->items)
      if (item.kind == NodeKind::kString) add(item.text);
  for (const auto& s : selection) {
    if (s.rule->check->type != CheckType::kDocument) continue;
    std::string why;
    evaluate::DocumentGap gap;
    if (auto spec = evaluate::DocumentSpecFor(*s.rule->check, manifest, endpoints, &why, &gap))
      add(spec->url);
  }
  return {hosts.begin(), hosts.end()};
}

ProbePlan PlanProbes(std::span<const SelectedRule> selection, const Document& manifest,
                     const std::vector<Endpoint>& endpoints) {
  ProbePlan plan;
  std::set<std::string> seen;
  std::map<std::string, size_t> http_index;  // by key: one probe serves every rule, and keeps
                                             // as much of the body as any of them reads
  auto add_tls = [&](TlsProbeSpec spec) {
    if (seen.insert(spec.Key()).second) plan.tls.push_back(std::move(spec));
  };
  auto add_http = [&](const HttpProbeSpec& spec) {
    auto [at, added] = http_index.emplace(spec.Key(), plan.http.size());
    if (added)
      plan.http.push_back(spec);
    else
      plan.http[at->second].body_use |= spec.body_use;
    // One negotiated handshake per https host tells whether its answers need a client
    // certificate (ClientCertificateGap).
    if (auto tls = evaluate::NegotiatedTlsSpecFor(spec.url)) add_tls(std::move(*tls));
  };
  for (const auto& s : selection) {
    const Check& check = *s.rule->check;
    std::string why;
    uint8_t body_use = check.expect ? evaluate::BodyUseOf(*check.expect) : uint8_t{kBodyAll};
    switch (check.type) {
      case CheckType::kHttp:
        for (const Endpoint* e : evaluate::EndpointsFor(check, endpoints)) {
          if (auto spec = evaluate::HttpSpecFor(check, *e, &why)) {
            spec->body_use = body_use;
            add_http(*spec);
          }
        }
        break;
      case CheckType::kTls:
        for (const Endpoint* e : evaluate::EndpointsFor(check, endpoints))
          for (auto& spec : evaluate::TlsSpecsFor(*e)) add_tls(std::move(spec));
        break;
      case CheckType::kDocument: {
        evaluate::DocumentGap gap;
        if (auto spec = evaluate::DocumentSpecFor(check, manifest, endpoints, &why, &gap)) {
          spec->body_use = body_use;
          add_http(*spec);
        }
        break;
      }
      default:
        break;
    }
  }
  // The claims the manifest makes that probes can observe (docs/claims.md).
  ProbePlan claims = evaluate::ClaimProbes(manifest, endpoints);
  for (const auto& spec : claims.http) add_http(spec);
  for (auto& spec : claims.tls) add_tls(std::move(spec));
  return plan;
}

}  // namespace checker
