// The expression language: the first line is compiled as an expression, the rest is read as a
// YAML document and the expression evaluated against it.
#include "checker/document.h"
#include "checker/expr.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [text, document_text] = checker::fuzz::SplitOnce(checker::fuzz::AsText(data, size), "\n");
  checker::DiagnosticSink sink;
  auto expression = checker::Expression::Compile(text, {"fuzz.yaml", 1, 1}, sink);
  if (!expression) return 0;
  checker::SourceText source{"fuzz-document.yaml", std::string(document_text)};
  auto document = checker::ParseDocument(source, checker::DocumentFormat::kYaml, {}, sink);
  checker::Node empty;
  empty.kind = checker::NodeKind::kMap;
  const checker::Node& root = document ? document->root : empty;
  (void)expression->Evaluate(root);
  // Again against an audit date, so that the date builtins run past their first check.
  checker::EvalOptions options;
  options.today = "2026-02-28";
  (void)expression->Evaluate(root, options);
  return 0;
}
