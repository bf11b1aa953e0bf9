#pragma once
// A gray-zone finding's case in the JSON report (docs/report-json.md, "Gray-zone findings"):
// written beside the finding's other members and read back from an untrusted report.

#include "checker/result.h"

#include "reports/evidence_json.h"

namespace checker::reports {

/// Adds legal_question, laws, authorities, facts_needed, precedents and regulator_options when
/// the finding has a case (gray-zone findings only).
void AddGrayzoneCase(const Finding& f, Json& j);
/// Reads them back; throws nlohmann::json::exception on a value of the wrong kind.
void ReadGrayzoneCase(const Json& j, Finding& f);

}  // namespace checker::reports
