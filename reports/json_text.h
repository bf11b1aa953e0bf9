#pragma once
// JSON text written as it goes, in the layout of nlohmann's dump(2) with invalid UTF-8 replaced:
// the report's findings are streamed with it instead of being built as a tree and dumped, and
// the bytes are the same (the golden reports prove it). Values it does not spell itself are
// given as nlohmann values and dumped in place.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace checker::reports {

class JsonText {
 public:
  using Json = nlohmann::ordered_json;

  /// `one_line`: no indentation or spaces, as nlohmann's dump(-1) (the compact report).
  explicit JsonText(std::string& out, bool one_line = false) : out_(out), one_line_(one_line) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// An object member's name (one of the format's, written as it is); its value follows.
  void Key(std::string_view key);

  void String(std::string_view s);
  void Uint(uint64_t n);
  void Bool(bool b);
  void Null();
  void Strings(const std::vector<std::string>& list);
  /// Any value, dumped by nlohmann at this depth.
  void Value(const Json& value);

  /// `s` as a JSON string, as nlohmann writes it (ensure_ascii off, invalid UTF-8 replaced).
  static void AppendString(std::string& out, std::string_view s);

 private:
  void Open(char bracket);
  void Close(char bracket);
  void Separate();     // the separator and indentation before a member or an element
  void BeforeValue();  // before a value: none after its key

  std::string& out_;
  bool one_line_;
  std::vector<size_t> counts_;  // members or elements written, per open container
  bool after_key_ = false;
};

}  // namespace checker::reports
