// Strict-Transport-Security header values (RFC 6797).
#include "checker/http_facts.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)checker::ParseHsts(checker::fuzz::AsText(data, size));
  return 0;
}
