// deploy/kubernetes: every file parses, the Job is an Indexed Job whose CHECKER_SHARDS equals its
// completions, each shard writes to its own folder, and the ConfigMap holds a valid fleet file.

#include <catch2/catch.hpp>
#include <filesystem>

#include "checker/document.h"
#include "checker/fleet.h"

#include "support/test_support.h"

using namespace checker;

namespace {

std::string Deploy(const std::string& name) {
  return test::SourceDir() + "/deploy/kubernetes/" + name;
}

Document Load(const std::string& name) {
  DiagnosticSink sink;
  auto doc = LoadDocument(Deploy(name), DocumentLimits{}, sink);
  INFO((sink.diagnostics().empty() ? "" : FormatDiagnostic(sink.diagnostics()[0])));
  REQUIRE(doc);
  return *doc;
}

std::string Text(const Node& root, std::string_view path) {
  const Node* n = root.FindPath(path);
  return n == nullptr ? "<absent>" : n->text;
}

const Node* Container(const Node& job) {
  const Node* containers = job.FindPath("spec.template.spec.containers");
  REQUIRE(containers);
  REQUIRE(containers->is_list());
  REQUIRE(containers->items.size() == 1);
  return &containers->items[0];
}

}  // namespace

TEST_CASE("deploy/kubernetes: every manifest parses and names its kind and API") {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(Deploy(""))) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    Document doc = Load(entry.path().filename().string());
    INFO(entry.path());
    CHECK(Text(doc.root, "apiVersion") != "<absent>");
    CHECK(Text(doc.root, "kind") != "<absent>");
  }
  CHECK(files == 4);
}

TEST_CASE("deploy/kubernetes: the fleet Job is Indexed and tells each pod the shard count") {
  Document job = Load("job.yaml");
  CHECK(Text(job.root, "apiVersion") == "batch/v1");
  CHECK(Text(job.root, "kind") == "Job");
  CHECK(Text(job.root, "spec.completionMode") == "Indexed");
  const Node* completions = job.root.FindPath("spec.completions");
  REQUIRE(completions);
  REQUIRE(job.root.FindPath("spec.parallelism"));
  CHECK(Text(job.root, "spec.template.spec.restartPolicy") == "Never");
  const Node* c = Container(job.root);
  const Node* env = c->Find("env");
  REQUIRE(env);
  bool shards = false;
  for (const auto& e : env->items)
    if (Text(e, "name") == "CHECKER_SHARDS") {
      shards = true;
      CHECK(Text(e, "value") == completions->text);
    }
  CHECK(shards);
  std::string command;
  for (const auto& a : c->Find("args")->items) command += a.text;
  CHECK(command.find("checker fleet /fleet/config/fleet.yaml") != std::string::npos);
  CHECK(command.find("shard-${JOB_COMPLETION_INDEX}") != std::string::npos);  // its own folder
  // Every mount names a volume the pod declares.
  const Node* volumes = job.root.FindPath("spec.template.spec.volumes");
  REQUIRE(volumes);
  for (const auto& m : c->Find("volumeMounts")->items) {
    bool declared = false;
    for (const auto& v : volumes->items) declared = declared || Text(v, "name") == Text(m, "name");
    INFO(Text(m, "name"));
    CHECK(declared);
  }
}

TEST_CASE("deploy/kubernetes: the ConfigMap's fleet file is one checker reads") {
  Document map = Load("configmap.yaml");
  CHECK(Text(map.root, "kind") == "ConfigMap");
  const Node* fleet_text = map.root.FindPath("data.fleet.yaml");
  if (fleet_text == nullptr) {  // FindPath splits at dots: look the key up directly
    const Node* data = map.root.Find("data");
    REQUIRE(data);
    fleet_text = data->Find("fleet.yaml");
  }
  REQUIRE(fleet_text);
  test::TempDir dir;
  dir.File("fleet/vendors/acme.yaml", "service: {id: acme}\n");
  std::string text = fleet_text->text;
  std::string into = (dir.path() / "fleet").string() + "/";
  for (size_t at = 0; (at = text.find("/fleet/", at)) != std::string::npos; at += into.size())
    text.replace(at, 7, into);
  std::string path = dir.File("fleet.yaml", text);
  DiagnosticSink sink;
  auto fleet = LoadFleetFile(path, sink);
  INFO((sink.diagnostics().empty() ? "" : FormatDiagnostic(sink.diagnostics()[0])));
  REQUIRE(fleet);
  REQUIRE(fleet->vendors.size() == 1);
  CHECK(fleet->vendors[0].id == "acme");
  CHECK(fleet->vendors[0].auditable());
}
