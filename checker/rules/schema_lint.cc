// Lint of rule expressions against the manifest schema: keeps rules and vocabulary from drifting.

#include <algorithm>
#include <set>

#include "checker/manifest_schema.h"
#include "checker/rule_set.h"

#include "rules/fields.h"

namespace checker {

namespace {

void CheckExpression(const Expression& e, const ManifestSchema& schema, DiagnosticSink& sink) {
  StaticReads reads = e.Reads();
  std::set<std::string> reported;
  for (const auto& read : reads.paths) {
    if (schema.Find(read.path) != nullptr) continue;
    if (!reported.insert(read.path).second) continue;
    // Name the first segment the schema lacks, and suggest its nearest sibling.
    std::string known;
    std::string missing = read.path;
    std::vector<std::string> siblings;
    for (size_t i = 0; i <= read.path.size(); ++i) {
      if (i < read.path.size() && read.path[i] != '.' && read.path[i] != '[') continue;
      std::string prefix = read.path.substr(0, i);
      if (schema.Find(prefix) == nullptr) {
        missing = prefix;
        break;
      }
      known = prefix;
    }
    const SchemaNode* parent = known.empty() ? &schema.root() : schema.Find(known);
    if (parent != nullptr)
      for (const auto& [name, _] : parent->properties) siblings.push_back(name);
    std::string last = missing.substr(
        missing.find_last_of(".]") == std::string::npos ? 0 : missing.find_last_of(".]") + 1);
    std::string hint = rules::DidYouMean(last, siblings);
    if (parent != nullptr)
      for (const auto& [name, instead] : parent->removed_keys)
        if (name == last) hint = "; it was removed from the vocabulary: " + instead;
    sink.Error(DiagCode::kUnknownKey, read.location,
               "the rule reads '" + read.path + "', but the manifest schema has no '" + missing +
                   "' (rules/schema/manifest.schema.json)" + hint);
  }
  for (const auto& c : reads.comparisons) {
    const SchemaNode* field = schema.Find(c.path);
    if (field == nullptr || field->enum_values.empty()) continue;
    if (std::find(field->enum_values.begin(), field->enum_values.end(), c.literal) !=
        field->enum_values.end())
      continue;
    std::string values;
    for (const auto& v : field->enum_values) values += (values.empty() ? "'" : ", '") + v + "'";
    sink.Error(DiagCode::kInvalidValue, c.location,
               "'" + c.literal + "' is not a value of '" + c.path + "' in the manifest schema (" +
                   values + ")" + rules::DidYouMean(c.literal, field->enum_values));
  }
}

}  // namespace

void CheckRulesAgainstSchema(const RuleSet& rules, const ManifestSchema& schema,
                             DiagnosticSink& sink) {
  for (const Rule& rule : rules.rules())
    if (rule.applies_when) CheckExpression(*rule.applies_when, schema, sink);
  for (const Check& check : rules.checks()) {
    if (check.type == CheckType::kDocument && !check.url_path.empty() &&
        schema.Find(check.url_path) == nullptr)
      sink.Error(DiagCode::kUnknownKey, check.location,
                 "the check fetches the URL at '" + check.url_path +
                     "', but the manifest schema has no such field");
    if (check.type != CheckType::kManifest && check.type != CheckType::kGrayzone) continue;
    if (check.expect) CheckExpression(*check.expect, schema, sink);
  }
}

}  // namespace checker
