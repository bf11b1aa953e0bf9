#include "checker/manifest_schema.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "rules/fields.h"

namespace checker {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kAnnotations[] = {"$schema",     "$id",      "$comment", "title",
                                             "description", "examples", "default"};

bool ParseNode(const Json& j, const std::string& where, SchemaNode* out, std::string* error) {
  if (!j.is_object()) {
    *error = where + ": a schema must be an object";
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (key == "type") {
      if (value.is_string()) {
        out->types.push_back(value.get<std::string>());
      } else if (value.is_array()) {
        for (const auto& t : value)
          if (t.is_string()) out->types.push_back(t.get<std::string>());
      }
    } else if (key == "properties") {
      if (!value.is_object()) {
        *error = where + ": properties must be an object";
        return false;
      }
      for (const auto& [name, sub] : value.items()) {
        auto child = std::make_shared<SchemaNode>();
        if (!ParseNode(sub, where + "." + name, child.get(), error)) return false;
        out->properties.emplace_back(name, std::move(child));
      }
    } else if (key == "additionalProperties") {
      out->closed = value.is_boolean() && !value.get<bool>();
    } else if (key == "items") {
      auto items = std::make_shared<SchemaNode>();
      if (!ParseNode(value, where + "[]", items.get(), error)) return false;
      out->items = std::move(items);
    } else if (key == "enum") {
      for (const auto& v : value)
        out->enum_values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    } else if (key == "required") {
      for (const auto& v : value)
        if (v.is_string()) out->required.push_back(v.get<std::string>());
    } else if (key == "x-removed" || key == "x-removed-values") {
      auto& into = key == "x-removed" ? out->removed_keys : out->removed_values;
      if (!value.is_object()) {
        *error = where + ": " + key + " must map each removed name to what replaces it";
        return false;
      }
      for (const auto& [name, instead] : value.items()) {
        if (!instead.is_string()) {
          *error = where + ": " + key + "." + name + " must be a sentence";
          return false;
        }
        into.emplace_back(name, instead.get<std::string>());
      }
    } else if (key.starts_with("x-") || std::find(std::begin(kAnnotations), std::end(kAnnotations),
                                                  key) != std::end(kAnnotations)) {
      // annotations
    } else {
      *error = where + ": keyword '" + key + "' is outside the subset the checker supports";
      return false;
    }
  }
  return true;
}

const std::string* Lookup(const std::vector<std::pair<std::string, std::string>>& removed,
                          std::string_view name) {
  for (const auto& [key, instead] : removed)
    if (key == name) return &instead;
  return nullptr;
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "'" : ", '") + v + "'";
  return out;
}

class Checker {
 public:
  Checker(std::string_view file, const SchemaCheckOptions& options, DiagnosticSink& sink)
      : file_(file), options_(options), sink_(sink) {}

  void Visit(const Node& n, const SchemaNode& s, const std::string& path) {
    if (!TypeMatches(n, s)) {
      Error(n.position, DiagCode::kWrongType,
            (path.empty() ? std::string("the manifest") : "'" + path + "'") + " must be " +
                TypeWords(s) + ", found " + std::string(NodeKindName(n.kind)));
      return;
    }
    if (!s.enum_values.empty() && IsScalar(n.kind) && !n.is_null()) {
      const std::string& text = n.text;
      if (std::find(s.enum_values.begin(), s.enum_values.end(), text) == s.enum_values.end()) {
        const std::string* instead = Lookup(s.removed_values, text);
        Error(n.position, DiagCode::kInvalidValue,
              "'" + path + "' is '" + text + "', which is not one of " + Join(s.enum_values) +
                  (instead != nullptr
                       ? "; '" + text + "' was removed from the vocabulary: " + *instead
                       : rules::DidYouMean(text, s.enum_values)));
      }
    }
    if (n.is_map()) {
      for (const auto& m : n.members) {
        std::string sub = path.empty() ? m.key : path + "." + m.key;
        if (const SchemaNode* child = s.Property(m.key)) {
          Visit(m.value, *child, sub);
        } else if (s.closed) {
          std::vector<std::string> names;
          for (const auto& [name, _] : s.properties) names.push_back(name);
          SourceLocation at{std::string(file_), m.key_position.line, m.key_position.column};
          const std::string* instead = Lookup(s.removed_keys, m.key);
          std::string message =
              instead != nullptr
                  ? "unknown key '" + sub + "': it was removed from the manifest vocabulary; " +
                        *instead
                  : "unknown key '" + sub + "': the manifest schema has no such field" +
                        rules::DidYouMean(m.key, names);
          if (options_.strict)
            sink_.Error(DiagCode::kUnknownKey, at, std::move(message));
          else
            sink_.Warning(DiagCode::kUnknownKey, at, std::move(message));
        }
      }
    } else if (n.is_list() && s.items) {
      for (const auto& item : n.items) Visit(item, *s.items, path + "[]");
    }
  }

 private:
  static bool IsScalar(NodeKind k) { return k != NodeKind::kList && k != NodeKind::kMap; }

