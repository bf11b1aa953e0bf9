#pragma once
// The manifest vocabulary (rules/schema/manifest.schema.json, JSON Schema 2020-12), read into a
// small tree. The checker supports the subset the schema uses: `type`, `properties`,
// `additionalProperties: false`, `items`, `enum` (of strings) and `required`; other keywords are
// annotations (descriptions, `x-` keys) and are ignored, except `x-removed` and `x-removed-values`,
// which say where a field or value that left the vocabulary went. See docs/manifest.md.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/node.h"

namespace checker {

struct SchemaNode {
  std::vector<std::string> types;  // "object", "array", "string", "number", "integer", "boolean"
  // In schema order. Held by pointer: a pair of a still-incomplete SchemaNode does not compile
  // with every standard library.
  std::vector<std::pair<std::string, std::shared_ptr<const SchemaNode>>> properties;
  bool closed = false;  // additionalProperties: false
  std::shared_ptr<const SchemaNode> items;
  std::vector<std::string> enum_values;
  std::vector<std::string> required;
  // Keys (x-removed) and enumerated values (x-removed-values) that left the vocabulary, each with
  // what to write instead: a manifest still using one gets that sentence, not only did-you-mean.
  std::vector<std::pair<std::string, std::string>> removed_keys;
  std::vector<std::pair<std::string, std::string>> removed_values;

  const SchemaNode* Property(std::string_view key) const;
  bool Allows(std::string_view type) const;
};

struct SchemaCheckOptions {
  bool strict = false;           // an unknown key is an error, not a warning
  bool lenient_scalars = false;  // XML: any scalar may stand for a string (its source spelling)
};

class ManifestSchema {
 public:
  /// Reads the schema JSON; nullopt after a positioned diagnostic when it is not valid JSON or
  /// uses a keyword outside the supported subset.
  static std::optional<ManifestSchema> Parse(std::string_view json_text, std::string_view file,
                                             DiagnosticSink& sink);

  /// The sub-schema at a path spelled `a.b[].c` (`[]`: a list's elements); nullptr if the
  /// vocabulary has no such path.
  const SchemaNode* Find(std::string_view path) const;

  /// Checks a manifest: unknown keys (warning, with did-you-mean; an error when strict), wrong
  /// types and values outside an enumeration (errors), each at its position in `file`.
  void Check(const Node& manifest, std::string_view file, const SchemaCheckOptions& options,
             DiagnosticSink& sink) const;

  /// Gives the manifest the lists and maps the schema declares, before it is checked and before
  /// any rule reads it. XML cannot say "empty list" or tell a one-item list written as a repeated
  /// element from a single value, so in an XML manifest an empty element where the schema declares
  /// a list becomes an empty list (a map: an empty map), and a single value where it declares a
  /// list becomes a one-item list, each keeping its position. YAML and JSON say which they mean;
  /// there a null where a list is declared (`partners:`) is no declaration: the key is dropped, so
  /// rules reading it are missing_evidence, and a warning at its position says to write `[]`.
  void NormalizeLists(Node& manifest, std::string_view file, bool written_in_xml,
                      DiagnosticSink& sink) const;

  const SchemaNode& root() const { return *root_; }

 private:
  std::shared_ptr<const SchemaNode> root_;
};

}  // namespace checker

namespace checker {

class RuleSet;

/// Lint: every path a rule's `applies_when` or manifest/gray-zone check reads must exist in the
/// schema, and every string literal compared with an enumerated field must be one of its values.
/// Observation expressions (http, tls, document checks) read probe results, not the manifest.
void CheckRulesAgainstSchema(const RuleSet& rules, const ManifestSchema& schema,
                             DiagnosticSink& sink);

}  // namespace checker
