#pragma once
// Source text and the single place where byte offsets become 1-based line:column positions.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"

namespace checker {

/// A named piece of text: a file's content together with the name used in diagnostics.
struct SourceText {
  std::string name;     // usually the path as the user gave it
  std::string content;  // raw bytes
};

/// Maps byte offsets in a text to line:column (both 1-based; columns count UTF-8 code points).
/// Keeps a view of the text: the text must outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  /// 1-based line and column of the byte at `offset` (offset == size() is allowed: end of text).
  SourceLocation Locate(std::string_view file, size_t offset) const;
  /// Byte offset of the first byte of a 1-based line; size() if past the end.
  size_t LineStart(uint32_t line) const;
  /// The text of a 1-based line without its line break ("" if out of range).
  std::string_view Line(uint32_t line) const;
  /// Byte offset of 1-based line/column (columns in code points), clamped to the line's end.
  size_t Offset(uint32_t line, uint32_t column) const;
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

/// Reads a whole file. Returns false and fills `error` (with the OS reason) on failure.
/// Refuses files larger than `max_bytes` without reading them whole; `content` then holds their
/// first `max_bytes` bytes, so that the refusal can point at where the limit was crossed.
bool ReadFile(const std::string& path, size_t max_bytes, std::string* content, std::string* error);

/// Reads a file only if it is a regular file of at most `max_bytes`: a FIFO, device, socket,
/// folder or symbolic link (at the last component) is refused without blocking or reading it,
/// and an oversized file without reading it at all. For files named by untrusted documents.
bool ReadRegularFile(const std::string& path, uint64_t max_bytes, std::string* content,
                     std::string* error);

/// Like ReadRegularFile, but streams the file into a SHA-256 instead of keeping it: fills
/// `sha256` (lowercase hex) and `size`.
bool HashRegularFile(const std::string& path, uint64_t max_bytes, std::string* sha256,
                     uint64_t* size, std::string* error);

/// Writes `content` to `path` atomically: a temporary file in the same folder, fsync, rename.
/// Returns false and fills `error` on failure; the destination is then left untouched.
bool WriteFileAtomic(const std::string& path, std::string_view content, std::string* error);

/// Writes several files so that a run cut short changes none of them: Stage() writes each to a
/// temporary file beside its destination (fsynced); Commit() renames them all into place; the
/// destructor removes whatever was staged and not committed.
class FileBatch {
 public:
  FileBatch() = default;
  FileBatch(const FileBatch&) = delete;
  FileBatch& operator=(const FileBatch&) = delete;
  ~FileBatch();
  bool Stage(const std::string& path, std::string_view content, std::string* error);
  bool Commit(std::string* error);

 private:
  struct Staged {
    std::string temp;
    std::string destination;
  };
  std::vector<Staged> staged_;
};

/// Lowercase hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace checker
