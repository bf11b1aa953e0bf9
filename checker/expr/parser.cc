#include "expr/parser.h"

#include <vector>

#include "expr/lexer.h"

namespace checker::expr {

namespace {

struct Failure {};  // unwinds to Parse() after the error is recorded

class Parser {
 public:
  Parser(std::vector<Token> tokens, uint32_t max_depth, ParseError* error)
      : tokens_(std::move(tokens)), max_depth_(max_depth), error_(error) {}

  std::unique_ptr<Ast> Run() {
    if (tokens_.back().kind == Tok::kError) Fail(tokens_.back().offset, tokens_.back().text);
    auto ast = Binary(0);
    if (Peek().kind != Tok::kEnd) Expected("an operator or end of expression");
    return ast;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  [[noreturn]] void Fail(size_t offset, std::string message, bool limit = false) {
    *error_ = {offset, std::move(message), limit};
    throw Failure{};
  }
  [[noreturn]] void Expected(const std::string& what) {
    const Token& t = Peek();
    std::string found = t.kind == Tok::kError ? t.text : TokenDescription(t.kind);
    if (t.kind == Tok::kIdent) found = "'" + t.text + "'";
    Fail(t.offset, "expected " + what + ", found " + found);
  }
  void Expect(Tok kind, const std::string& context) {
    if (Peek().kind != kind) Expected(std::string(TokenDescription(kind)) + context);
    Take();
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser, size_t offset) : p(parser) {
      if (++p.depth_ > p.max_depth_) {
        p.Fail(offset,
               "expression nested deeper than " + std::to_string(p.max_depth_) +
                   " levels (limit max_depth)",
               true);
      }
    }
    ~DepthGuard() { --p.depth_; }
  };

  static std::unique_ptr<Ast> Make(Op op, size_t offset) {
    auto a = std::make_unique<Ast>();
    a->op = op;
    a->offset = offset;
    return a;
  }

  // Binding power of binary operators; 0 = not a binary operator.
  static int Precedence(Tok t) {
    switch (t) {
      case Tok::kOr:
        return 1;
      case Tok::kAnd:
        return 2;
      case Tok::kEq:
      case Tok::kNe:
      case Tok::kLt:
      case Tok::kLe:
      case Tok::kGt:
      case Tok::kGe:
      case Tok::kIn:
        return 3;
      case Tok::kPlus:
      case Tok::kMinus:
        return 4;
      case Tok::kStar:
      case Tok::kSlash:
        return 5;
      default:
        return 0;
    }
  }
  static Op BinaryOp(Tok t) {
    switch (t) {
      case Tok::kOr:
        return Op::kOr;
      case Tok::kAnd:
        return Op::kAnd;
      case Tok::kEq:
        return Op::kEq;
      case Tok::kNe:
        return Op::kNe;
      case Tok::kLt:
        return Op::kLt;
      case Tok::kLe:
        return Op::kLe;
      case Tok::kGt:
        return Op::kGt;
      case Tok::kGe:
        return Op::kGe;
      case Tok::kIn:
        return Op::kIn;
      case Tok::kPlus:
        return Op::kAdd;
      case Tok::kMinus:
        return Op::kSub;
      case Tok::kStar:
        return Op::kMul;
      default:
        return Op::kDiv;
    }
  }

