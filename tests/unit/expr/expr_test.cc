#include "checker/expr.h"

#include <catch2/catch.hpp>
#include <thread>

#include "checker/document.h"

using namespace checker;

namespace {

Document Yaml(std::string text) {
  DiagnosticSink sink;
  auto doc = ParseDocument({"m.yaml", std::move(text)}, DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  return std::move(*doc);
}

const char* kManifest = R"(service:
  id: sakura
  name: Sakura PHR
storage:
  encryption:
    at_rest: true
  location: {country: JP}
logging:
  retention_days: "one year"
  empty:
auth:
  mfa:
    enabled: true
    factor_types: [knowledge, possession]
certifications: [ISMS, PMARK]
endpoints:
  - url: https://api.sakura.example
    purpose: api
  - url: http://www.sakura.example
    purpose: web
  - purpose: admin
)";

std::string Diags(const DiagnosticSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
  return out;
}

EvalResult Eval(std::string_view text, const Document& doc) {
  DiagnosticSink sink;
  auto e = Expression::Compile(text, {"r.yaml", 1, 1}, sink);
  INFO(Diags(sink));
  REQUIRE(e);
  return e->Evaluate(doc.root);
}

EvalStatus Status(std::string_view text) {
  static Document doc = Yaml(kManifest);
  return Eval(text, doc).status;
}

std::string CompileError(std::string_view text, SourceLocation origin = {"r.yaml", 1, 1}) {
  DiagnosticSink sink;
  auto e = Expression::Compile(text, origin, sink);
  CHECK(!e);
  return Diags(sink);
}

constexpr auto T = EvalStatus::kTrue;
constexpr auto F = EvalStatus::kFalse;
constexpr auto M = EvalStatus::kMissing;
constexpr auto E = EvalStatus::kError;

}  // namespace

TEST_CASE("paths, comparisons and logic") {
  CHECK(Status("storage.encryption.at_rest == true") == T);
  CHECK(Status("storage.encryption.at_rest") == T);
  CHECK(Status("storage.location.country == 'JP'") == T);
  CHECK(Status("storage.location.country != \"JP\"") == F);
  CHECK(Status("len(auth.mfa.factor_types) >= 2") == T);
  CHECK(Status("auth.mfa.enabled && len(certifications) == 2") == T);
  CHECK(Status("!auth.mfa.enabled || false") == F);
  CHECK(Status("1 + 2 * 3 == 7 && (1 + 2) * 3 == 9 && 10 / 4 == 2.5 && -3 < 0") == T);
  CHECK(Status("'a' + 'b' == 'ab'") == T);
  CHECK(Status("'2024-01-02' > '2023-12-31'") == T);
  CHECK(
      Status(
          "endpoints[0].purpose == 'api' && endpoints[1]['url'] == 'http://www.sakura.example'") ==
      T);
  CHECK(Status("service.id == 1") == F);  // equality across types is false, not an error
}

TEST_CASE("in, functions and methods") {
  CHECK(Status("'ISMS' in certifications") == T);
  CHECK(Status("'SOC2' in certifications") == F);
  CHECK(Status("'encryption' in storage") == T);
  CHECK(Status("'kura' in service.id") == T);
  CHECK(Status("matches(service.name, '^Sakura\\\\s')") == T);
  CHECK(Status("service.name.startsWith('Sak') && service.name.endsWith('PHR')") == T);
  CHECK(Status("contains(certifications, 'PMARK') && contains(service.id, 'aku')") == T);
  CHECK(Status("lower(service.name) == 'sakura phr' && upper('a') == 'A'") == T);
  CHECK(Status("len('日本') == 2 && len(storage) == 2") == T);
  CHECK(Status("keys(storage.location) == ['country']") == T);
  CHECK(Status("type(logging.empty) == 'null' && type(certifications) == 'list'") == T);
  CHECK(Status("exists(logging.empty) && !exists(logging.nothing)") == T);
  CHECK(Status("default(logging.nothing, 30) == 30 && default(service.id, 'x') == 'sakura'") == T);
}

TEST_CASE("list macros and projections") {
  CHECK(Status("any(endpoints, e, e.purpose == 'admin')") == T);
  CHECK(Status("count(endpoints, e, e.purpose != 'api') == 2") == T);
  CHECK(Status("len(filter(certifications, c, c.startsWith('I'))) == 1") == T);
  CHECK(Status("endpoints[*].purpose == ['api', 'web', 'admin']") == T);
  CHECK(Status("certifications.all(c, len(c) >= 4)") == T);
  CHECK(Status("all([], x, x)") == T);
}

