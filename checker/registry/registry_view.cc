// The registry's view (registry_view.h).

#include "registry/registry_view.h"

#include <algorithm>
#include <map>

#include "checker/report.h"
#include "checker/source.h"

namespace checker::registry {

namespace {

std::string Score(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", score);
  return buffer;
}

RegistryCertificate View(HistoryDb& db, const Certificate& c, const CertificateStatus& status) {
  RegistryCertificate v;
  v.id = c.id;
  v.service_id = c.service_id;
  v.service_name = c.service_name;
  v.operator_name = c.operator_name;
  v.profile = c.profile;
  v.decision = c.decision;
  v.grade = c.grade;
  v.score = Score(c.score);
  v.status = std::string(CertificateStateName(status.state));
  v.status_why = status.why;
  v.status_event = status.event;
  v.status_reason = status.reason;
  v.status_superseded_by = status.superseded_by;
  v.status_since = status.since;
  v.issued = c.issued;
  v.expires = c.expires;
  v.surveillance = c.surveillance;
  v.audit_date = c.audit_date;
  v.report_sha256 = c.report_sha256;
  for (const auto& p : c.packs) v.packs.push_back({p.pack_id, p.version, p.edition});
  for (const auto& k : c.conditions)
    v.conditions.push_back({k.kind, k.rule_id, k.title_en, k.title_ja});
  v.file = "certificates/" + c.id + ".json";
  v.badge = "badges/" + c.id + ".svg";
  // The waivers of the audit it rests on, when the history archived its report: the
  // justification and the approver's organisation, never a name.
  std::string error;
  if (auto report = db.ReportJson(c.report_sha256, &error)) {
    DiagnosticSink sink;
    if (auto audit = ParseJsonReport(*report, c.report_sha256, sink))
      for (const auto& w : audit->waivers)
        v.waivers.push_back({w.rule_id, w.justification, w.approver_organisation, w.expires});
  }
  return v;
}

}  // namespace

std::string SafeName(const std::string& id) {
  bool plain = !id.empty() && id.size() <= 64 && id[0] != '.' &&
               std::all_of(id.begin(), id.end(), [](char ch) {
                 return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                        ch == '_' || ch == '-';
               });
  return plain ? id : "s-" + Sha256Hex(id).substr(0, 16);
}

RegistryView BuildView(HistoryDb& db, const std::vector<CertificateEvent>& events,
                       const std::vector<CertificateLogEntry>& log, const std::string& today) {
  RegistryView view;
  view.today = today;
  std::map<std::string, std::vector<const CertificateEvent*>> issues;  // by service, in order
  std::map<std::string, std::string> names;
  for (const auto& e : events)
    if (e.kind == CertificateEventKind::kIssue) issues[e.service_id].push_back(&e);
  for (const auto& [service_id, issued] : issues) {
    RegistryService s;
    for (auto it = issued.rbegin(); it != issued.rend(); ++it) {
      auto status = StatusOn((*it)->certificate_id, events, today);
      if (!status || !status->certificate) continue;
      RegistryCertificate c = View(db, *status->certificate, *status);
      if (s.service_id.empty()) {
        s.service_id = service_id;
        s.service_name = c.service_name;
        s.operator_name = c.operator_name;
        s.profile = c.profile;
        s.page = "services/" + SafeName(service_id);
        s.current = std::move(c);
      } else {
        s.past.push_back(std::move(c));
      }
    }
    if (s.service_id.empty()) continue;
    names[service_id] = s.service_name;
    std::string error;
    if (auto audits = db.Audits(service_id, &error))
      for (const auto& a : *audits)
        s.grades.push_back({.date = a.audit_date,
                            .grade = std::string(GradeName(a.grade)),
                            .decision = std::string(DecisionName(a.decision)),
                            .score = Score(a.score)});
    view.services.push_back(std::move(s));
  }
  for (size_t i = 0; i < events.size() && i < log.size(); ++i) {
    const CertificateEvent& e = events[i];
    view.events.push_back({std::to_string(log[i].seq), std::string(CertificateEventName(e.kind)),
                           e.certificate_id, e.service_id, names[e.service_id], e.date, e.reason});
  }
  return view;
}

}  // namespace checker::registry
