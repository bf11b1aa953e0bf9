// Content-Security-Policy header values (CSP Level 3 syntax).
#include "checker/http_facts.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)checker::ParseCsp(checker::fuzz::AsText(data, size));
  return 0;
}