TEST_CASE("absent paths are missing evidence, named, never false") {
  Document doc = Yaml(kManifest);
  auto r = Eval("auth.password.min_length >= 13", doc);
  CHECK(r.status == M);
  CHECK(r.missing_paths == std::vector<std::string>{"auth.password.min_length"});
  r = Eval("all(endpoints, e, e.url.startsWith('https://'))", doc);
  CHECK(r.status == F);  // endpoints[1] decides, whatever endpoints[2] lacks
  r = Eval("all(endpoints, e, exists(e.url))", doc);
  CHECK(r.status == F);
  r = Eval("any(endpoints, e, e.url == 'https://x')", doc);
  CHECK(r.status == M);
  CHECK(r.missing_paths == std::vector<std::string>{"endpoints[2].url"});
  r = Eval("endpoints[*].url == []", doc);
  CHECK(r.status == M);
  CHECK(r.missing_paths == std::vector<std::string>{"endpoints[2].url"});
  r = Eval("endpoints[7].url == 'x'", doc);
  CHECK(r.missing_paths == std::vector<std::string>{"endpoints[7].url"});
  r = Eval("logging.empty.days > 1", doc);
  CHECK(r.missing_paths == std::vector<std::string>{"logging.empty.days"});
  r = Eval("a.b == 1 && c == 2", doc);
  CHECK(r.missing_paths == std::vector<std::string>{"a.b", "c"});
}

TEST_CASE("&& and || are decided by either side, in either order") {
  CHECK(Status("nothing.here && false") == F);
  CHECK(Status("false && nothing.here") == F);
  CHECK(Status("nothing.here || true") == T);
  CHECK(Status("true || nothing.here") == T);
  CHECK(Status("nothing.here && true") == M);
  CHECK(Status("(logging.retention_days > 1) && false") == F);
  CHECK(Status("(logging.retention_days > 1) || false") == E);
}

TEST_CASE("run-time type errors name the path and point at the node") {
  Document doc = Yaml(kManifest);
  auto r = Eval("logging.retention_days >= 365", doc);
  CHECK(r.status == E);
  CHECK(r.error == "cannot compare string at 'logging.retention_days' with number using '>='");
  CHECK(r.error_position == Position{9, 19});
  r = Eval("startsWith(service.id, storage.encryption.at_rest)", doc);
  CHECK(r.error == "startsWith() expects a string, found bool at 'storage.encryption.at_rest'");
  CHECK(r.error_position == Position{6, 14});
  r = Eval("service.name", doc);
  CHECK(r.status == E);
  CHECK(r.error == "the expression gives string at 'service.name', not a bool");
  r = Eval("service.id.x == 1", doc);
  CHECK(r.error == "cannot read 'x' of string at 'service.id'");
  r = Eval("matches(service.id, service.name + '(')", doc);
  CHECK(r.status == E);
}

TEST_CASE("evidence lists every path read, once, in order") {
  Document doc = Yaml(kManifest);
  auto r = Eval(
      "storage.encryption.at_rest && storage.location.country == 'JP' && "
      "storage.encryption.at_rest",
      doc);
  REQUIRE(r.evidence.size() == 2);
  CHECK(r.evidence[0].path == "storage.encryption.at_rest");
  CHECK(r.evidence[0].node->position == Position{6, 14});
  CHECK(r.evidence[1].path == "storage.location.country");
  r = Eval("all(endpoints, e, e.purpose != '')", doc);
  CHECK(r.evidence.back().path == "endpoints[2].purpose");
}

TEST_CASE("a match in a list is evidenced by the matching item, not the list") {
  Document doc = Yaml(kManifest);
  // certifications: [ISMS, PMARK] is line 15; PMARK sits at column 24.
  auto r = Eval("'PMARK' in certifications", doc);
  REQUIRE(r.evidence.size() == 1);
  CHECK(r.evidence[0].path == "certifications[1]");
  CHECK(r.evidence[0].node->position == Position{15, 24});
  // An alternative that failed first read the whole list; the match replaces it.
  r = Eval("'SOC2' in certifications || 'ISMS' in certifications", doc);
  REQUIRE(r.evidence.size() == 1);
  CHECK(r.evidence[0].path == "certifications[0]");
  // A miss is decided by the whole list, so it stays evidence beside the earlier match.
  r = Eval("'ISMS' in certifications && 'SOC2' in certifications", doc);
  CHECK(r.status == EvalStatus::kFalse);
  REQUIRE(r.evidence.size() == 2);
  CHECK(r.evidence[0].path == "certifications[0]");
  CHECK(r.evidence[1].path == "certifications");
  r = Eval("any(endpoints, e, e.purpose == 'web')", doc);
  REQUIRE_FALSE(r.evidence.empty());
  CHECK(r.evidence.back().path == "endpoints[1].purpose");
  r = Eval("any(auth.mfa.factor_types, f, f == 'possession')", doc);
  REQUIRE(r.evidence.size() == 1);
  CHECK(r.evidence[0].path == "auth.mfa.factor_types[1]");
  CHECK(r.evidence[0].node->position == Position{14, 31});
}