  bool TypeMatches(const Node& n, const SchemaNode& s) const {
    if (s.types.empty() || n.is_null()) return true;  // null: "declared but empty", rules decide
    auto allows = [&](std::string_view t) { return s.Allows(t); };
    switch (n.kind) {
      case NodeKind::kMap:
        return allows("object");
      case NodeKind::kList:
        return allows("array");
      case NodeKind::kString:
        return allows("string");
      case NodeKind::kBool:
        return allows("boolean") || (options_.lenient_scalars && allows("string"));
      case NodeKind::kNumber:
        if (allows("number")) return true;
        if (allows("integer") && n.number == static_cast<double>(static_cast<long long>(n.number)))
          return true;
        return options_.lenient_scalars && allows("string");
      case NodeKind::kNull:
        return true;
    }
    return false;
  }

  static std::string TypeWords(const SchemaNode& s) {
    std::string out;
    for (const auto& t : s.types) {
      std::string word = t == "object"    ? "a map"
                         : t == "array"   ? "a list"
                         : t == "boolean" ? "a bool (true or false)"
                         : t == "integer" ? "a whole number"
                         : t == "number"  ? "a number"
                         : t == "string"  ? "a string"
                                          : t;
      out += (out.empty() ? "" : " or ") + word;
    }
    return out;
  }

  void Error(Position p, DiagCode code, std::string message) {
    sink_.Error(code, SourceLocation{std::string(file_), p.line, p.column}, std::move(message));
  }

  std::string_view file_;
  const SchemaCheckOptions& options_;
  DiagnosticSink& sink_;
};

// Walks the manifest beside the schema; see ManifestSchema::NormalizeLists.
class ListNormalizer {
 public:
  ListNormalizer(std::string_view file, bool xml, DiagnosticSink& sink)
      : xml_(xml), file_(file), sink_(sink) {}

  void Visit(Node& n, const SchemaNode& s, const std::string& path) {
    if (xml_ && s.Allows("array") && !n.is_list()) {
      Node value = std::move(n);
      n = Node{};
      n.kind = NodeKind::kList;
      n.position = value.position;
      if (!value.is_null()) n.items.push_back(std::move(value));  // one element: one item
    } else if (xml_ && s.Allows("object") && n.is_null()) {
      n.kind = NodeKind::kMap;
      n.text.clear();
    }
    if (n.is_map()) {
      std::erase_if(n.members, [&](Member& m) {
        const SchemaNode* child = s.Property(m.key);
        if (child == nullptr) return false;
        std::string sub = path.empty() ? m.key : path + "." + m.key;
        if (!xml_ && m.value.is_null() && child->Allows("array")) {
          sink_.Warning(
              DiagCode::kWrongType,
              SourceLocation{std::string(file_), m.value.position.line, m.value.position.column},
              "'" + sub + "' has no value where a list is declared: write [] to declare none; " +
                  "without a value it counts as not declared (rules reading it are "
                  "missing_evidence)");
          return true;
        }
        Visit(m.value, *child, sub);
        return false;
      });
    } else if (n.is_list() && s.items) {
      for (auto& item : n.items) Visit(item, *s.items, path + "[]");
    }
  }

 private:
  bool xml_;
  std::string_view file_;
  DiagnosticSink& sink_;
};

}  // namespace

const SchemaNode* SchemaNode::Property(std::string_view key) const {
  for (const auto& [name, node] : properties)
    if (name == key) return node.get();
  return nullptr;
}

bool SchemaNode::Allows(std::string_view type) const {
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::optional<ManifestSchema> ManifestSchema::Parse(std::string_view json_text,
                                                    std::string_view file, DiagnosticSink& sink) {
  Json j = Json::parse(json_text, nullptr, false);
  SourceLocation at{std::string(file), 1, 1};
  if (j.is_discarded()) {
    sink.Error(DiagCode::kSyntax, at, "the manifest schema is not valid JSON");
    return std::nullopt;
  }
  auto root = std::make_shared<SchemaNode>();
  std::string error;
  if (!ParseNode(j, "(root)", root.get(), &error)) {
    sink.Error(DiagCode::kInvalidValue, at, "manifest schema: " + error);
    return std::nullopt;
  }
  ManifestSchema schema;
  schema.root_ = std::move(root);
  return schema;
}

const SchemaNode* ManifestSchema::Find(std::string_view path) const {
  const SchemaNode* at = root_.get();
  size_t i = 0;
  while (at != nullptr && i < path.size()) {
    if (path.substr(i, 3) == "[?]") {  // computed index: a list's elements, or any key of a map
      if (at->items) at = at->items.get();
      i += 3;
      continue;
    }
    if (path.substr(i, 2) == "[]") {
      at = at->items.get();
      i += 2;
      continue;
    }
    if (path[i] == '.') ++i;
    size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    at = at->Property(path.substr(i, end - i));
    i = end;
  }
  return at;
}

void ManifestSchema::NormalizeLists(Node& manifest, std::string_view file, bool written_in_xml,
                                    DiagnosticSink& sink) const {
  ListNormalizer(file, written_in_xml, sink).Visit(manifest, *root_, "");
}

void ManifestSchema::Check(const Node& manifest, std::string_view file,
                           const SchemaCheckOptions& options, DiagnosticSink& sink) const {
  Checker(file, options, sink).Visit(manifest, *root_, "");
}

}  // namespace checker
