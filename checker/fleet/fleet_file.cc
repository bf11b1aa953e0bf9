// The fleet file: read with the document readers (positions for every problem), validated whole
// before anything is audited. A problem of one vendor keeps that vendor out and the rest in.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checker/document.h"
#include "checker/fleet.h"
#include "checker/source.h"

#include "fleet/fleet_reader.h"

namespace checker {

namespace {

namespace fs = std::filesystem;
using fleet::Reader;

constexpr std::string_view kTopKeys[] = {"version", "defaults", "vendors", "vendors_from"};
constexpr std::string_view kDefaultKeys[] = {
    "profile",       "packs",          "rules",
    "ca_bundle",     "client_cert",    "client_key",
    "allow_private", "offline",        "strict",
    "redact",        "today",          "generated_at",
    "fail_on",       "timeout",        "deadline",
    "concurrency",   "max_body",       "max_evidence_bytes",
    "max_steps",     "max_waiver_days"};
constexpr std::string_view kVendorKeys[] = {
    "id",           "manifest", "profile",       "packs",       "targets",
    "attestations", "waivers",  "ca_bundle",     "client_cert", "client_key",
    "replay",       "redact",   "allow_private", "offline",     "strict"};
constexpr std::string_view kGlobKeys[] = {"glob",          "id_from", "profile", "packs",
                                          "allow_private", "offline", "strict"};

// "" when `path` names a regular file this process can open for reading; else why not. A symbolic
// link is followed: Kubernetes mounts ConfigMap keys as links.
std::string Unreadable(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  return "";
}

void ReadDefaults(const Reader& r, const Node& node, FleetDefaults& d,
                  std::vector<Diagnostic>& out) {
  if (!r.CheckMap(node, "defaults", kDefaultKeys, out)) return;
  d.profile = r.String(node, "profile", out).value_or("");
  for (const auto& p : r.Strings(node, "packs", out)) d.packs.push_back(r.Resolve(p));
  d.rules_dir = r.PathValue(node, "rules", out).value_or("");
  d.ca_bundle = r.PathValue(node, "ca_bundle", out).value_or("");
  d.allow_private = r.Bool(node, "allow_private", out);
  d.offline = r.Bool(node, "offline", out);
  d.today = r.String(node, "today", out).value_or("");
  d.generated_at = r.String(node, "generated_at", out).value_or("");
  d.fail_on = r.String(node, "fail_on", out).value_or("");
  d.timeout_ms = r.Count(node, "timeout", out);
  d.deadline_ms = r.Count(node, "deadline", out);
  d.concurrency = r.Count(node, "concurrency", out);
  d.max_body = r.Count(node, "max_body", out);
  d.max_evidence_bytes = r.Count(node, "max_evidence_bytes", out);
  d.max_steps = r.Count(node, "max_steps", out);
  d.max_waiver_days = r.Count(node, "max_waiver_days", out);
  if (const Node* days = node.Find("max_waiver_days");
      days != nullptr && d.max_waiver_days && *d.max_waiver_days > 36500)
    r.Error(out, DiagCode::kInvalidValue, days->position,
            "'max_waiver_days' must be a whole number from 1 to 36500");
  d.strict = r.Bool(node, "strict", out);
  d.client_cert = r.PathValue(node, "client_cert", out).value_or("");
  d.client_key = r.PathValue(node, "client_key", out).value_or("");
  if (d.client_cert.empty() != d.client_key.empty())
    r.Error(out, DiagCode::kMissingField, node.position,
            "defaults give one of 'client_cert' and 'client_key'; they go together");
  d.redact = r.Strings(node, "redact", out);
  if (!d.profile.empty() && !d.packs.empty())
    r.Error(out, DiagCode::kInvalidValue, node.position,
            "defaults give both 'profile' and 'packs'; give one");
  if (const Node* f = node.Find("fail_on");
      f != nullptr && d.fail_on != "must" && d.fail_on != "should" && d.fail_on != "may")
    r.Error(out, DiagCode::kInvalidValue, f->position, "'fail_on' must be must, should or may");
}

// The selection, review files and switches an entry (vendor or glob) may set over the defaults.
void ReadVendorSettings(const Reader& r, const Node& node, const FleetDefaults& d, FleetVendor& v) {
  auto profile = r.String(node, "profile", v.problems);
  auto packs = r.Strings(node, "packs", v.problems);
  if (profile && !packs.empty())
    r.Error(v.problems, DiagCode::kInvalidValue, node.position,
            "vendor '" + v.id + "' gives both 'profile' and 'packs'; give one");
  if (profile || !packs.empty()) {  // the vendor's own selection replaces the defaults'
    v.profile = profile.value_or("");
    for (const auto& p : packs) v.packs.push_back(r.Resolve(p));
  } else {
    v.profile = d.profile;
    v.packs = d.packs;
  }
  v.allow_private =
      r.Bool(node, "allow_private", v.problems).value_or(d.allow_private.value_or(false));
  v.offline = r.Bool(node, "offline", v.problems).value_or(d.offline.value_or(false));
  v.strict = r.Bool(node, "strict", v.problems).value_or(d.strict.value_or(false));
  if (v.profile.empty() && v.packs.empty())
    r.Error(v.problems, DiagCode::kMissingField, node.position,
            "vendor '" + v.id + "' has no 'profile' or 'packs', and the defaults give none");
}

// The vendor's own CA bundle, client identity, replayed evidence and redaction: files it names
// must be readable now, so that a typo is a positioned error rather than a TLS error at every
// endpoint of its audit.
void ReadVendorEvidenceSettings(const Reader& r, const Node& node, FleetVendor& v) {
  for (auto [key, value] : {std::pair{"ca_bundle", &v.ca_bundle},
                            {"client_cert", &v.client_cert},
                            {"client_key", &v.client_key},
                            {"replay", &v.replay}}) {
    auto path = r.PathValue(node, key, v.problems);
    if (!path) continue;
    *value = *path;
    if (std::string why = Unreadable(*path); !why.empty())
      r.Error(v.problems, DiagCode::kIoError, node.Find(key)->position,
              "vendor '" + v.id + "': cannot read " + key + " file " + *path + ": " + why);
  }
  if (v.client_cert.empty() != v.client_key.empty())
    r.Error(v.problems, DiagCode::kMissingField, node.position,
            "vendor '" + v.id + "' gives one of 'client_cert' and 'client_key'; they go together");
  if (!v.replay.empty() && node.Find("offline") != nullptr && v.offline)
    r.Error(v.problems, DiagCode::kInvalidValue, node.Find("replay")->position,
            "vendor '" + v.id + "' gives both 'replay' and 'offline: true'; give one");
  v.redact = r.Strings(node, "redact", v.problems);
}

void CheckManifest(const Reader& r, Position at, FleetVendor& v) {
  if (std::string why = Unreadable(v.manifest); !why.empty())
    r.Error(v.problems, DiagCode::kIoError, at,
            "vendor '" + v.id + "': cannot read manifest " + v.manifest + ": " + why);
}

void ReadVendor(const Reader& r, const Node& node, const FleetDefaults& d, FleetFile& fleet) {
  FleetVendor v;
  v.where = r.At(node.position);
  if (!r.CheckMap(node, "a vendor", kVendorKeys, v.problems)) {
    fleet.vendors.push_back(std::move(v));
    return;
  }
  if (auto id = r.String(node, "id", v.problems))
    v.id = *id;
  else if (node.Find("id") == nullptr)
    r.Error(v.problems, DiagCode::kMissingField, node.position, "a vendor needs an 'id'");
  ReadVendorSettings(r, node, d, v);
  if (auto m = r.PathValue(node, "manifest", v.problems)) {
    v.manifest = *m;
    CheckManifest(r, node.Find("manifest")->position, v);
  } else if (node.Find("manifest") == nullptr) {
    r.Error(v.problems, DiagCode::kMissingField, node.position,
            "vendor '" + v.id + "' needs a 'manifest'");
  }
  v.targets = r.Strings(node, "targets", v.problems);
  ReadVendorEvidenceSettings(r, node, v);
  for (auto [key, list] : {std::pair{"attestations", &v.attestations}, {"waivers", &v.waivers}}) {
    std::vector<Position> positions;
    auto files = r.Strings(node, key, v.problems, &positions);
    for (size_t i = 0; i < files.size(); ++i) {
      list->push_back(r.Resolve(files[i]));
      if (std::string why = Unreadable(list->back()); !why.empty())
        r.Error(v.problems, DiagCode::kIoError, positions[i],
                "vendor '" + v.id + "': cannot read " + key + " file " + list->back() + ": " + why);
    }
  }
  fleet.vendors.push_back(std::move(v));
}

// Every manifest a glob matches becomes a vendor named by its file name without extension.
void ReadGlob(const Reader& r, const Node& node, const FleetDefaults& d, FleetFile& fleet,
              std::vector<Diagnostic>& file_problems) {
  if (!r.CheckMap(node, "vendors_from", kGlobKeys, file_problems)) return;
  auto pattern = r.String(node, "glob", file_problems);
  if (!pattern) {
    if (node.Find("glob") == nullptr)
      r.Error(file_problems, DiagCode::kMissingField, node.position,
              "vendors_from needs a 'glob' (e.g. vendors/*.yaml)");
    return;
  }
  const Node* glob_node = node.Find("glob");
  glob_t matches{};
  int rc = ::glob(r.Resolve(*pattern).c_str(), GLOB_ERR, nullptr, &matches);
  std::vector<std::string> paths(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
  ::globfree(&matches);
  if (rc == GLOB_NOMATCH || paths.empty()) {
    r.Error(file_problems, DiagCode::kIoError, glob_node->position,
            "glob '" + *pattern + "' matches no file");
    return;
  }
  std::sort(paths.begin(), paths.end());
  // The vendor id: the file's name without extension (vendors/acme.yaml), or the name of its
  // folder (vendors/acme/manifest.yaml).
  auto id_from = r.String(node, "id_from", file_problems).value_or("file");
  if (id_from != "file" && id_from != "folder") {
    r.Error(file_problems, DiagCode::kInvalidValue, node.Find("id_from")->position,
            "'id_from' must be file (the manifest's name) or folder (its folder's name)");
    return;
  }
  for (const auto& path : paths) {
    FleetVendor v;
    v.id = id_from == "file" ? fs::path(path).stem().string()
                             : fs::path(path).parent_path().filename().string();
    v.where = r.At(glob_node->position);
    v.from_glob = true;
    v.manifest = path;
    ReadVendorSettings(r, node, d, v);
    CheckManifest(r, glob_node->position, v);
    fleet.vendors.push_back(std::move(v));
  }
}

// Duplicate ids (every occurrence refused: which one was meant cannot be known) and names that
// cannot be made safe.
void CheckIds(const Reader& r, FleetFile& fleet) {
  std::map<std::string, std::vector<size_t>> by_id, by_name;
  for (size_t i = 0; i < fleet.vendors.size(); ++i) {
    FleetVendor& v = fleet.vendors[i];
    if (v.id.empty()) continue;
    std::string why;
    if (auto safe = SafeVendorName(v.id, &why)) {
      v.safe_name = *safe;
      by_name[*safe].push_back(i);
    } else {
      v.problems.push_back({Severity::kError, DiagCode::kInvalidId, v.where,
                            "vendor id cannot be a folder name: " + why, ""});
    }
    by_id[v.id].push_back(i);
  }
  (void)r;
  // Where a vendor is: its entry, or the glob and the manifest it matched.
  auto where = [&](size_t i) {
    const FleetVendor& v = fleet.vendors[i];
    return v.where.ToString() + (v.from_glob ? " (" + v.manifest + ")" : "");
  };
  for (const auto* groups : {&by_id, &by_name})
    for (const auto& [key, indices] : *groups) {
      if (indices.size() < 2) continue;
      // A structured binding is not captured by a lambda before C++20's P1091 (clang 14).
      const std::string& first_id = fleet.vendors[indices[0]].id;
      bool same_id = std::all_of(indices.begin(), indices.end(),
                                 [&](size_t i) { return fleet.vendors[i].id == first_id; });
      if (groups == &by_name && same_id) continue;  // reported as a duplicate id
      for (size_t i : indices) {
        std::string others;
        for (size_t j : indices)
          if (j != i) others += (others.empty() ? "" : ", ") + where(j);
        FleetVendor& v = fleet.vendors[i];
        v.problems.push_back({Severity::kError, DiagCode::kDuplicateId, v.where,
                              groups == &by_id
                                  ? "vendor id '" + v.id + "' is given more than once (also at " +
                                        others + "); none of them is audited"
                                  : "vendor id '" + v.id + "' has the same folder name '" + key +
                                        "' as the vendor at " + others,
                              ""});
      }
    }
}

}  // namespace

std::optional<FleetFile> LoadFleetFile(const std::string& path, DiagnosticSink& sink) {
  DocumentLimits limits;
  limits.max_bytes = 64u << 20;
  limits.max_nodes = 10'000'000;
  auto doc = LoadDocument(path, limits, sink);
  if (!doc) return std::nullopt;
  FleetFile fleet;
  fleet.path = path;
  fleet.sha256 = doc->sha256;
  Reader r(*doc, fs::path(path).parent_path());
  std::vector<Diagnostic> file_problems;
  const Node& root = doc->root;
  if (r.CheckMap(root, "the fleet file", kTopKeys, file_problems)) {
    if (const Node* v = root.Find("version");
        v != nullptr && (v->kind != NodeKind::kNumber || v->number != 1))
      r.Error(file_problems, DiagCode::kInvalidValue, v->position,
              "'version' must be 1 (the fleet file format this checker reads)");
    if (const Node* d = root.Find("defaults")) ReadDefaults(r, *d, fleet.defaults, file_problems);
    const Node* vendors = root.Find("vendors");
    const Node* from = root.Find("vendors_from");
    if (vendors == nullptr && from == nullptr)
      r.Error(file_problems, DiagCode::kMissingField, root.position,
              "the fleet file lists no vendor: give 'vendors' or 'vendors_from'");
    if (file_problems.empty()) {
      if (vendors != nullptr && !vendors->is_list())
        r.Error(file_problems, DiagCode::kWrongType, vendors->position,
                "'vendors' must be a list of vendors");
      else if (vendors != nullptr)
        for (const auto& item : vendors->items) ReadVendor(r, item, fleet.defaults, fleet);
      if (from != nullptr && from->is_list())
        for (const auto& item : from->items)
          ReadGlob(r, item, fleet.defaults, fleet, file_problems);
      else if (from != nullptr)
        ReadGlob(r, *from, fleet.defaults, fleet, file_problems);
      CheckIds(r, fleet);
    }
  }
  std::string text, error;
  ReadFile(path, limits.max_bytes, &text, &error);
  DiagnosticSink local;
  for (auto& d : file_problems) local.Add(d);
  for (const auto& v : fleet.vendors)
    for (const auto& d : v.problems) local.Add(d);
  local.AttachSourceLines(path, text);
  local.Sort();
  sink.Merge(local);
  if (!file_problems.empty()) return std::nullopt;
  return fleet;
}

}  // namespace checker
