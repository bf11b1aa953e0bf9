#include <string>

#include "checker/expr.h"

#include "expr/ast.h"
#include "expr/compiler.h"
#include "expr/evaluator.h"
#include "expr/parser.h"
#include "expr/paths.h"
#include "expr/strictness.h"

namespace checker {

struct ExprProgram {
  std::string text;
  std::string one_line;
  SourceLocation origin;
  uint32_t continuation_column = 1;
  std::unique_ptr<expr::Ast> root;
  int slots = 0;
};

namespace {

// Location of byte `offset` of an expression whose first character is at `origin`.
SourceLocation Locate(std::string_view text, const SourceLocation& origin, size_t offset,
                      uint32_t continuation_column) {
  SourceLocation at = origin;
  if (!origin.known()) return at;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++at.line;
      at.column = continuation_column;
    } else if ((c & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

}  // namespace

std::string_view EvalStatusName(EvalStatus s) {
  switch (s) {
    case EvalStatus::kTrue:
      return "true";
    case EvalStatus::kFalse:
      return "false";
    case EvalStatus::kMissing:
      return "missing";
    case EvalStatus::kError:
      return "error";
  }
  return "error";
}

std::optional<Expression> Expression::Compile(std::string_view text, const SourceLocation& origin,
                                              DiagnosticSink& sink, const ExprLimits& limits,
                                              uint32_t continuation_column) {
  if (text.size() > limits.max_length) {
    sink.Error(DiagCode::kExprLimit, origin,
               "expression of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                   std::to_string(limits.max_length) + " (limit max_length)");
    return std::nullopt;
  }
  auto program = std::make_shared<ExprProgram>();
  program->text = std::string(text);
  for (char c : text) {
    bool space = c == '\n' || c == ' ' || c == '\t' || c == '\r';
    if (space && (program->one_line.empty() || program->one_line.back() == ' ')) continue;
    program->one_line += space ? ' ' : c;
  }
  while (!program->one_line.empty() && program->one_line.back() == ' ')
    program->one_line.pop_back();
  program->origin = origin;
  program->continuation_column = continuation_column;
  expr::ParseError error;
  program->root = expr::Parse(program->text, limits.max_depth, &error);
  if (!program->root) {
    sink.Error(error.limit ? DiagCode::kExprLimit : DiagCode::kExprSyntax,
               Locate(text, origin, error.offset, continuation_column), error.message);
    return std::nullopt;
  }
  bool failed = false;
  program->slots = expr::Compile(*program->root, [&](expr::CompileIssue issue) {
    sink.Error(issue.code, Locate(text, origin, issue.offset, continuation_column),
               std::move(issue.message));
    failed = true;
  });
  if (failed) return std::nullopt;
  return Expression(std::move(program));
}

EvalResult Expression::Evaluate(const Node& root) const { return Evaluate(root, EvalOptions{}); }

EvalResult Expression::Evaluate(const Node& root, const EvalOptions& options) const {
  EvalResult result;
  expr::Evaluator evaluator(root, program_->slots, &result.evidence, options, &result.absent_read);
  expr::Value v = evaluator.Eval(*program_->root);
  if (evaluator.stopped()) {
    result.status = EvalStatus::kError;
    result.stopped = true;
    result.error = std::move(v.error);
    return result;
  }
  switch (v.kind) {
    case expr::Value::Kind::kBool:
      result.status = v.boolean ? EvalStatus::kTrue : EvalStatus::kFalse;
      break;
    case expr::Value::Kind::kMissing:
      result.status = EvalStatus::kMissing;
      result.missing_paths.push_back(v.path.str());
      for (auto& p : v.more_missing) {
        if (std::find(result.missing_paths.begin(), result.missing_paths.end(), p) ==
            result.missing_paths.end())
          result.missing_paths.push_back(std::move(p));
      }
      break;
    case expr::Value::Kind::kError:
      result.status = EvalStatus::kError;
      result.error = std::move(v.error);
      result.error_position = v.error_position;
      break;
    default:
      result.status = EvalStatus::kError;
      result.error = "the expression gives " + expr::Describe(v) + ", not a bool";
      result.error_position = v.node != nullptr ? v.node->position : Position{};
  }
  return result;
}

bool Expression::CheckDefaults(bool strict_result, DiagnosticSink& sink) const {
  auto issues = expr::LaxDefaults(*program_->root, program_->slots, strict_result);
  for (auto& issue : issues)
    sink.Error(
        issue.code,
        Locate(program_->text, program_->origin, issue.offset, program_->continuation_column),
        std::move(issue.message));
  return issues.empty();
}

std::vector<FailedCondition> Expression::Explain(const Node& root,
                                                 const EvalOptions& options) const {
  return expr::ExplainProgram(*program_->root, program_->slots, root, options);
}

const std::string& Expression::text() const { return program_->text; }
const std::string& Expression::one_line() const { return program_->one_line; }
const SourceLocation& Expression::origin() const { return program_->origin; }

StaticReads Expression::Reads() const {
  StaticReads reads;
  const ExprProgram& p = *program_;
  expr::CollectReads(
      *p.root,
      [&p](size_t offset) { return Locate(p.text, p.origin, offset, p.continuation_column); },
      &reads);
  return reads;
}

}  // namespace checker
