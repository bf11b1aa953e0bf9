#pragma once
// Builds a Node tree from parser events, enforcing DocumentLimits and reporting positioned
// diagnostics. Shared by the YAML, JSON and XML readers so that the three formats give the same
// tree and the same limits.

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/document.h"
#include "checker/node.h"
#include "checker/source.h"

namespace checker::documents {

class TreeBuilder {
 public:
  TreeBuilder(std::string_view source_name, const LineIndex& index, const DocumentLimits& limits,
              DiagnosticSink& sink);

  /// Each returns false once a limit is exceeded (the diagnostic is already reported): the
  /// reader should then stop parsing.
  bool BeginMap(size_t offset);
  bool BeginList(size_t offset);
  bool End();
  bool Key(std::string key, size_t offset);
  bool Value(Node scalar, size_t offset);
  /// Inserts a copy of an already built subtree (a YAML alias), counting its nodes.
  bool Insert(const Node& subtree, size_t offset);

  /// The last completed value (the subtree just ended or inserted), for anchors.
  const Node* last_completed() const { return last_completed_; }
  /// The finished root; nullopt when nothing was built or an error was reported.
  std::optional<Node> Finish();

  Position PositionOf(size_t offset) const;
  SourceLocation LocationOf(size_t offset) const;
  bool failed() const { return failed_; }
  void Fail() { failed_ = true; }
  /// True after a resource limit was exceeded: the reader must stop parsing at once.
  bool limit_reached() const { return limit_hit_; }
  /// True when the innermost open container is a map waiting for its next key.
  bool ExpectingKey() const;
  /// Offsets given to this builder are relative to a text that starts `offset` bytes into the
  /// source (after a byte order mark).
  void set_base_offset(size_t offset) { base_offset_ = offset; }

 private:
  bool Place(Node node);
  bool CountNodes(size_t n, size_t offset);

  struct Frame {
    Node node;
    std::string pending_key;
    Position pending_key_position;
    bool has_key = false;
    // Keys seen so far, with the index of their member: duplicate detection stays linear in the
    // size of a flat map (a hostile 16 MiB map has about a million keys). Filled only for maps
    // larger than a few keys.
    std::unordered_map<std::string, size_t> key_index;
  };

  std::string_view source_name_;
  const LineIndex& index_;
  DocumentLimits limits_;
  DiagnosticSink& sink_;
  std::vector<Frame> stack_;
  std::optional<Node> root_;
  const Node* last_completed_ = nullptr;
  size_t node_count_ = 0;
  size_t base_offset_ = 0;
  bool failed_ = false;
  bool limit_hit_ = false;
};

}  // namespace checker::documents
