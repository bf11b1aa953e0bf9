#pragma once
// Certificate events kept in the history database's append-only certificate log
// (docs/certificates.md): read back, and recorded only when the lifecycle allows them.

#include <optional>
#include <string>
#include <vector>

#include "checker/certificate_events.h"
#include "checker/history.h"
#include "checker/signing.h"

namespace checker {

/// Every certificate event recorded, in order. The rows are read as untrusted: one that does not
/// read back as an event is an error naming its position in the log.
std::optional<std::vector<CertificateEvent>> ReadCertificateEvents(HistoryDb& db,
                                                                   std::string* error);

/// Signs `event` with the certification body's key and appends it when RefuseTransition allows
/// it against every event recorded (checked inside the database's write transaction, so that two
/// writers cannot both record a conflicting event). The refusal, or a database error, in `error`.
bool RecordCertificateEvent(HistoryDb& db, CertificateEvent event, const Ed25519Key& key,
                            std::string* error);

}  // namespace checker
