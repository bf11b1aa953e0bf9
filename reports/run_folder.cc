#include "reports/run_folder.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "checker/source.h"

namespace checker::reports {

namespace {

using Json = nlohmann::json;

// Entries of the report's folder that are none of `covered`, the report or its signature.
std::vector<std::string> ForeignFiles(const std::string& report_path,
                                      const std::vector<std::string>& covered) {
  namespace fs = std::filesystem;
  fs::path report(report_path);
  fs::path dir = report.parent_path().empty() ? fs::path(".") : report.parent_path();
  std::vector<std::string> foreign;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name == report.filename().string() || name == report.filename().string() + ".sig" ||
        std::find(covered.begin(), covered.end(), name) != covered.end())
      continue;
    foreign.push_back(name);
  }
  std::sort(foreign.begin(), foreign.end());
  return foreign;
}

}  // namespace

// The files report.json says its run wrote beside it; nullopt for a report written before
// reports recorded them (format without "run_files"), and on a malformed list (`error`).
std::optional<std::vector<RunOutputFile>> RunFilesOf(const std::string& report_path,
                                                     std::string* error) {
  std::string text;
  if (!ReadRegularFile(report_path, kMaxReport, &text, error)) {
    *error = report_path + ": " + *error;
    return std::nullopt;
  }
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("run_files")) return std::nullopt;
  std::string report = std::filesystem::path(report_path).filename().string();
  std::vector<RunOutputFile> files;
  const Json& list = doc["run_files"];
  for (const auto& f : list.is_array() ? list : Json::array({nullptr})) {
    const Json* name = f.is_object() && f.contains("name") ? &f["name"] : nullptr;
    const Json* size = f.is_object() && f.contains("size") ? &f["size"] : nullptr;
    const Json* hash = f.is_object() && f.contains("sha256") ? &f["sha256"] : nullptr;
    std::string n = name != nullptr && name->is_string() ? name->get<std::string>() : "";
    if (n.empty() || n == "." || n == ".." || n.find('/') != std::string::npos ||
        n.find('\0') != std::string::npos || n == report || n == report + ".sig" ||
        size == nullptr || !size->is_number_unsigned() || hash == nullptr || !hash->is_string()) {
      *error = report_path +
               ": \"run_files\" is malformed (each entry names a file beside "
               "the report, its size and SHA-256)";
      return std::nullopt;
    }
    files.push_back({n, size->get<uint64_t>(), hash->get<std::string>()});
  }
  return files;
}

// What a signature covers besides the report: the run's files as report.json records them (each
// checked against its record), and `extra`. Every other file in the folder is refused: a file
// left by an earlier run or added later must not ride along with this run's report. A report
// from before run_files were recorded covers `extra`, or evidence.json when present.
std::optional<std::vector<std::string>> CoveredFiles(const std::string& report_path,
                                                     const std::vector<std::string>& extra,
                                                     std::string* error) {
  std::vector<std::string> covered;
  auto dir = std::filesystem::path(report_path).parent_path();
  std::string why;
  auto run = RunFilesOf(report_path, &why);
  if (!why.empty()) {
    *error = why;
    return std::nullopt;
  }
  if (run) {
    for (const auto& f : *run) {
      std::string hash, why;
      uint64_t size = 0;
      if (!HashRegularFile((dir / f.name).string(), kMaxCoveredFile, &hash, &size, &why)) {
        *error = f.name + " (written by the audit, recorded in the report): " + why;
        return std::nullopt;
      }
      if (hash != f.sha256 || size != f.size) {
        *error = f.name + " is not the file the audit wrote (the report records " +
                 std::to_string(f.size) + " bytes, sha256 " + f.sha256 + ")";
        return std::nullopt;
      }
      covered.push_back(f.name);
    }
  } else if (extra.empty() && std::filesystem::exists(dir / "evidence.json")) {
    covered.push_back("evidence.json");
  }
  for (const auto& f : extra)
    if (std::find(covered.begin(), covered.end(), f) == covered.end()) covered.push_back(f);
  if (auto foreign = ForeignFiles(report_path, covered); !foreign.empty()) {
    *error = (dir / foreign.front()).string() +
             " does not belong to the audit that wrote the report (it is not among the report's "
             "run_files); remove it, or cover it with --file";
    return std::nullopt;
  }
  return covered;
}

// Problems with the folder of a signed report: a file the report records that the signature
// does not cover, and any file that is neither the report, its signature nor covered.
std::vector<std::string> FolderProblems(const std::string& report_path,
                                        const std::vector<SignedFile>& signed_files) {
  std::vector<std::string> problems, covered;
  for (const auto& f : signed_files) covered.push_back(f.path);
  std::string error;
  auto run = RunFilesOf(report_path, &error);
  if (!error.empty()) problems.push_back(error);
  if (run)
    for (const auto& f : *run)
      if (std::find(covered.begin(), covered.end(), f.name) == covered.end())
        problems.push_back(f.name +
                           " is one of the run's files but the signature does not cover it");
  for (const auto& name : ForeignFiles(report_path, covered))
    problems.push_back(name +
                       " does not belong to the signed run (the signature does not cover "
                       "it)");
  return problems;
}

}  // namespace checker::reports
