// The JSON manifest reader: any bytes give a tree or positioned diagnostics, within the limits.
#include "checker/document.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  checker::SourceText source{"fuzz.json", std::string(checker::fuzz::AsText(data, size))};
  checker::DiagnosticSink sink;
  auto document = checker::ParseDocument(source, checker::DocumentFormat::kJson, {}, sink);
  if (document) (void)checker::NodeToJson(document->root);
  return 0;
}
