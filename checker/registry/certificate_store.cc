// Certificate events in the history database (certificate_store.h).

#include "checker/certificate_store.h"

namespace checker {

namespace {

std::optional<std::vector<CertificateEvent>> Parse(const std::vector<CertificateLogEntry>& log,
                                                   std::string* error) {
  std::vector<CertificateEvent> events;
  events.reserve(log.size());
  for (const auto& row : log) {
    std::string why;
    auto e = CertificateEventFromEntry(row.entry, &why);
    if (!e || e->certificate_id != row.certificate_id) {
      *error = "certificate log entry " + std::to_string(row.seq) +
               " does not read back: " + (e ? "it names another certificate" : why);
      return std::nullopt;
    }
    events.push_back(std::move(*e));
  }
  return events;
}

}  // namespace

std::optional<std::vector<CertificateEvent>> ReadCertificateEvents(HistoryDb& db,
                                                                   std::string* error) {
  auto log = db.CertificateLog(error);
  if (!log) return std::nullopt;
  return Parse(*log, error);
}

bool RecordCertificateEvent(HistoryDb& db, CertificateEvent event, const Ed25519Key& key,
                            std::string* error) {
  SignCertificateEvent(event, key);
  const std::string entry = CertificateEventEntry(event);
  auto seq = db.AppendCertificateEntry(
      event.certificate_id, entry,
      [&](const std::vector<CertificateLogEntry>& log) {
        std::string why;
        auto events = Parse(log, &why);
        if (!events) return why;
        return RefuseTransition(*events, event);
      },
      error);
  return seq.has_value();
}

}  // namespace checker
