#pragma once
// Checks on raw document bytes, made before any parser sees them: size, UTF-8 validity, a byte
// order mark, and plain-scalar typing shared by the YAML and XML readers.

#include <optional>
#include <string>
#include <string_view>

#include "checker/diagnostic.h"
#include "checker/document.h"
#include "checker/node.h"
#include "checker/source.h"

namespace checker::documents {

/// Byte offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
/// code points above U+10FFFF are invalid), or nullopt when the text is valid.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

/// Length of a leading UTF-8 byte order mark (3) or 0.
size_t BomLength(std::string_view text);

/// Size, BOM and UTF-8 checks shared by every reader. Returns the text to parse (without a BOM)
/// or nullopt after reporting a diagnostic.
std::optional<std::string_view> PrepareText(const SourceText& source, const DocumentLimits& limits,
                                            const LineIndex& index, DiagnosticSink& sink);

/// Result of typing a plain scalar by the YAML 1.2 core schema.
struct TypedScalar {
  Node node;                  // kNull, kBool, kNumber or kString
  bool out_of_range = false;  // a number that is not finite or an integer beyond 2^53
};
TypedScalar TypePlainScalar(std::string_view text);

}  // namespace checker::documents
