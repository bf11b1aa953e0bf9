#include "evaluate/review_parties.h"

#include <algorithm>
#include <chrono>

#include "evaluate/identity.h"

namespace checker::evaluate {

namespace {

std::string Text(const Node& map, std::string_view key) {
  const Node* n = map.Find(key);
  return n != nullptr && (n->kind == NodeKind::kString || n->kind == NodeKind::kNumber) ? n->text
                                                                                        : "";
}

SourceLocation Where(const Document& doc, const Node& item, std::string_view key) {
  const Node* n = item.Find(key);
  return doc.Locate(n != nullptr ? n->position : item.position);
}

const Party* FindParty(const std::vector<Party>& parties, std::string_view id) {
  for (const auto& p : parties)
    if (p.id == id) return &p;
  return nullptr;
}

std::string Ids(const std::vector<Party>& parties) {
  std::string out;
  for (const auto& p : parties) out += (out.empty() ? "" : ", ") + p.id;
  return out;
}

// Reads one list of parties; people may name their organisation.
bool ReadList(const Document& doc, std::string_view key, bool people, Review& review,
              DiagnosticSink& sink) {
  const Node* list = doc.root.Find(key);
  if (list == nullptr) return true;
  std::string what = people ? "a person" : "an organisation";
  if (!list->is_list()) {
    sink.Error(
        DiagCode::kWaiverInvalid, doc.Locate(list->position),
        "'" + std::string(key) + "' is a list of {id, name" + (people ? ", organisation}" : "}"));
    return false;
  }
  bool ok = true;
  std::vector<Party>& out = people ? review.people : review.organisations;
  std::vector<Identity> identities;
  for (const auto& item : list->items) {
    if (!OnlyKnownKeys(doc, item,
                       people
                           ? std::initializer_list<std::string_view>{"id", "name", "organisation"}
                           : std::initializer_list<std::string_view>{"id", "name"},
                       what, DiagCode::kWaiverInvalid, sink)) {
      ok = false;
      continue;
    }
    Party p{Text(item, "id"), Text(item, "name"), "", doc.Locate(item.position)};
    if (p.id.empty() || p.name.empty()) {
      sink.Error(DiagCode::kWaiverInvalid, p.location, what + " needs 'id' and 'name'");
      ok = false;
      continue;
    }
    if (FindParty(out, p.id) != nullptr) {
      sink.Error(DiagCode::kWaiverInvalid, Where(doc, item, "id"),
                 "id '" + p.id + "' is declared twice under '" + std::string(key) + "'");
      ok = false;
      continue;
    }
    std::string problem;
    auto identity = ReadIdentity(p.name, &problem);
    if (!identity) {
      sink.Error(DiagCode::kWaiverInvalid, Where(doc, item, "name"),
                 "the name of '" + p.id + "' " + problem);
      ok = false;
      continue;
    }
    for (size_t i = 0; i < identities.size(); ++i) {
      if (!SameIdentity(identities[i], *identity)) continue;
      sink.Error(DiagCode::kWaiverInvalid, Where(doc, item, "name"),
                 "'" + p.id + "' and '" + out[i].id + "' name the same " +
                     (people ? "person" : "organisation") + " ('" + p.name + "', '" + out[i].name +
                     "'): declare each once");
      ok = false;
    }
    if (people) {
      std::string org = Text(item, "organisation");
      if (!org.empty()) {
        auto name = ResolveOrganisation(review, org, Where(doc, item, "organisation"),
                                        "organisation", sink);
        if (!name) ok = false;
        p.organisation = name.value_or("");
      }
    }
    identities.push_back(std::move(*identity));
    out.push_back(std::move(p));
  }
  return ok;
}

}  // namespace

std::optional<long> CalendarDay(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto number = [&](size_t pos, size_t len) -> std::optional<int> {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (date[i] < '0' || date[i] > '9') return std::nullopt;
      v = v * 10 + (date[i] - '0');
    }
    return v;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y},
                                  std::chrono::month{static_cast<unsigned>(*m)},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

bool ReadParties(const Document& doc, Review& review, DiagnosticSink& sink) {
  bool ok = ReadList(doc, "organisations", false, review, sink);
  return ReadList(doc, "people", true, review, sink) && ok;
}

bool OnlyKnownKeys(const Document& doc, const Node& item,
                   std::initializer_list<std::string_view> known, std::string_view what,
                   DiagCode code, DiagnosticSink& sink) {
  if (!item.is_map()) {
    sink.Error(code, doc.Locate(item.position), std::string(what) + " is a mapping");
    return false;
  }
  bool ok = true;
  for (const auto& m : item.members) {
    if (std::find(known.begin(), known.end(), m.key) != known.end()) continue;
    std::string expected;
    for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
    std::string hint = m.value.is_null() ? "; a value with a comma in a flow mapping ({...}) "
                                           "must be quoted, or YAML cuts it at the comma"
                                         : "";
    sink.Error(
        code, doc.Locate(m.key_position),
        "unknown key '" + m.key + "' in " + std::string(what) + " (" + expected + ")" + hint);
    ok = false;
  }
  return ok;
}

std::optional<std::string> ResolvePerson(const Review& review, const std::string& ref,
                                         SourceLocation where, std::string_view field,
                                         std::string* organisation, DiagnosticSink& sink) {
  if (!review.people.empty()) {
    const Party* p = FindParty(review.people, ref);
    if (p == nullptr) {
      sink.Error(DiagCode::kWaiverInvalid, where,
                 "'" + std::string(field) + "' names '" + ref +
                     "', which is not an id declared under 'people' (" + Ids(review.people) + ")");
      return std::nullopt;
    }
    if (organisation != nullptr) *organisation = p->organisation;
    return p->name;
  }
  std::string problem;
  if (!ReadIdentity(ref, &problem)) {
    sink.Error(DiagCode::kWaiverInvalid, where,
               "'" + std::string(field) + "' (" + ref + ") " + problem);
    return std::nullopt;
  }
  return ref;
}

std::optional<std::string> ResolveOrganisation(const Review& review, const std::string& ref,
                                               SourceLocation where, std::string_view field,
                                               DiagnosticSink& sink) {
  if (!review.organisations.empty()) {
    const Party* p = FindParty(review.organisations, ref);
    if (p == nullptr) {
      sink.Error(DiagCode::kWaiverInvalid, where,
                 "'" + std::string(field) + "' names '" + ref +
                     "', which is not an id declared under 'organisations' (" +
                     Ids(review.organisations) + ")");
      return std::nullopt;
    }
    return p->name;
  }
  std::string problem;
  if (!ReadIdentity(ref, &problem)) {
    sink.Error(DiagCode::kWaiverInvalid, where,
               "'" + std::string(field) + "' (" + ref + ") " + problem);
    return std::nullopt;
  }
  return ref;
}

}  // namespace checker::evaluate
