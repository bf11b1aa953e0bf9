// Empty and one-item lists read the same in YAML, JSON and XML under every bundled profile: the
// XML manifests here are written from the JSON one by the documented mapping (docs/documents.md).

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "checker/document.h"
#include "checker/manifest_schema.h"
#include "checker/report.h"

#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

Node Load(const std::string& path) {
  DiagnosticSink sink;
  auto doc = LoadDocument(path, {}, sink);
  REQUIRE(doc);
  return doc->root;
}

std::vector<std::string> BundledProfiles() {
  std::vector<std::string> ids;
  const Node profiles = Load(Src("rules/profiles/profiles.yaml"));
  for (const auto& p : profiles.Find("profiles")->items)
    ids.push_back(p.Find("id")->text);
  return ids;
}

// Every list the schema declares outside other lists: the fields rules read as lists.
void ListPaths(const SchemaNode& s, const std::string& path, std::vector<std::string>* out) {
  for (const auto& [key, child] : s.properties) {
    std::string sub = path.empty() ? key : path + "." + key;
    if (child->Allows("array")) out->push_back(sub);
    ListPaths(*child, sub, out);
  }
}

// Sets `dotted` to `value`, making the maps on the way.
void Set(Node& root, const std::string& dotted, const Node& value) {
  Node* at = &root;
  size_t i = 0;
  while (true) {
    size_t dot = dotted.find('.', i);
    std::string key = dotted.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    Node* next = nullptr;
    for (auto& m : at->members)
      if (m.key == key) next = &m.value;
    if (next == nullptr) {
      at->members.push_back({key, {}, Node{}});
      next = &at->members.back().value;
      next->kind = NodeKind::kMap;
    }
    if (dot == std::string::npos) {
      *next = value;
      return;
    }
    if (!next->is_map()) {
      *next = Node{};
      next->kind = NodeKind::kMap;
    }
    at = next;
    i = dot + 1;
  }
}

// XML by docs/documents.md: lists as <item> children, or (`repeated`) as the element repeated.
void WriteXml(const Node& n, const std::string& name, bool repeated, std::string& out) {
  switch (n.kind) {
    case NodeKind::kNull:
      out += "<" + name + "/>";
      return;
    case NodeKind::kBool:
      out += "<" + name + ">" + (n.boolean ? "true" : "false") + "</" + name + ">";
      return;
    case NodeKind::kNumber:
      out += "<" + name + ">" + FormatNumber(n.number) + "</" + name + ">";
      return;
    case NodeKind::kString: {
      std::string text = n.text;
      for (size_t at = 0; (at = text.find("]]>", at)) != std::string::npos; at += 15)
        text.replace(at, 3, "]]]]><![CDATA[>");
      out += "<" + name + "><![CDATA[" + text + "]]></" + name + ">";
      return;
    }
    case NodeKind::kMap:
      out += "<" + name + ">";
      for (const auto& m : n.members) WriteXml(m.value, m.key, repeated, out);
      out += "</" + name + ">\n";
      return;
    case NodeKind::kList:
      if (n.items.empty()) {
        out += "<" + name + "/>";
      } else if (repeated) {
        for (const auto& item : n.items) WriteXml(item, name, repeated, out);
      } else {
        out += "<" + name + ">";
        for (const auto& item : n.items) WriteXml(item, "item", repeated, out);
        out += "</" + name + ">\n";
      }
      return;
  }
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

using Outcomes = std::vector<std::pair<std::string, Outcome>>;

Outcomes Audit(const std::filesystem::path& manifest, const std::string& profile) {
  test::TempDir out;
  auto r = Run({kChecker, "audit", "--manifest", manifest.string(), "--profile", profile,
                "--offline", "--out", out.path().string()});
  INFO(r.err);
  REQUIRE(r.exit_code != 2);
  DiagnosticSink sink;
  auto report = ParseJsonReport(test::ReadText(out.path() / "report.json"), "report.json", sink);
  REQUIRE(report);
  Outcomes outcomes;
  for (const auto& f : report->findings) outcomes.emplace_back(f.rule_id, f.outcome);
  return outcomes;
}

std::vector<std::string> Errors(const Outcomes& outcomes) {
  std::vector<std::string> rules;
  for (const auto& [rule, outcome] : outcomes)
    if (outcome == Outcome::kError) rules.push_back(rule);
  return rules;
}

}  // namespace

TEST_CASE("every bundled profile reads a manifest's lists alike in YAML, JSON and XML") {
  DiagnosticSink sink;
  auto schema = ManifestSchema::Parse(test::ReadText(Src("rules/schema/manifest.schema.json")),
                                      "manifest.schema.json", sink);
  REQUIRE(schema);
  std::vector<std::string> list_paths;
  ListPaths(schema->root(), "", &list_paths);
  for (const char* path : {"partners", "consent.purposes", "service.features", "data_categories",
                           "certifications", "endpoints", "subcontractors", "cross_border"})
    REQUIRE(std::find(list_paths.begin(), list_paths.end(), path) != list_paths.end());

  const Node example = Load(Src("examples/sakura-phr/manifest.json"));
  Node empty_lists = example, null_lists = example;
  Node empty_list;
  empty_list.kind = NodeKind::kList;
  for (const auto& path : list_paths) {
    Set(empty_lists, path, empty_list);
    Set(null_lists, path, Node{});
  }
  test::TempDir dir;
  auto write_all = [&](const std::string& stem, const Node& manifest) {
    WriteFile(dir.path() / (stem + ".json"), NodeToJson(manifest));
    std::string items = "<manifest>", repeated = "<manifest>";
    for (const auto& m : manifest.members) {
      WriteXml(m.value, m.key, false, items);
      WriteXml(m.value, m.key, true, repeated);
    }
    WriteFile(dir.path() / (stem + ".xml"), items + "</manifest>\n");
    WriteFile(dir.path() / (stem + "-repeated.xml"), repeated + "</manifest>\n");
  };
  write_all("example", example);
  write_all("empty", empty_lists);
  WriteFile(dir.path() / "null.json", NodeToJson(null_lists));

  const auto profiles = BundledProfiles();
  REQUIRE(profiles.size() >= 7);
  for (const auto& profile : profiles) {
    INFO("profile " << profile);
    // The example as shipped in three formats, then as written here in both XML list forms
    // (its one-item lists, such as the single subcontractor, written as one element).
    Outcomes yaml = Audit(Src("examples/sakura-phr/manifest.yaml"), profile);
    REQUIRE(yaml.size() >= 5);  // equal because each was audited, not because all are empty
    CHECK(Audit(Src("examples/sakura-phr/manifest.json"), profile) == yaml);
    CHECK(Audit(Src("examples/sakura-phr/manifest.xml"), profile) == yaml);
    CHECK(Audit(dir.path() / "example.xml", profile) == yaml);
    CHECK(Audit(dir.path() / "example-repeated.xml", profile) == yaml);

    // Every list declared empty: `[]` in JSON, the empty element in XML.
    Outcomes json = Audit(dir.path() / "empty.json", profile);
    CHECK(Errors(json).empty());
    CHECK(Audit(dir.path() / "empty.xml", profile) == json);
    CHECK(Audit(dir.path() / "empty-repeated.xml", profile) == json);

    // A null list declares nothing: rules reading it lack evidence, none ends in error.
    CHECK(Errors(Audit(dir.path() / "null.json", profile)).empty());
  }
}
