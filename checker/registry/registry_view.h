#pragma once
// The registry's view of the certificate log and the audit history: what the pages show
// (registry_build.cc, registry_view.cc).

#include <string>
#include <vector>

#include "checker/certificate_events.h"
#include "checker/history.h"
#include "checker/registry_pages.h"

namespace checker::registry {

/// A file name for a service's page: the id itself when it is plain ([a-z0-9._-], at most 64,
/// not starting with a dot), else "s-" and 16 hex digits of its SHA-256.
std::string SafeName(const std::string& service_id);

/// Every service with its certificates (the newest current), their statuses on `today`, the
/// waivers of the audits they rest on (from the archived reports) and the grade history.
RegistryView BuildView(HistoryDb& db, const std::vector<CertificateEvent>& events,
                       const std::vector<CertificateLogEntry>& log, const std::string& today);

}  // namespace checker::registry
