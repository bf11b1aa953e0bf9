// A whole HTTP response as a vendor's server could send it: "Name: value" header lines, a blank
// line, then the body. Builds the observation document that http checks query (every header
// parser, CORS, the JSON body and security.txt).
#include "checker/http_facts.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [head, body] = checker::fuzz::SplitOnce(checker::fuzz::AsText(data, size), "\n\n");
  checker::HttpObservation o;
  o.ok = true;
  o.status = 200;
  o.spec.url = "https://fuzz.example/";
  o.final_url = o.spec.url;
  while (!head.empty()) {
    auto [line, rest] = checker::fuzz::SplitOnce(head, "\n");
    auto [name, value] = checker::fuzz::SplitOnce(line, ":");
    if (name == "status" && !value.empty()) o.status = static_cast<unsigned char>(value[0]) + 100;
    o.headers.emplace_back(std::string(name), std::string(value));
    head = rest;
  }
  o.body = std::string(body);
  o.body_bytes = o.body.size();
  (void)checker::NodeToJson(checker::HttpObservationDocument(o, 1'790'000'000));
  return 0;
}
