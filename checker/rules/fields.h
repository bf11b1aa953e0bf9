#pragma once
// Reading one YAML mapping of a rule file against its allowed keys: unknown keys (with a
// did-you-mean), missing required keys, wrong types and invalid values all become positioned
// diagnostics, and reading goes on so that one run reports every problem.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/document.h"
#include "checker/rule.h"

namespace checker::rules {

/// What every reader of one file shares: the document, its text and where to report.
struct FileContext {
  const Document& doc;
  std::string_view text;
  DiagnosticSink& sink;
  bool ok = true;  // false once an error was reported for the current item

  SourceLocation At(Position p) const { return doc.Locate(p); }
  void Error(DiagCode code, Position at, std::string message);
  void Warning(DiagCode code, Position at, std::string message);
  /// Location of the first character of a scalar's content (after a quote; for a block scalar,
  /// the first content line), so expression diagnostics land on the right column.
  /// Also gives the column where the content's later lines start (block scalars).
  SourceLocation ContentStart(const Node& scalar, uint32_t* continuation_column) const;
};

std::string_view KindArticle(NodeKind k);  // "a string", "a list", ...
size_t EditDistance(std::string_view a, std::string_view b);
/// "; did you mean 'x'?" for the closest candidate within a small distance, else "".
std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates);
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

class Fields {
 public:
  /// `what` names the mapping in messages ("rule", "pack", "check").
  Fields(FileContext& ctx, const Node& map, std::string_view what,
         std::span<const std::string_view> allowed, bool check_unknown = true);

  bool is_map() const { return map_.is_map(); }
  const Node* Get(std::string_view key) const { return map_.Find(key); }
  const Node* Require(std::string_view key);
  Position KeyPosition(std::string_view key) const;

  /// A scalar as text (numbers keep their spelling); reports wrong types.
  std::optional<std::string> String(std::string_view key, bool required);
  std::optional<std::string> Id(std::string_view key, bool required);
  std::optional<std::string> Date(std::string_view key, bool required);
  LocalizedText Text(std::string_view key, bool required);
  std::vector<std::string> StringList(std::string_view key);
  /// One of `allowed`; reports invalid values listing the allowed ones.
  std::optional<std::string> Enum(std::string_view key, std::span<const std::string_view> allowed,
                                  bool required);

 private:
  FileContext& ctx_;
  const Node& map_;
  std::string what_;
};

/// Checks an id's form: [a-z0-9][a-z0-9._-]*.
bool IsValidId(std::string_view id);

}  // namespace checker::rules
