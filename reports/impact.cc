// checker impact's outputs. Every string from a pack or a recorded audit is escaped for where it
// goes: TerminalSafe on a terminal, JSON encoding, EscapeHtml in the page (which runs no script).

#include "checker/impact.h"

#include <nlohmann/json.hpp>

#include "checker/safe_text.h"

#include "reports/text.h"

namespace checker {

namespace {

std::string Edition(const PackComparison& p, bool to) {
  const std::string& version = to ? p.to_version : p.from_version;
  const std::string& edition = to ? p.to_edition : p.from_edition;
  if (!(to ? p.in_to : p.in_from)) return "(none)";
  return "version " + version + ", edition " + edition;
}

std::string FieldSummary(const RuleDifference& r) {
  std::string out;
  for (const auto& f : r.fields) {
    out += out.empty() ? "" : ", ";
    out += f.field == "level" ? "level " + f.before + " -> " + f.after : f.field;
  }
  return out;
}

}  // namespace

bool ImpactReport::AnyChange() const {
  if (!with_history) return !editions.empty();
  for (const auto& v : vendors)
    if (v.Changes()) return true;
  return false;
}

std::string RenderImpactText(const ImpactReport& report) {
  std::string out;
  const auto& e = report.editions;
  out += std::to_string(e.packs.size()) + " pack(s) changed, " + std::to_string(e.unchanged_packs) +
         " unchanged: " + std::to_string(e.Count(RuleChangeKind::kAdded)) + " rule(s) added, " +
         std::to_string(e.Count(RuleChangeKind::kRemoved)) + " removed, " +
         std::to_string(e.Count(RuleChangeKind::kChanged)) + " changed\n";
  for (const auto& p : e.packs) {
    out += "\n" + TerminalSafe(p.pack_id) + ": " + TerminalSafe(Edition(p, false)) + " -> " +
           TerminalSafe(Edition(p, true)) + "\n";
    for (const auto& r : p.rules) {
      char line[96];
      std::snprintf(line, sizeof line, "  %-8s ", std::string(RuleChangeKindName(r.kind)).c_str());
      out += line + TerminalSafe(r.rule_id);
      if (r.kind == RuleChangeKind::kChanged) out += "  [" + TerminalSafe(FieldSummary(r)) + "]";
      out += "\n";
      for (const auto& f : r.fields)
        if (f.field == "check" || f.field == "applies_when")
          out += "           " + f.field + ": " + TerminalSafe(f.before) + "\n" +
                 std::string(f.field.size() + 11, ' ') + "-> " + TerminalSafe(f.after) + "\n";
    }
  }
  if (!report.with_history) return out;
  out += "\n" + TerminalSafe(report.history_basis) + "\n";
  size_t changing = 0;
  for (const auto& v : report.vendors) {
    if (!v.Changes() && v.rules.empty()) continue;
    changing += v.Changes() ? 1 : 0;
    out += "\n" + TerminalSafe(v.vendor_id) + " (" + TerminalSafe(v.basis) + "): decision " +
           v.decision_before + " -> " + v.decision_after + ", grade " +
           TerminalSafe(v.grade_before) + " -> " + TerminalSafe(v.grade_after) +
           (v.Changes() ? "  CHANGES" : "") + "\n";
    for (const auto& r : v.rules) {
      out += "  " + TerminalSafe(r.rule_id) + " (" + r.level +
             "): " + (r.before.empty() ? "not selected" : r.before) + " -> " + r.after + "\n";
      for (const auto& reason : r.reasons) out += "    - " + TerminalSafe(reason) + "\n";
      if (!r.remediation.empty()) out += "    to do: " + TerminalSafe(r.remediation) + "\n";
    }
  }
  for (const auto& note : report.notes) out += "note: " + TerminalSafe(note) + "\n";
  out += "\n" + std::to_string(changing) + " of " + std::to_string(report.vendors.size()) +
         " vendor(s) would change decision or grade\n";
  return out;
}

std::string RenderImpactJson(const ImpactReport& report) {
  using nlohmann::json;
  json packs = json::array();
  for (const auto& p : report.editions.packs) {
    json rules = json::array();
    for (const auto& r : p.rules) {
      json fields = json::array();
      for (const auto& f : r.fields)
        fields.push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
      rules.push_back({{"rule_id", r.rule_id},
                       {"change", RuleChangeKindName(r.kind)},
                       {"title", r.title_en},
                       {"tightened", r.Tightened()},
                       {"fields", fields}});
    }
    packs.push_back(
        {{"pack_id", p.pack_id},
         {"from", p.in_from ? json{{"version", p.from_version}, {"edition", p.from_edition}}
                            : json(nullptr)},
         {"to",
          p.in_to ? json{{"version", p.to_version}, {"edition", p.to_edition}} : json(nullptr)},
         {"rules", rules}});
  }
  const auto& e = report.editions;
  json doc = {{"format", "checker-impact"},
              {"format_version", 1},
              {"from", report.from},
              {"to", report.to},
              {"summary",
               {{"packs_changed", e.packs.size()},
                {"packs_unchanged", e.unchanged_packs},
                {"rules_added", e.Count(RuleChangeKind::kAdded)},
                {"rules_removed", e.Count(RuleChangeKind::kRemoved)},
                {"rules_changed", e.Count(RuleChangeKind::kChanged)}}},
              {"packs", packs},
              {"changes", report.AnyChange()}};
  if (report.with_history) {
    json vendors = json::array();
    for (const auto& v : report.vendors) {
      json rules = json::array();
      for (const auto& r : v.rules)
        rules.push_back({{"rule_id", r.rule_id},
                         {"before", r.before.empty() ? json(nullptr) : json(r.before)},
                         {"after", r.after},
                         {"level", r.level},
                         {"reasons", r.reasons},
                         {"remediation", r.remediation}});
      vendors.push_back({{"vendor_id", v.vendor_id},
                         {"service_name", v.service_name},
                         {"basis", v.basis},
                         {"decision", {{"before", v.decision_before}, {"after", v.decision_after}}},
                         {"grade", {{"before", v.grade_before}, {"after", v.grade_after}}},
                         {"changes", v.Changes()},
                         {"rules", rules}});
    }
    doc["history"] = {
        {"basis", report.history_basis}, {"vendors", vendors}, {"notes", report.notes}};
  }
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string RenderImpactHtml(const ImpactReport& report) {
  using reports::EscapeHtml;
  std::string out = reports::ScriptlessPageHead("en", "Edition impact");
  out += "<body><main>\n<h1>Edition impact</h1>\n";
  const auto& e = report.editions;
  out += "<p>" + std::to_string(e.packs.size()) + " pack(s) changed, " +
         std::to_string(e.unchanged_packs) +
         " unchanged: " + std::to_string(e.Count(RuleChangeKind::kAdded)) + " rule(s) added, " +
         std::to_string(e.Count(RuleChangeKind::kRemoved)) + " removed, " +
         std::to_string(e.Count(RuleChangeKind::kChanged)) + " changed.</p>\n";
  if (report.with_history) {
    out += "<h2>Vendors</h2>\n<p>" + EscapeHtml(report.history_basis) + "</p>\n";
    out +=
        "<table><thead><tr><th scope=\"col\">Vendor</th><th scope=\"col\">Basis</th>"
        "<th scope=\"col\">Decision</th><th scope=\"col\">Grade</th><th scope=\"col\">Rules</th>"
        "</tr></thead><tbody>\n";
    for (const auto& v : report.vendors) {
      out += "<tr><td>" + EscapeHtml(v.vendor_id) + "<br>" + EscapeHtml(v.service_name) +
             "</td><td>" + EscapeHtml(v.basis) + "</td><td>" + EscapeHtml(v.decision_before) +
             " &rarr; " + EscapeHtml(v.decision_after) + "</td><td>" + EscapeHtml(v.grade_before) +
             " &rarr; " + EscapeHtml(v.grade_after) + "</td><td>";
      if (v.rules.empty()) out += "no rule changes its decision";
      for (const auto& r : v.rules) {
        out += "<p><code>" + EscapeHtml(r.rule_id) + "</code> (" + EscapeHtml(r.level) +
               "): " + EscapeHtml(r.before.empty() ? "not selected" : r.before) + " &rarr; " +
               EscapeHtml(r.after) + "</p>";
        if (!r.reasons.empty()) {
          out += "<ul>";
          for (const auto& reason : r.reasons) out += "<li>" + EscapeHtml(reason) + "</li>";
          out += "</ul>";
        }
        if (!r.remediation.empty()) out += "<p>To do: " + EscapeHtml(r.remediation) + "</p>";
      }
      out += "</td></tr>\n";
    }
    out += "</tbody></table>\n";
    for (const auto& note : report.notes) out += "<p>Note: " + EscapeHtml(note) + "</p>\n";
  }
  for (const auto& p : e.packs) {
    out += "<h2>" + EscapeHtml(p.pack_id) + ": " + EscapeHtml(Edition(p, false)) + " &rarr; " +
           EscapeHtml(Edition(p, true)) + "</h2>\n";
    out +=
        "<table><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Change</th>"
        "<th scope=\"col\">What differs</th></tr></thead><tbody>\n";
    for (const auto& r : p.rules) {
      out += "<tr><td><code>" + EscapeHtml(r.rule_id) + "</code><br>" + EscapeHtml(r.title_en) +
             "</td><td>" + std::string(RuleChangeKindName(r.kind)) + "</td><td>";
      for (const auto& f : r.fields)
        out += "<p>" + EscapeHtml(f.field) + ": <del>" + EscapeHtml(f.before) +
               "</del> &rarr; <ins>" + EscapeHtml(f.after) + "</ins></p>";
      out += "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "</main></body></html>\n";
  return out;
}

}  // namespace checker
