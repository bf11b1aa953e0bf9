// YAML documents through yaml-cpp's event parser: we build the tree ourselves so that every key
// and value keeps its exact mark, quoted scalars stay strings, duplicate keys are caught, and
// aliases are expanded under a budget (alias bombs are refused, not expanded).

#include <map>
#include <sstream>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "documents/readers.h"
#include "documents/text_checks.h"
#include "documents/tree_builder.h"

namespace checker::documents {

namespace {

// Finds a tab in the indentation of a line outside block scalars (YAML forbids them there).
std::optional<size_t> FindIndentationTab(std::string_view text) {
  size_t block_indent = std::string_view::npos;  // indentation of a line that opened `|` or `>`
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    size_t indent = line.find_first_not_of(' ');
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (block_indent != std::string_view::npos &&
        (blank || (indent != std::string_view::npos && indent > block_indent))) {
      pos = end + 1;
      continue;  // block scalar content: tabs are text
    }
    block_indent = std::string_view::npos;
    if (!blank && indent != std::string_view::npos && line[indent] == '\t') return pos + indent;
    // Does this line open a block scalar? (`key: |`, `- >-`, `|2+` ...)
    std::string_view content = line;
    if (size_t hash = content.find(" #"); hash != std::string_view::npos) {
      content = content.substr(0, hash);
    }
    size_t last = content.find_last_not_of(" \t\r");
    if (last != std::string_view::npos) {
      size_t k = last;
      while (k > 0 && (content[k] == '+' || content[k] == '-' ||
                       std::isdigit(static_cast<unsigned char>(content[k]))))
        --k;
      if ((content[k] == '|' || content[k] == '>') &&
          (k == 0 || content[k - 1] == ' ' || content[k - 1] == '\t')) {
        block_indent = indent == std::string_view::npos ? 0 : indent;
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

// Thrown by the handler to abandon parsing once a limit is reached (an alias bomb must not be
// walked to its end).
struct StopParsing {};

class Handler : public YAML::EventHandler {
 public:
  Handler(TreeBuilder& builder, const DocumentLimits& limits, DiagnosticSink& sink)
      : builder_(builder), limits_(limits), sink_(sink) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (TakeKey(mark, "")) return;
    Node n;
    builder_.Value(std::move(n), Offset(mark));
    Remember(anchor);
    CheckLimits();
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (builder_.ExpectingKey()) {
      ComplexKey(mark);
      return;
    }
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) return;  // yaml-cpp rejects unknown aliases itself
    expanded_ += CountNodes(it->second);
    if (expanded_ > limits_.max_alias_expansions) {
      sink_.Error(DiagCode::kAliasLimit, builder_.LocationOf(Offset(mark)),
                  "aliases expand to more than " + std::to_string(limits_.max_alias_expansions) +
                      " values (limit max_alias_expansions)");
      throw StopParsing{};
    }
    builder_.Insert(it->second, Offset(mark));
    CheckLimits();
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (TakeKey(mark, value)) return;
    Node node;
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {
      node.kind = NodeKind::kString;
      node.text = value;
    } else {
      TypedScalar typed = TypePlainScalar(value);
      if (typed.out_of_range) {
        sink_.Error(DiagCode::kNumberRange, builder_.LocationOf(Offset(mark)),
                    "number '" + value +
                        "' is out of range (integers must be within ±2^53, numbers finite)");
        builder_.Fail();
      }
      node = std::move(typed.node);
    }
    builder_.Value(std::move(node), Offset(mark));
    Remember(anchor);
    CheckLimits();
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    if (builder_.ExpectingKey()) return ComplexKey(mark);
    builder_.BeginList(Offset(mark));
    CheckLimits();
    open_anchors_.push_back(anchor);
  }
  void OnSequenceEnd() override { CloseContainer(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    if (builder_.ExpectingKey()) return ComplexKey(mark);
    builder_.BeginMap(Offset(mark));
    CheckLimits();
    open_anchors_.push_back(anchor);
  }
  void OnMapEnd() override { CloseContainer(); }

 private:
  void CheckLimits() const {
    if (builder_.limit_reached()) throw StopParsing{};
  }
  static size_t Offset(const YAML::Mark& mark) { return mark.pos < 0 ? 0 : mark.pos; }

  bool TakeKey(const YAML::Mark& mark, const std::string& key) {
    if (!builder_.ExpectingKey()) return false;
    builder_.Key(key, Offset(mark));
    return true;
  }

  void ComplexKey(const YAML::Mark& mark) {
    sink_.Error(DiagCode::kSyntax, builder_.LocationOf(Offset(mark)),
                "mapping keys must be scalars (a list or mapping is used as a key)");
    throw StopParsing{};
  }

  void CloseContainer() {
    if (open_anchors_.empty()) return;
    YAML::anchor_t anchor = open_anchors_.back();
    open_anchors_.pop_back();
    builder_.End();
    Remember(anchor);
  }

  void Remember(YAML::anchor_t anchor) {
    if (anchor == YAML::NullAnchor || builder_.last_completed() == nullptr) return;
    anchors_[anchor] = *builder_.last_completed();
  }

  static size_t CountNodes(const Node& n) {
    size_t count = 1;
    for (const auto& item : n.items) count += CountNodes(item);
    for (const auto& m : n.members) count += CountNodes(m.value);
    return count;
  }

  TreeBuilder& builder_;
  const DocumentLimits& limits_;
  DiagnosticSink& sink_;
  std::map<YAML::anchor_t, Node> anchors_;
  std::vector<YAML::anchor_t> open_anchors_;
  size_t expanded_ = 0;
};

// Counts documents after the first, to refuse multi-document streams.
class SkipHandler : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  YAML::Mark start;
};

}  // namespace

std::optional<Node> ReadYaml(std::string_view text, size_t base_offset, const SourceText& source,
                             const LineIndex& index, const DocumentLimits& limits,
                             DiagnosticSink& sink) {
  if (auto tab = FindIndentationTab(text)) {
    sink.Error(DiagCode::kTab, index.Locate(source.name, base_offset + *tab),
               "tab character in indentation; YAML indents with spaces only");
    return std::nullopt;
  }
  TreeBuilder builder(source.name, index, limits, sink);
  builder.set_base_offset(base_offset);
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    Handler handler(builder, limits, sink);
    parser.HandleNextDocument(handler);
    if (!builder.failed()) {
      SkipHandler skip;
      if (parser.HandleNextDocument(skip)) {
        sink.Error(DiagCode::kSyntax, builder.LocationOf(skip.start.pos < 0 ? 0 : skip.start.pos),
                   "a second YAML document begins here; a file must hold exactly one");
        return std::nullopt;
      }
    }
  } catch (const StopParsing&) {
    return std::nullopt;  // the diagnostic is already reported
  } catch (const YAML::DeepRecursion& e) {
    sink.Error(
        DiagCode::kDepthLimit, builder.LocationOf(e.mark.pos < 0 ? 0 : e.mark.pos),
        "nesting deeper than " + std::to_string(limits.max_depth) + " levels (limit max_depth)");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    sink.Error(DiagCode::kSyntax, builder.LocationOf(e.mark.pos < 0 ? 0 : e.mark.pos),
               "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  return builder.Finish();
}

}  // namespace checker::documents