  std::unique_ptr<Ast> Binary(int min_precedence) {
    DepthGuard guard(*this, Peek().offset);
    auto left = Unary();
    while (true) {
      Tok t = Peek().kind;
      int precedence = Precedence(t);
      if (precedence == 0 || precedence <= min_precedence) return left;
      size_t offset = Take().offset;
      auto right = Binary(precedence);
      auto node = Make(BinaryOp(t), offset);  // positioned at the operator
      node->text = TokenDescription(t);
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
  }

  std::unique_ptr<Ast> Unary() {
    const Token& t = Peek();
    if (t.kind == Tok::kNot || t.kind == Tok::kMinus) {
      DepthGuard guard(*this, t.offset);
      auto node = Make(t.kind == Tok::kNot ? Op::kNot : Op::kNeg, Take().offset);
      node->children.push_back(Unary());
      return node;
    }
    return Postfix(Primary());
  }

  std::unique_ptr<Ast> Postfix(std::unique_ptr<Ast> base) {
    while (true) {
      Tok t = Peek().kind;
      if (t == Tok::kDot) {
        Take();
        if (Peek().kind != Tok::kIdent) Expected("a member name after '.'");
        const Token& name = Take();
        if (Peek().kind == Tok::kLParen) {  // method call: x.f(a) is f(x, a)
          auto call = Make(Op::kCall, name.offset);
          call->text = name.text;
          call->children.push_back(std::move(base));
          Arguments(*call);
          base = std::move(call);
          continue;
        }
        auto member = Make(Op::kMember, name.offset);
        member->text = name.text;
        member->children.push_back(std::move(base));
        base = std::move(member);
      } else if (t == Tok::kLBracket) {
        size_t offset = Take().offset;
        if (Peek().kind == Tok::kStar) {
          Take();
          Expect(Tok::kRBracket, " after '[*'");
          auto project = Make(Op::kProject, offset);
          project->children.push_back(std::move(base));
          base = std::move(project);
          continue;
        }
        auto index = Make(Op::kIndex, offset);
        index->children.push_back(std::move(base));
        index->children.push_back(Binary(0));
        Expect(Tok::kRBracket, " to close the index");
        base = std::move(index);
      } else {
        return base;
      }
    }
  }

  void Arguments(Ast& call) {
    Expect(Tok::kLParen, "");
    if (Peek().kind != Tok::kRParen) {
      while (true) {
        call.children.push_back(Binary(0));
        if (Peek().kind != Tok::kComma) break;
        Take();
      }
    }
    if (Peek().kind != Tok::kRParen) Expected("')' after arguments");
    Take();
  }

  std::unique_ptr<Ast> Primary() {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kNull:
        return Make(Op::kNull, Take().offset);
      case Tok::kTrue:
      case Tok::kFalse: {
        auto a = Make(Op::kBool, t.offset);
        a->boolean = Take().kind == Tok::kTrue;
        return a;
      }
      case Tok::kNumber: {
        auto a = Make(Op::kNumber, t.offset);
        a->number = t.number;
        a->text = Take().text;
        return a;
      }
      case Tok::kString: {
        auto a = Make(Op::kString, t.offset);
        a->text = Take().text;
        return a;
      }
      case Tok::kIdent: {
        const Token& name = Take();
        if (Peek().kind == Tok::kLParen) {
          auto call = Make(Op::kCall, name.offset);
          call->text = name.text;
          Arguments(*call);
          return call;
        }
        auto a = Make(Op::kIdent, name.offset);
        a->text = name.text;
        return a;
      }
      case Tok::kLParen: {
        DepthGuard guard(*this, t.offset);
        Take();
        auto inner = Binary(0);
        Expect(Tok::kRParen, " to close '('");
        return inner;
      }
      case Tok::kLBracket: {
        DepthGuard guard(*this, t.offset);
        auto list = Make(Op::kList, Take().offset);
        if (Peek().kind != Tok::kRBracket) {
          while (true) {
            list->children.push_back(Binary(0));
            if (Peek().kind != Tok::kComma) break;
            Take();
          }
        }
        Expect(Tok::kRBracket, " to close the list");
        return list;
      }
      default:
        Expected("a value, a name or '('");
    }
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
  uint32_t max_depth_;
  ParseError* error_;
};

}  // namespace

std::unique_ptr<Ast> Parse(std::string_view text, uint32_t max_depth, ParseError* error) {
  Parser parser(Tokenize(text), max_depth, error);
  try {
    return parser.Run();
  } catch (const Failure&) {
    return nullptr;
  }
}

}  // namespace checker::expr
