// XML documents through pugixml, mapped onto the same tree as YAML and JSON (docs/documents.md):
// the root element is the root map; attributes and child elements become keys; repeated
// children, or children all named `item`, become lists; text is typed like a plain YAML scalar.
// The buffer is parsed in place, so names and values point into it and give their positions.

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <string>

#include "documents/readers.h"
#include "documents/text_checks.h"
#include "documents/tree_builder.h"

namespace checker::documents {

namespace {

class Converter {
 public:
  Converter(const std::string& buffer, TreeBuilder& builder, DiagnosticSink& sink)
      : buffer_(buffer), builder_(builder), sink_(sink) {}

  bool Element(const pugi::xml_node& element) {
    if (!element.first_attribute()) {
      bool has_child = false, all_items = true;
      for (auto child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        has_child = true;
        all_items = all_items && std::string_view(child.name()) == "item";
      }
      if (has_child && all_items && !HasText(element)) return ItemList(element);
      if (!has_child) return Leaf(element);
    }
    if (HasText(element)) {
      return Error(DiagCode::kSyntax, TextOffset(element),
                   "element <" + std::string(element.name()) +
                       "> mixes text with attributes or child elements; put the text in a child "
                       "element");
    }
    if (!builder_.BeginMap(ElementOffset(element))) return false;
    std::map<std::string, size_t, std::less<>> attribute_names;
    for (auto attribute : element.attributes()) {
      std::string name = attribute.name();
      attribute_names.emplace(name, Offset(attribute.name()));
      builder_.Key(name, Offset(attribute.name()));
      TypedScalar typed = TypePlainScalar(attribute.value());
      if (!Typed(std::move(typed), Offset(attribute.value()))) return false;
    }
    // Children grouped by name in order of first appearance; a repeated name becomes a list.
    std::vector<std::pair<std::string, std::vector<pugi::xml_node>>> groups;
    for (auto child : element.children()) {
      if (child.type() != pugi::node_element) continue;
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.first == child.name(); });
      if (it == groups.end()) {
        groups.push_back({child.name(), {child}});
      } else {
        it->second.push_back(child);
      }
    }
    for (const auto& [name, nodes] : groups) {
      if (attribute_names.count(name) != 0) {
        Error(
            DiagCode::kDuplicateKey, ElementOffset(nodes.front()),
            "element <" + name + "> has the same name as an attribute of <" + element.name() + ">");
        continue;
      }
      builder_.Key(name, ElementOffset(nodes.front()));
      if (nodes.size() == 1) {
        if (!Element(nodes.front())) return false;
        continue;
      }
      if (!builder_.BeginList(ElementOffset(nodes.front()))) return false;
      for (const auto& node : nodes)
        if (!Element(node)) return false;
      if (!builder_.End()) return false;
    }
    return builder_.End();
  }

 private:
  size_t Offset(const char* p) const {
    if (p < buffer_.data() || p > buffer_.data() + buffer_.size()) return 0;
    return static_cast<size_t>(p - buffer_.data());
  }
  // offset_debug() points at the element's name; its '<' is one byte earlier.
  static size_t ElementOffset(const pugi::xml_node& n) {
    ptrdiff_t o = n.offset_debug();
    return o > 0 ? static_cast<size_t>(o - 1) : 0;
  }

  static bool HasText(const pugi::xml_node& element) {
    for (auto child : element.children()) {
      if (child.type() == pugi::node_cdata) return true;
      if (child.type() == pugi::node_pcdata &&
          std::string_view(child.value()).find_first_not_of(" \t\r\n") != std::string_view::npos)
        return true;
    }
    return false;
  }

  size_t TextOffset(const pugi::xml_node& element) const {
    for (auto child : element.children()) {
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        const char* v = child.value();
        size_t skip = std::string_view(v).find_first_not_of(" \t\r\n");
        return Offset(v) + (skip == std::string_view::npos ? 0 : skip);
      }
    }
    return ElementOffset(element);
  }

  bool ItemList(const pugi::xml_node& element) {
    if (!builder_.BeginList(ElementOffset(element))) return false;
    for (auto child : element.children("item"))
      if (!Element(child)) return false;
    return builder_.End();
  }

  bool Leaf(const pugi::xml_node& element) {
    std::string text;
    bool cdata = false;
    for (auto child : element.children()) {
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        text += child.value();
        cdata = cdata || child.type() == pugi::node_cdata;
      }
    }
    if (cdata) {
      Node n;
      n.kind = NodeKind::kString;
      n.text = std::move(text);
      return builder_.Value(std::move(n), TextOffset(element)) || !builder_.limit_reached();
    }
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
      return builder_.Value(Node{}, ElementOffset(element)) || !builder_.limit_reached();
    }
    size_t last = text.find_last_not_of(" \t\r\n");
    return Typed(TypePlainScalar(std::string_view(text).substr(first, last - first + 1)),
                 TextOffset(element));
  }

  bool Typed(TypedScalar typed, size_t offset) {
    if (typed.out_of_range) {
      Error(DiagCode::kNumberRange, offset,
            "number '" + typed.node.text +
                "' is out of range (integers must be within ±2^53, numbers finite)");
    }
    return builder_.Value(std::move(typed.node), offset) || !builder_.limit_reached();
  }

  bool Error(DiagCode code, size_t offset, std::string message) {
    sink_.Error(code, builder_.LocationOf(offset), std::move(message));
    builder_.Fail();
    return true;  // keep converting: report every problem
  }

  const std::string& buffer_;
  TreeBuilder& builder_;
  DiagnosticSink& sink_;
};

}  // namespace

std::optional<Node> ReadXml(std::string_view text, size_t base_offset, const SourceText& source,
                            const LineIndex& index, const DocumentLimits& limits,
                            DiagnosticSink& sink) {
  TreeBuilder builder(source.name, index, limits, sink);
  builder.set_base_offset(base_offset);
  std::string buffer(text);
  pugi::xml_document doc;
  unsigned options = (pugi::parse_default | pugi::parse_doctype) & ~pugi::parse_eol;
  pugi::xml_parse_result result =
      doc.load_buffer_inplace(buffer.data(), buffer.size(), options, pugi::encoding_utf8);
  if (!result) {
    sink.Error(DiagCode::kSyntax, builder.LocationOf(static_cast<size_t>(result.offset)),
               std::string("XML syntax error: ") + result.description());
    return std::nullopt;
  }
  for (auto child : doc.children()) {
    if (child.type() == pugi::node_doctype) {
      size_t at = static_cast<size_t>(std::max<ptrdiff_t>(0, child.offset_debug()));
      size_t doctype = text.rfind("<!DOCTYPE", at);
      sink.Error(DiagCode::kXmlDoctype,
                 builder.LocationOf(doctype == std::string_view::npos ? at : doctype),
                 "DOCTYPE declarations are refused: entity definitions could expand without "
                 "bound");
      return std::nullopt;
    }
  }
  pugi::xml_node root = doc.document_element();
  if (!root) {
    sink.Error(DiagCode::kSyntax, builder.LocationOf(0), "XML document has no root element");
    return std::nullopt;
  }
  Converter converter(buffer, builder, sink);
  converter.Element(root);
  return builder.Finish();
}

}  // namespace checker::documents
