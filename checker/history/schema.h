#pragma once
// The history database's schema and its migrations (docs/history.md, "Schema").

#include <string>

#include "history/sqlite.h"

namespace checker::history {

/// PRAGMA application_id of a checker history database ("CHKH"): another application's SQLite
/// file is refused rather than written into.
inline constexpr int64_t kApplicationId = 0x43484b48;

/// Brings the database to kHistorySchemaVersion in one transaction. An empty file becomes a new
/// database; an older one is migrated step by step. Throws SqlError; returns false after setting
/// `problem` when the file is not ours or its schema is newer than this build's.
bool Migrate(Connection& db, int* found_version, std::string* problem);

}  // namespace checker::history
