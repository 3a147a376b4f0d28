// The document management and exchange system (shared/spec/upstream-api.md, section 4): an
// API key and a feed of documents in ascending UpdatedAt, paged by an opaque cursor.
//
// Every version of every document is indexed once, sorted by (UpdatedAt, key) with key =
// (DocumentId, Direction, OrganId). A page is a binary search to its start plus a walk that
// serves only the versions current at `now`; a superseded version is skipped, and its
// successor (later in the index, also visible) is served in its place. DocumentIds are
// derived from the record (province.hpp): written out once to sort, and again for each
// document a page or a binary search reads.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "egovkpi/sim/string_table.hpp"
#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/upstream_system.hpp"
#include "query_string.hpp"

namespace egovkpi::sim {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxLimit = 1000;
constexpr std::size_t kMaxCursorLength = 4096;
constexpr std::string_view kCursorVersion = "e1";
// The issuer of the simulated signing certificates (the Government CA for state agencies).
constexpr std::string_view kIssuer =
    "CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN";

SimReply Message(int status, std::string_view message) {
  json::object body;
  body["message"] = message;
  return SimReply::Json(json::serialize(body), status);
}

std::string_view DirectionName(bool outgoing) { return outgoing ? "out" : "in"; }

// A document's identity in the feed's order: DocumentId, then Direction, then OrganId, each
// compared byte by byte.
struct Key {
  std::string_view document_id;
  std::string_view direction;
  std::string_view organ;

  friend bool operator<(const Key& a, const Key& b) {
    return std::tie(a.document_id, a.direction, a.organ) <
           std::tie(b.document_id, b.direction, b.organ);
  }
  friend bool operator==(const Key& a, const Key& b) = default;
};

// A document's key, holding its DocumentId text.
struct DocumentKey {
  std::string document_id;
  std::string_view direction;
  std::string_view organ;

  [[nodiscard]] Key view() const { return {document_id, direction, organ}; }
};

// Where a page ends: the UpdatedAt and key of its last item. The client gets it back as an
// opaque cursor: hex of "e1|<unix seconds>|<direction>|<organ>|<document id>".
struct Position {
  Time updated_at;
  std::string direction;
  std::string organ;
  std::string document_id;

