#pragma once
// Tokens of the expression language.

#include <string>
#include <string_view>
#include <vector>

namespace checker::expr {

enum class Tok : uint8_t {
  kEnd,
  kIdent,
  kNumber,
  kString,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kNot,
  kAnd,
  kOr,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kIn,
  kTrue,
  kFalse,
  kNull,
  kError,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t offset = 0;
  std::string text;  // identifier, decoded string, number spelling, or the error message
  double number = 0;
};

/// Splits `text` into tokens ending with kEnd; a lexical error yields a kError token whose text
/// says what is wrong (and stops there).
std::vector<Token> Tokenize(std::string_view text);
const char* TokenDescription(Tok kind);

}  // namespace checker::expr
