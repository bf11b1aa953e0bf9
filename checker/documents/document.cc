#include "checker/document.h"

#include "documents/readers.h"
#include "documents/text_checks.h"

namespace checker {

std::string_view DocumentFormatName(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::kYaml:
      return "yaml";
    case DocumentFormat::kJson:
      return "json";
    case DocumentFormat::kXml:
      return "xml";
  }
  return "yaml";
}

std::optional<DocumentFormat> FormatFromName(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    if (name.size() < suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
      char c = name[name.size() - suffix.size() + i];
      if (std::tolower(static_cast<unsigned char>(c)) != suffix[i]) return false;
    }
    return true;
  };
  if (ends_with(".yaml") || ends_with(".yml")) return DocumentFormat::kYaml;
  if (ends_with(".json")) return DocumentFormat::kJson;
  if (ends_with(".xml")) return DocumentFormat::kXml;
  return std::nullopt;
}

std::optional<Document> ParseDocument(const SourceText& source, DocumentFormat format,
                                      const DocumentLimits& limits, DiagnosticSink& sink) {
  DiagnosticSink local;
  LineIndex index(source.content);
  std::optional<Node> root;
  if (auto text = documents::PrepareText(source, limits, index, local)) {
    size_t bom = documents::BomLength(*text);
    std::string_view body = text->substr(bom);
    switch (format) {
      case DocumentFormat::kYaml:
        root = documents::ReadYaml(body, bom, source, index, limits, local);
        break;
      case DocumentFormat::kJson:
        root = documents::ReadJson(body, bom, source, index, limits, local);
        break;
      case DocumentFormat::kXml:
        root = documents::ReadXml(body, bom, source, index, limits, local);
        break;
    }
  }
  if (local.has_errors() || !local.diagnostics().empty()) {
    local.AttachSourceLines(source.name, source.content);
    sink.Merge(local);
  }
  if (!root || local.has_errors()) return std::nullopt;
  Document doc;
  doc.source_name = source.name;
  doc.format = format;
  doc.sha256 = Sha256Hex(source.content);
  doc.root = std::move(*root);
  return doc;
}

std::optional<Document> LoadDocument(const std::string& path, const DocumentLimits& limits,
                                     DiagnosticSink& sink) {
  auto format = FormatFromName(path);
  if (!format) {
    sink.Error(DiagCode::kUnsupportedFormat, {path, 0, 0},
               "cannot tell the format from the file name; expected .yaml, .yml, .json or .xml");
    return std::nullopt;
  }
  SourceText source{path, {}};
  std::string error;
  if (!ReadFile(path, limits.max_bytes, &source.content, &error)) {
    if (error.rfind("larger than", 0) != 0) {
      sink.Error(DiagCode::kIoError, {path, 0, 0}, "cannot read file: " + error);
      return std::nullopt;
    }
    // Point at the first byte past the limit; nothing beyond it was read.
    LineIndex index(source.content);
    sink.Error(DiagCode::kSizeLimit, index.Locate(path, source.content.size()),
               "document is " + error + " (limit max_bytes); reading stopped here");
    sink.AttachSourceLines(path, source.content);
    return std::nullopt;
  }
  return ParseDocument(source, *format, limits, sink);
}

}  // namespace checker
