#pragma once
// Document readers: YAML, JSON and XML manifests read into one Node tree (see node.h), with
// limits for untrusted input and positioned diagnostics for every problem.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/node.h"
#include "checker/source.h"

namespace checker {

enum class DocumentFormat : uint8_t { kYaml, kJson, kXml };
std::string_view DocumentFormatName(DocumentFormat f);  // "yaml", "json", "xml"

/// A parsed document: its root and where it came from.
struct Document {
  std::string source_name;
  DocumentFormat format = DocumentFormat::kYaml;
  std::string sha256;  // of the raw bytes
  Node root;

  SourceLocation Locate(Position p) const { return {source_name, p.line, p.column}; }
};

/// Resource limits for reading untrusted documents. Every limit is a diagnostic, never a crash.
struct DocumentLimits {
  size_t max_bytes = 16u << 20;  // 16 MiB
  uint32_t max_depth = 64;       // nesting of lists and maps
  size_t max_nodes = 1'000'000;  // total nodes after alias expansion
  size_t max_alias_expansions = 10'000;
  size_t max_string_bytes = 1u << 20;
};

/// Format from a file name's extension (.yaml/.yml, .json, .xml); nullopt if unknown.
std::optional<DocumentFormat> FormatFromName(std::string_view name);

/// Parses `source` in `format`. On any error, diagnostics go to `sink` (with the positions of the
/// offending bytes) and nullopt is returned. Warnings alone do not fail the read.
std::optional<Document> ParseDocument(const SourceText& source, DocumentFormat format,
                                      const DocumentLimits& limits, DiagnosticSink& sink);

/// Reads a file from disk (format from its extension) and parses it.
std::optional<Document> LoadDocument(const std::string& path, const DocumentLimits& limits,
                                     DiagnosticSink& sink);

}  // namespace checker