TEST_CASE("syntax errors point into the rule file") {
  CHECK(CompileError("a == ", {"r.yaml", 7, 20}) ==
        "r.yaml:7:25: error[C300]: expected a value, a name or '(', found end of expression\n");
  CHECK(CompileError("f(a, b", {"r.yaml", 1, 1}) ==
        "r.yaml:1:7: error[C300]: expected ')' after arguments, found end of expression\n");
  CHECK(CompileError("a = 1") ==
        "r.yaml:1:3: error[C300]: '=' is not an operator; use '==' to compare\n");
  CHECK(CompileError("a &&\n  b c", {"r.yaml", 3, 10}) ==
        "r.yaml:4:5: error[C300]: expected an operator or end of expression, found 'c'\n");
  CHECK(CompileError("'open") == "r.yaml:1:1: error[C300]: unterminated string\n");
  CHECK(CompileError("a[*") ==
        "r.yaml:1:4: error[C300]: expected ']' after '[*', found end of expression\n");
}

TEST_CASE("static type, function, arity, regex and variable errors") {
  CHECK(CompileError("\"a\" > 3") ==
        "r.yaml:1:5: error[C301]: cannot compare a string with a number\n");
  CHECK(CompileError("!\"x\"") == "r.yaml:1:2: error[C301]: '!' needs a bool, found a string\n");
  CHECK(CompileError("1 && true") ==
        "r.yaml:1:1: error[C301]: '&&' needs a bool, found a number\n");
  CHECK(CompileError("len(5) > 1") ==
        "r.yaml:1:5: error[C301]: len() needs a string, list or map, found a number\n");
  CHECK(CompileError("startWith(a, 'x')") ==
        "r.yaml:1:1: error[C302]: unknown function 'startWith'; did you mean 'startsWith'?\n");
  CHECK(CompileError("len(a, b) > 1") ==
        "r.yaml:1:1: error[C303]: len() takes 1 argument, given 2\n");
  CHECK(CompileError("matches(a, '(')") ==
        "r.yaml:1:12: error[C304]: invalid regular expression: missing ): (\n");
  CHECK(CompileError("all(a, 'x', true)") ==
        "r.yaml:1:8: error[C306]: all() needs a variable name as its second argument\n");
  CHECK(CompileError("all(a, x, any(x, x, true))") ==
        "r.yaml:1:18: error[C306]: variable 'x' is already bound by an enclosing macro; choose "
        "another name\n");
  CHECK(CompileError("exists('a')") ==
        "r.yaml:1:8: error[C301]: exists() takes a path such as storage.encryption.at_rest\n");
  CHECK(CompileError("1 in 2") ==
        "r.yaml:1:6: error[C301]: 'in' needs a list, map or string on its right, found a number\n");
}

TEST_CASE("limits: length and depth, without overflowing the stack") {
  CHECK(CompileError(std::string(100000, '(') + "a" + std::string(100000, ')'))
            .rfind("r.yaml:1:1: error[C305]: expression of 200001 bytes exceeds", 0) == 0);
  ExprLimits limits;
  limits.max_length = 1 << 20;
  DiagnosticSink sink;
  CHECK(!Expression::Compile(std::string(100000, '!') + "a", {"r.yaml", 1, 1}, sink, limits));
  CHECK(Diags(sink) ==
        "r.yaml:1:64: error[C305]: expression nested deeper than 64 levels (limit "
        "max_depth)\n");
}

TEST_CASE("one compiled expression evaluates on many threads at once") {
  Document doc = Yaml(kManifest);
  DiagnosticSink sink;
  auto e = Expression::Compile("all(endpoints, e, exists(e.purpose)) && 'ISMS' in certifications",
                               {"r.yaml", 1, 1}, sink);
  REQUIRE(e);
  std::vector<std::thread> threads;
  std::atomic<int> trues{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i)
        if (e->Evaluate(doc.root).status == EvalStatus::kTrue) ++trues;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(trues == 8000);
}

// Found by fuzz_expression: "null[151e999]" cast an infinite index to an integer (UBSan).
TEST_CASE("numbers out of range are refused at compile time; huge indices are missing, not UB") {
  CHECK(CompileError("null[151e999]")
            .find("r.yaml:1:6: error[C300]: number '151e999' is out of "
                  "range") == 0);
  CHECK(CompileError("a > -1e400").find("is out of range") != std::string::npos);
  auto doc = Yaml("list: [1, 2]\n");
  auto huge = Eval("list[1e300] == 1", doc);
  CHECK(huge.status == M);
  REQUIRE(huge.missing_paths.size() == 1);
  CHECK(huge.missing_paths[0] == "list[1.0000000000000001e+300]");
  CHECK(Eval("nothing[1e300] == 1", doc).status == M);
}