  [[nodiscard]] Key key() const { return {document_id, direction, organ}; }
};

std::string EncodeCursor(Time updated_at, const Key& key) {
  const std::string plain = std::string(kCursorVersion) + "|" +
                            std::to_string(updated_at.time_since_epoch().count()) + "|" +
                            std::string(key.direction) + "|" + std::string(key.organ) + "|" +
                            std::string(key.document_id);
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(plain.size() * 2);
  for (const char c : plain) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits off the text before the next '|'; nullopt when there is none.
std::optional<std::string_view> NextField(std::string_view& rest) {
  const auto bar = rest.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  const std::string_view field = rest.substr(0, bar);
  rest.remove_prefix(bar + 1);
  return field;
}

std::optional<Position> DecodeCursor(std::string_view hex) {
  if (hex.empty() || hex.size() % 2 != 0 || hex.size() > kMaxCursorLength) return std::nullopt;
  std::string plain;
  plain.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = HexValue(hex[i]);
    const int low = HexValue(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    plain.push_back(static_cast<char>(high * 16 + low));
  }
  std::string_view rest = plain;
  const auto version = NextField(rest);
  const auto seconds_text = NextField(rest);
  const auto direction = NextField(rest);
  const auto organ = NextField(rest);
  if (!version || *version != kCursorVersion || !seconds_text || !direction || !organ ||
      rest.empty() || (*direction != "in" && *direction != "out")) {
    return std::nullopt;
  }
  const auto seconds = ParseDecimal(*seconds_text);
  if (!seconds) return std::nullopt;
  return Position{Time(std::chrono::seconds(*seconds)), std::string(*direction),
                  std::string(*organ), std::string(rest)};
}

// FNV-1a: a stable per-document choice of how optional false flags are written.
std::uint32_t Fnv1a(std::string_view text, std::uint32_t hash = 2166136261u) {
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

class EdocSystem final : public UpstreamSystem {
 public:
  EdocSystem(const Province& province, SystemCredentials credentials)
      : province_(province), credentials_(std::move(credentials)) {
    const auto& documents = province_.documents;
    by_rank_.reserve(documents.size());
    std::size_t version_count = 0;
    for (std::uint32_t i = 0; i < documents.size(); ++i) {
      if (documents[i].version_count() == 0) continue;  // never visible
      by_rank_.push_back(i);
      version_count += documents[i].version_count();
    }
    {
      // Every DocumentId written out once for the sort (a few hundred MB at scale 20, freed
      // once sorted).
      StringTable ids;
      ids.Reserve(documents.size(), documents.size() * 40);
      std::string id;
      for (const Document& d : documents) {
        id.clear();
        AppendDocumentId(province_, d, id);
        ids.Add(id);
      }
      const auto key = [&](std::uint32_t document) {
        const Document& d = documents[document];
        return Key{ids[document], DirectionName(d.outgoing), province_.units.at(d.organ).code};
      };
      std::sort(by_rank_.begin(), by_rank_.end(),
                [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    }

    index_.reserve(version_count);
    for (std::uint32_t rank = 0; rank < by_rank_.size(); ++rank) {
      const Document& d = documents[by_rank_[rank]];
      for (std::uint32_t v = 0; v < d.version_count(); ++v) {
        index_.push_back({d.version(v).updated_at, rank, v});
      }
    }
    std::sort(index_.begin(), index_.end());
  }

  [[nodiscard]] std::string_view name() const override { return "edoc"; }

  // The document exchange has no sessions: DataFaults::expire_session changes nothing.
  SimReply Handle(const SimRequest& request, Time now, const DataFaults& faults) override {
    const QueryString query(request.target);
    if (query.path() != "/api/v1/edocs") return Message(404, "no such resource");
    if (request.method != "GET") return Message(405, "use GET");
    const std::string key = request.Header("X-API-Key");
    if (key.empty() || key != credentials_.secret) return Message(401, "wrong or missing API key");
    if (!query.error().empty()) return Message(400, query.error());

    const std::string* limit_text = query.Find("limit");
    if (limit_text == nullptr) return Message(400, "limit is required");
    const auto limit = ParseDecimal(*limit_text, kMaxLimit);
    if (!limit || *limit < 1) return Message(400, "limit must be an integer from 1 to 1000");

    const std::string* since_text = query.Find("updatedSince");
    const std::string* cursor_text = query.Find("cursor");
    if ((since_text == nullptr) == (cursor_text == nullptr)) {
      return Message(400, "give either updatedSince or cursor");
    }
    std::optional<Position> cursor;
    IndexEntry start{};
    if (since_text != nullptr) {
      const auto since = ParseRfc3339(*since_text);
      if (!since) return Message(400, "updatedSince must be an RFC 3339 time");
      start = {*since, 0, 0};  // inclusive: everything at `since` and after
    } else {
      cursor = DecodeCursor(*cursor_text);
      if (!cursor) return Message(400, "malformed cursor");
      // Strictly after the cursor: same UpdatedAt with a greater key, or a later UpdatedAt.
      const auto after = std::upper_bound(by_rank_.begin(), by_rank_.end(), cursor->key(),
                                          [&](const Key& wanted, std::uint32_t document) {
                                            return wanted < KeyOf(document).view();
                                          });
      start = {cursor->updated_at, static_cast<std::uint32_t>(after - by_rank_.begin()), 0};
    }
    return Page(start, static_cast<std::size_t>(*limit), cursor, now, faults);
  }

 private:
  struct IndexEntry {
    Time updated_at;
    std::uint32_t rank = 0;     // the document's place in key order (by_rank_)
    std::uint32_t version = 0;  // index into Document::versions()

    friend auto operator<=>(const IndexEntry&, const IndexEntry&) = default;
  };

  SimReply Page(const IndexEntry& start, std::size_t limit, const std::optional<Position>& cursor,
                Time now, const DataFaults& faults) const {
    // Everything visible at `now` is a prefix of the index.
    const auto visible_end = std::partition_point(
        index_.begin(), index_.end(), [&](const IndexEntry& e) { return e.updated_at <= now; });
    auto it = std::lower_bound(index_.begin(), visible_end, start);

    std::vector<const IndexEntry*> page;
    page.reserve(std::min<std::size_t>(limit, 1000));
    for (; it != visible_end && page.size() < limit; ++it) {
      if (IsCurrent(*it, now)) page.push_back(&*it);
    }
    // A visible version left after the page is either current or superseded by a later
    // visible version, which comes after it in the index: either way a current document
    // follows the page exactly when some visible entry does.
    const bool more = it != visible_end;

    json::array data;
    data.reserve(page.size() + 2);
    if (faults.duplicate_record && cursor) {
      if (auto previous = AtPosition(*cursor, now)) data.push_back(DocumentJson(*previous));
    }
    if (faults.invalid_record && !page.empty()) {
      // A copy of the first real item without DocumentId (every other time also with a
      // Direction outside the table), at the first item's UpdatedAt: it fails validation and
      // moves no watermark.
      json::object invalid = DocumentJson(*page.front());
      invalid.erase("DocumentId");
      if (page.front()->rank % 2 != 0) invalid["Direction"] = "sideways";
      data.push_back(std::move(invalid));
    }
    for (const IndexEntry* entry : page) data.push_back(DocumentJson(*entry));

    json::object reply;
    reply["data"] = std::move(data);
    if (more) {
      const IndexEntry& last = *page.back();
      reply["nextCursor"] = EncodeCursor(last.updated_at, KeyOf(by_rank_[last.rank]).view());
    } else {
      reply["nextCursor"] = nullptr;
    }
    return SimReply::Json(json::serialize(reply));
  }

  // The version of `entry` is the document's last with updated_at <= now (the entry itself
  // is visible).
  [[nodiscard]] bool IsCurrent(const IndexEntry& entry, Time now) const {
    const Document& d = province_.documents[by_rank_[entry.rank]];
    return entry.version + 1 == d.version_count() || d.version(entry.version + 1).updated_at > now;
  }

  // The version a cursor points at (the previous page's last item), if it exists and is
  // visible at `now`.
  [[nodiscard]] std::optional<IndexEntry> AtPosition(const Position& position, Time now) const {
    if (position.updated_at > now) return std::nullopt;
    const auto found = std::lower_bound(
        by_rank_.begin(), by_rank_.end(), position.key(),
        [&](std::uint32_t document, const Key& wanted) { return KeyOf(document).view() < wanted; });
    if (found == by_rank_.end() || !(KeyOf(*found).view() == position.key())) return std::nullopt;
    const Document& d = province_.documents[*found];
    for (std::size_t v = d.version_count(); v-- > 0;) {
      if (d.version(v).updated_at == position.updated_at) {
        return IndexEntry{position.updated_at, static_cast<std::uint32_t>(found - by_rank_.begin()),
                          static_cast<std::uint32_t>(v)};
      }
    }
    return std::nullopt;
  }

  [[nodiscard]] DocumentKey KeyOf(std::uint32_t document) const {
    const Document& d = province_.documents[document];
    return {DocumentId(province_, d), DirectionName(d.outgoing), province_.units.at(d.organ).code};
  }

  [[nodiscard]] json::object DocumentJson(const IndexEntry& entry) const {
    const Document& d = province_.documents[by_rank_[entry.rank]];
    const DocumentVersion version = d.version(entry.version);
    const std::string document_id = DocumentId(province_, d);
    // Optional false flags are sometimes written false and sometimes left out, as real
    // senders do; the choice is fixed per document.
    const std::uint32_t style = Fnv1a(DirectionName(d.outgoing), Fnv1a(document_id));

    json::object out;
    out["DocumentId"] = document_id;
    out["Direction"] = DirectionName(d.outgoing);
    out["OrganId"] = province_.units.at(d.organ).code;
    json::array peers;
    for (const OrganRef peer : d.peers()) peers.emplace_back(OrganCode(province_, peer));
    out["PeerOrganIds"] = std::move(peers);
    if (d.peer_is_state_agency || (style & 1u) == 0) {
      out["PeerIsStateAgency"] = d.peer_is_state_agency;
    }
    out["CodeNumber"] = std::to_string(d.code_number);
    out["CodeNotation"] = province_.document_notations.at(d.notation);
    out["PromulgationDate"] = SlashDate(d.promulgation_date());
    out["DocumentType"] = static_cast<int>(d.document_type);
    if (d.secret || (style & 2u) == 0) out["Secret"] = d.secret;
    out["Transport"] = TransportName(d.transport);
    json::array signatures;
    for (const Signature s : d.signatures()) {
      json::object signature;
      signature["Kind"] = s.organization ? "organization" : "personal";
      signature["Valid"] = s.valid;
      signature["SignerCN"] = province_.signers.at(s.signer);
      signature["Issuer"] = kIssuer;
      signature["SigningTime"] = Rfc3339Utc(s.signing_time);
      signatures.emplace_back(std::move(signature));
    }
    out["Signatures"] = std::move(signatures);
    out["Status"] = DocumentStatusName(version.status);
    if (const std::optional<Time> sent = d.sent_at()) out["SentAt"] = Rfc3339Utc(*sent);
    if (const std::optional<Time> received = d.received_at()) {
      out["ReceivedAt"] = Rfc3339Utc(*received);
    }
    out["UpdatedAt"] = Rfc3339Utc(version.updated_at);
    return out;
  }

  const Province& province_;
  const SystemCredentials credentials_;
  // Indexes of province_.documents that have a version, in key order: a document's rank.
  std::vector<std::uint32_t> by_rank_;
  // Every version of every document, sorted by (updated_at, rank, version).
  std::vector<IndexEntry> index_;
};

}  // namespace

std::unique_ptr<UpstreamSystem> MakeEdocSystem(const Province& province,
                                               SystemCredentials credentials) {
  return std::make_unique<EdocSystem>(province, std::move(credentials));
}

}  // namespace egovkpi::sim
