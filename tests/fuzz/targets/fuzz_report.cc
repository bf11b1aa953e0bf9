// A JSON report read back (checker report, diff, index, verify) and rendered in every format:
// a tampered report must be refused with diagnostics or rendered safely.
#include "checker/report.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  checker::DiagnosticSink sink;
  auto result = checker::ParseJsonReport(checker::fuzz::AsText(data, size), "fuzz.json", sink);
  if (!result) return 0;
  (void)checker::RenderJsonReport(*result);
  (void)checker::RenderMarkdown(*result, checker::Language::kEn);
  (void)checker::RenderJunit(*result);
  (void)checker::RenderSarif(*result);
  (void)checker::RenderHtml(*result);
  (void)checker::RenderOscal(*result);
  (void)checker::RenderBadge(*result);
  return 0;
}
