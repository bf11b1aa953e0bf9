#pragma once
// The three format readers behind ParseDocument. Each takes the checked text (UTF-8 valid,
// without a byte order mark, which was `base_offset` bytes long) and builds the Node tree.

#include <optional>
#include <string_view>

#include "checker/diagnostic.h"
#include "checker/document.h"
#include "checker/node.h"
#include "checker/source.h"

namespace checker::documents {

std::optional<Node> ReadYaml(std::string_view text, size_t base_offset, const SourceText& source,
                             const LineIndex& index, const DocumentLimits& limits,
                             DiagnosticSink& sink);
std::optional<Node> ReadJson(std::string_view text, size_t base_offset, const SourceText& source,
                             const LineIndex& index, const DocumentLimits& limits,
                             DiagnosticSink& sink);
std::optional<Node> ReadXml(std::string_view text, size_t base_offset, const SourceText& source,
                            const LineIndex& index, const DocumentLimits& limits,
                            DiagnosticSink& sink);

}  // namespace checker::documents
