#pragma once
// checker impact --db: the last certified (or recorded) audit of every vendor re-decided against
// the new edition from its archived manifest and the probe evidence its report kept.

#include <string>

#include "checker/edition.h"
#include "checker/impact.h"

namespace checker::cli {

/// Fills report->vendors, history_basis and notes. Returns kExitOk, or kExitUsage after a
/// message when the database cannot be read.
int RedecideFromHistory(const std::string& db_path, const std::string& today,
                        const Editions& editions, ImpactReport* report);

}  // namespace checker::cli
