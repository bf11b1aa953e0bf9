#include "expr/lexer.h"

#include <cmath>
#include <cstdlib>

#include "checker/safe_text.h"

namespace checker::expr {

namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

}  // namespace

const char* TokenDescription(Tok kind) {
  switch (kind) {
    case Tok::kEnd:
      return "end of expression";
    case Tok::kIdent:
      return "a name";
    case Tok::kNumber:
      return "a number";
    case Tok::kString:
      return "a string";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kLBracket:
      return "'['";
    case Tok::kRBracket:
      return "']'";
    case Tok::kComma:
      return "','";
    case Tok::kDot:
      return "'.'";
    case Tok::kNot:
      return "'!'";
    case Tok::kAnd:
      return "'&&'";
    case Tok::kOr:
      return "'||'";
    case Tok::kEq:
      return "'=='";
    case Tok::kNe:
      return "'!='";
    case Tok::kLt:
      return "'<'";
    case Tok::kLe:
      return "'<='";
    case Tok::kGt:
      return "'>'";
    case Tok::kGe:
      return "'>='";
    case Tok::kPlus:
      return "'+'";
    case Tok::kMinus:
      return "'-'";
    case Tok::kStar:
      return "'*'";
    case Tok::kSlash:
      return "'/'";
    case Tok::kIn:
      return "'in'";
    case Tok::kTrue:
      return "'true'";
    case Tok::kFalse:
      return "'false'";
    case Tok::kNull:
      return "'null'";
    case Tok::kError:
      return "an invalid character";
  }
  return "?";
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  auto push = [&](Tok kind, size_t start, size_t length) {
    out.push_back({kind, start, std::string(text.substr(start, length)), 0});
    i = start + length;
  };
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) {
      out.push_back({Tok::kEnd, text.size(), "", 0});
      return out;
    }
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    size_t start = i;
    if (IsIdentStart(c)) {
      while (i < text.size() && IsIdentChar(text[i])) ++i;
      std::string word(text.substr(start, i - start));
      Tok kind = word == "in"      ? Tok::kIn
                 : word == "true"  ? Tok::kTrue
                 : word == "false" ? Tok::kFalse
                 : word == "null"  ? Tok::kNull
                                   : Tok::kIdent;
      out.push_back({kind, start, std::move(word), 0});
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && std::isdigit(static_cast<unsigned char>(next)))) {
      while (i < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
      if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        size_t save = i++;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
          while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        } else {
          i = save;
        }
      }
      std::string spelling(text.substr(start, i - start));
      char* end = nullptr;
      double v = std::strtod(spelling.c_str(), &end);
      if (end != spelling.c_str() + spelling.size()) {
        out.push_back({Tok::kError, start, "malformed number '" + spelling + "'", 0});
        return out;
      }
      if (!std::isfinite(v)) {
        out.push_back({Tok::kError, start, "number '" + spelling + "' is out of range", 0});
        return out;
      }
      out.push_back({Tok::kNumber, start, std::move(spelling), v});
      continue;
    }
    if (c == '"' || c == '\'') {
      std::string value;
      ++i;
      while (true) {
        if (i >= text.size()) {
          out.push_back({Tok::kError, start, "unterminated string", 0});
          return out;
        }
        char d = text[i];
        if (d == c) {
          ++i;
          break;
        }
        if (d != '\\') {
          value += d;
          ++i;
          continue;
        }
        char e = i + 1 < text.size() ? text[i + 1] : '\0';
        size_t escape_at = i;
        i += 2;
        switch (e) {
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          case 'r':
            value += '\r';
            break;
          case '\\':
            value += '\\';
            break;
          case '\'':
            value += '\'';
            break;
          case '"':
            value += '"';
            break;
          case 'u': {
            char32_t cp = 0;
            size_t k = 0;
            for (; k < 4 && i + k < text.size() &&
                   std::isxdigit(static_cast<unsigned char>(text[i + k]));
                 ++k)
              cp = cp * 16 +
                   static_cast<char32_t>(std::stoi(std::string(1, text[i + k]), nullptr, 16));
            if (k != 4 || (cp >= 0xD800 && cp <= 0xDFFF)) {
              out.push_back({Tok::kError, escape_at,
                             "invalid \\u escape (four hex digits, no surrogates)", 0});
              return out;
            }
            i += 4;
            AppendUtf8(value, cp);
            break;
          }
          default:
            out.push_back({Tok::kError, escape_at, std::string("unknown escape '\\") + e + "'", 0});
            return out;
        }
      }
      out.push_back({Tok::kString, start, std::move(value), 0});
      continue;
    }
    switch (c) {
      case '(':
        push(Tok::kLParen, start, 1);
        continue;
      case ')':
        push(Tok::kRParen, start, 1);
        continue;
      case '[':
        push(Tok::kLBracket, start, 1);
        continue;
      case ']':
        push(Tok::kRBracket, start, 1);
        continue;
      case ',':
        push(Tok::kComma, start, 1);
        continue;
      case '.':
        push(Tok::kDot, start, 1);
        continue;
      case '+':
        push(Tok::kPlus, start, 1);
        continue;
      case '-':
        push(Tok::kMinus, start, 1);
        continue;
      case '*':
        push(Tok::kStar, start, 1);
        continue;
      case '/':
        push(Tok::kSlash, start, 1);
        continue;
      case '!':
        push(next == '=' ? Tok::kNe : Tok::kNot, start, next == '=' ? 2 : 1);
        continue;
      case '<':
        push(next == '=' ? Tok::kLe : Tok::kLt, start, next == '=' ? 2 : 1);
        continue;
      case '>':
        push(next == '=' ? Tok::kGe : Tok::kGt, start, next == '=' ? 2 : 1);
        continue;
      case '=':
        if (next == '=') {
          push(Tok::kEq, start, 2);
          continue;
        }
        out.push_back({Tok::kError, start, "'=' is not an operator; use '==' to compare", 0});
        return out;
      case '&':
        if (next == '&') {
          push(Tok::kAnd, start, 2);
          continue;
        }
        out.push_back({Tok::kError, start, "'&' is not an operator; use '&&'", 0});
        return out;
      case '|':
        if (next == '|') {
          push(Tok::kOr, start, 2);
          continue;
        }
        out.push_back({Tok::kError, start, "'|' is not an operator; use '||'", 0});
        return out;
      default:
        break;
    }
    out.push_back({Tok::kError, start, std::string("unexpected character '") + c + "'", 0});
    return out;
  }
}

}  // namespace checker::expr