TEST_CASE("dates are compared with the audit date, and without one the rule errs") {
  Document doc = Yaml(
      "drill: 2025-02-28\nassessed: 2024-01-31\nfuture: 2026-03-01\nbad: 2025-02-30\n"
      "stamp: 2025-06-01T09:00:00Z\nnumber: 5\n");
  auto eval = [&](std::string_view text, std::string_view today) {
    DiagnosticSink sink;
    auto e = Expression::Compile(text, {"r.yaml", 1, 1}, sink);
    INFO(Diags(sink));
    REQUIRE(e);
    EvalOptions options;
    options.today = today;
    return e->Evaluate(doc.root, options);
  };
  auto status = [&](std::string_view text, std::string_view today = "2026-02-28") {
    return eval(text, today).status;
  };
  CHECK(status("within(drill, '12 months')") == T);  // exactly 12 months back counts
  CHECK(status("within(drill, '12 months')", "2026-03-01") == F);
  CHECK(status("within(drill, '1 year')") == T);
  CHECK(status("within(drill, '365 days')") == T);
  CHECK(status("within(drill, '364 days')") == F);
  CHECK(status("within(drill, '52 weeks')") == F);
  CHECK(status("within(assessed, '24 months')") == F);
  CHECK(status("within(assessed, '25 months')") == T);
  CHECK(status("within(future, '12 months')") == F);  // a date after the audit is not within
  CHECK(status("within(stamp, '12 months')") == T);   // the date of a date-time
  CHECK(status("days_since(drill) == 365") == T);
  CHECK(status("days_since(future) == -1") == T);
  CHECK(status("months_since(drill) == 12") == T);
  CHECK(status("months_since(drill) == 11", "2026-02-27") == T);
  CHECK(status("months_since(assessed) == 24", "2026-01-31") == T);
  CHECK(status("months_since(assessed) == 24", "2026-02-28") ==
        T);  // Feb 28 less 25 months < Jan 31
  CHECK(status("days_since(missing) < 30") == M);
  auto no_date = eval("within(drill, '12 months')", "");
  CHECK(no_date.status == E);
  CHECK(no_date.error ==
        "within() compares with the audit date, and none was given (checker audit --today DATE)");
  auto bad = eval("days_since(bad) < 400", "2026-02-28");
  CHECK(bad.status == E);
  CHECK(bad.error == "days_since() expects a date YYYY-MM-DD, found '2025-02-30' at bad");
  CHECK(bad.error_position.line == 4);
  CHECK(status("days_since(number) > 1") == E);
  // The plain overload has no audit date.
  DiagnosticSink sink;
  auto e = Expression::Compile("days_since(drill) < 400", {"r.yaml", 1, 1}, sink);
  REQUIRE(e);
  CHECK(e->Evaluate(doc.root).status == E);
}

TEST_CASE("literal dates and durations are checked when the rule loads") {
  CHECK(CompileError("within(a, '12 moons')") ==
        "r.yaml:1:11: error[C301]: within() needs a duration such as '12 months' or '365 days', "
        "found '12 moons'\n");
  CHECK(CompileError("days_since('2025-13-01') > 1") ==
        "r.yaml:1:12: error[C301]: days_since() needs a date YYYY-MM-DD, found '2025-13-01'\n");
  CHECK(CompileError("within(a)") ==
        "r.yaml:1:1: error[C303]: within() takes 2 arguments, given 1\n");
}

TEST_CASE("a step budget and a cancel flag stop an evaluation; the result says it was stopped") {
  std::string yaml = "items:\n";
  for (int i = 0; i < 300; ++i) yaml += "  - " + std::to_string(i) + "\n";
  Document doc = Yaml(yaml);
  DiagnosticSink sink;
  auto e = Expression::Compile("count(items, a, count(items, b, b == a) > 1) == 0",
                               {"r.yaml", 1, 1}, sink);
  REQUIRE(e);
  EvalOptions budget;
  budget.max_steps = 5000;
  EvalResult r = e->Evaluate(doc.root, budget);
  CHECK(r.status == EvalStatus::kError);
  CHECK(r.stopped);
  CHECK(r.error == "evaluation stopped after 5000 steps (the step budget of one rule)");
  budget.max_steps = 10'000'000;
  r = e->Evaluate(doc.root, budget);
  CHECK(r.status == EvalStatus::kTrue);
  CHECK(!r.stopped);
  std::atomic<bool> cancel{true};
  EvalOptions cancelled;
  cancelled.cancel = &cancel;
  r = e->Evaluate(doc.root, cancelled);
  CHECK(r.status == EvalStatus::kError);
  CHECK(r.stopped);
  CHECK(r.error == "evaluation interrupted");
}
