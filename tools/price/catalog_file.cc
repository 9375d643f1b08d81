#include "tools/price/catalog_file.h"

#include <memory>
#include <string_view>

#include <simdjson.h>

#include "common/currency.h"
#include "common/json_parse.h"
#include "common/mapped_file.h"

namespace evt::price {

namespace {

namespace od = simdjson::ondemand;

// Read with simdjson's On-Demand API, straight from the text into the
// items: no tape of the whole document is built first (the tape and its
// string copies were a third of the page faults of a cold start). Every
// member of every object is visited, so the whole text is still checked;
// anything this reader does not expect returns false and the Value path,
// which explains errors, reads the file again.

// The index of a member's key in `keys`, or N for a key not there or one
// already seen (the Value reader refuses duplicate keys; so must this).
// Keys are compared as written: an escaped one is not plain.
template <std::size_t N>
std::size_t KeyIndex(od::field& field, const std::string_view (&keys)[N], bool (&seen)[N]) {
  od::raw_json_string key = field.key();
  // The first byte first: most keys differ from most candidates there, and
  // a compare call per candidate per member made memcmp 4% of a cold start.
  const char first = *key.raw();
  for (std::size_t i = 0; i < N; ++i) {
    if (first == keys[i][0] && key.unsafe_is_equal(keys[i])) {
      if (seen[i]) return N;
      seen[i] = true;
      return i;
    }
  }
  return N;
}

// Calls read(index of the key in `keys`, value) for each member of `value`
// in order, marking `seen`. False when `value` is not an object, at a key
// not in `keys` or given twice, or as soon as read returns false.
template <std::size_t N, typename ReadMember>
bool ReadMembers(od::value value, const std::string_view (&keys)[N], bool (&seen)[N], ReadMember read) {
  od::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return false;
  for (auto member : object) {
    od::field field;
    if (std::move(member).get(field) != simdjson::SUCCESS) return false;
    std::size_t key = KeyIndex(field, keys, seen);
    if (key == N || !read(key, field.value())) return false;
  }
  return true;
}

bool NonEmptyString(od::value value, std::string_view& out) {
  return value.get_string().get(out) == simdjson::SUCCESS && !out.empty();
}

bool CopyNonEmptyString(od::value value, std::string& out) {
  std::string_view text;
  if (!NonEmptyString(value, text)) return false;
  out = text;
  return true;
}

// An integer >= 0 as the Value reader holds it: "-0", fractions, exponents
// and numbers past int64 are left to it.
bool NonNegativeInteger(od::value value, std::int64_t& out) {
  std::string_view token = value.raw_json_token();
  if (token.empty() || token[0] == '-') return false;
  return value.get_int64().get(out) == simdjson::SUCCESS;
}

bool ReadTaxMode(od::value value, TaxMode& mode) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return false;
  if (text == "inclusive") {
    mode = TaxMode::kInclusive;
  } else if (text == "exclusive") {
    mode = TaxMode::kExclusive;
  } else {
    return false;
  }
  return true;
}

bool ReadRates(od::value value, std::vector<TaxClass>& classes) {
  od::object rates;
  if (value.get_object().get(rates) != simdjson::SUCCESS) return false;
  for (auto member : rates) {
    od::field rate;
    std::string_view name;
    if (std::move(member).get(rate) != simdjson::SUCCESS || rate.unescaped_key().get(name) != simdjson::SUCCESS) {
      return false;
    }
    for (const TaxClass& known : classes) {
      if (known.name == name) return false;
    }
    std::string owned(name);  // the view is overwritten by the next string read
    double ratio = 0;
    if (rate.value().get_double().get(ratio) != simdjson::SUCCESS) return false;
    std::optional<std::int64_t> scaled = ExactDecimal(ratio, 9);
    if (!scaled || *scaled > kRateScale) return false;
    classes.push_back({std::move(owned), Rate{*scaled}});
  }
  return true;
}

bool ReadTax(od::value tax, Catalog& catalog) {
  static constexpr std::string_view kKeys[] = {"mode", "rates"};
  bool seen[2] = {};
  return ReadMembers(tax, kKeys, seen, [&](std::size_t key, od::value value) {
           return key == 0 ? ReadTaxMode(value, catalog.tax_mode) : ReadRates(value, catalog.tax_classes);
         }) &&
         seen[0] && seen[1];
}

int TaxClassIndex(const Catalog& catalog, std::string_view wanted) {
  for (std::size_t i = 0; i < catalog.tax_classes.size(); ++i) {
    if (catalog.tax_classes[i].name == wanted) return static_cast<int>(i);
  }
  return kNoTaxClass;
}

bool ReadTags(od::value value, std::vector<std::string>& tags) {
  od::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return false;
  // Counted first: growing each item's vector one tag at a time (an
  // allocation, a move and a free per tag past the first) was an eighth of
  // the instructions of a cold start.
  std::size_t count = 0;
  if (array.count_elements().get(count) != simdjson::SUCCESS) return false;
  tags.reserve(count);
  for (auto element : array) {
    od::value tag;
    std::string_view text;
    if (std::move(element).get(tag) != simdjson::SUCCESS || !NonEmptyString(tag, text)) return false;
    tags.emplace_back(text);
  }
  return true;
}

// Members in any order; the tax class is resolved once all are read.
bool ReadItem(od::value value, Catalog& catalog) {
  static constexpr std::string_view kKeys[] = {"sku", "name", "price", "tags", "tax_class"};
  bool seen[5] = {};
  Item item;
  std::string tax_class;
  bool read = ReadMembers(value, kKeys, seen, [&](std::size_t key, od::value member) {
    switch (key) {
      case 0: return CopyNonEmptyString(member, item.sku);
      case 1: return CopyNonEmptyString(member, item.name);
      case 2: return NonNegativeInteger(member, item.price);
      case 3: return ReadTags(member, item.tags);
      default: return CopyNonEmptyString(member, tax_class);
    }
  });
  if (!read || !seen[0] || !seen[2]) return false;
  if (!seen[1]) item.name = item.sku;
  if (!catalog.tax_classes.empty()) {
    item.tax_class = TaxClassIndex(catalog, seen[4] ? std::string_view(tax_class) : "standard");
    if (item.tax_class == kNoTaxClass) return false;
  } else if (seen[4]) {
    return false;
  }
  catalog.items.push_back(std::move(item));
  return true;
}

bool ReadItems(od::value value, Catalog& catalog) {
  od::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) return false;
  for (auto element : items) {
    od::value item;
    if (std::move(element).get(item) != simdjson::SUCCESS || !ReadItem(item, catalog)) return false;
  }
  return true;
}

bool ReadCurrency(od::value value, Catalog& catalog) {
  if (!CopyNonEmptyString(value, catalog.currency) || !IsCurrencyCode(catalog.currency)) return false;
  catalog.minor_digits = MinorUnitDigits(catalog.currency);
  return true;
}

// Items name tax classes, so "tax" must come before "items"; a catalog
// written the other way round is read by the Value path.
bool ReadCatalog(od::document& document, Catalog& catalog) {
  od::value root;
  if (document.get_value().get(root) != simdjson::SUCCESS) return false;
  static constexpr std::string_view kKeys[] = {"currency", "tax", "items"};
  bool seen[3] = {};
  bool read = ReadMembers(root, kKeys, seen, [&](std::size_t key, od::value value) {
    switch (key) {
      case 0: return ReadCurrency(value, catalog);
      case 1: return !seen[2] && ReadTax(value, catalog);
      default: return ReadItems(value, catalog);
    }
  });
  // Past the last token there is no location: nothing follows the object.
  return read && seen[0] && seen[2] && document.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

// Indexed once every item is read, so that the index is made right before
// it is filled, still in the cache, and each slot is fetched a few items
// ahead: adding each sku as its item was read missed the cache once per
// item (a tenth of reading a 10,000-item catalog). False at a duplicate
// sku.
bool IndexSkus(Catalog& catalog) {
  constexpr std::size_t kAhead = 8;
  const std::vector<Item>& items = catalog.items;
  catalog.sku_index.Reserve(items.size());
  for (std::size_t i = 0; i < items.size() + kAhead; ++i) {
    if (i >= kAhead && !catalog.sku_index.Add(items[i - kAhead].sku)) return false;
    if (i < items.size()) catalog.sku_index.Prefetch(SkuIndex::Hash(items[i].sku));
  }
  return true;
}

// Items are about 100 bytes of JSON each; reserving from that spares the
// vector's regrowth copies.
std::size_t LikelyItemCount(std::size_t text_size) { return text_size / 90 + 1; }

std::optional<Catalog> ReadPlainCatalog(simdjson::padded_string_view text) {
  if (text.size() > kMaxJsonFileBytes) return std::nullopt;
  od::parser parser(text.size());
  od::document document;
  if (parser.iterate(text).get(document) != simdjson::SUCCESS) return std::nullopt;
  Catalog catalog;
  catalog.items.reserve(LikelyItemCount(text.size()));
  if (!ReadCatalog(document, catalog) || !IndexSkus(catalog)) return std::nullopt;
  return catalog;
}

}  // namespace

std::optional<Catalog> ReadPlainCatalogText(std::string_view text) {
  return ReadPlainCatalog(simdjson::padded_string(text));
}

std::optional<Catalog> ReadPlainCatalogFile(const std::string& path) {
  std::unique_ptr<MappedFile> file = MappedFile::Map(path, simdjson::SIMDJSON_PADDING, kMaxJsonFileBytes);
  if (!file) return std::nullopt;
  std::optional<Catalog> catalog;
  bool whole = file->Read([&] {
    catalog = ReadPlainCatalog(simdjson::padded_string_view(file->text().data(), file->text().size(), file->readable()));
  });
  if (!whole) return std::nullopt;  // truncated as it was read: LoadCatalog reads it again
  return catalog;
}

}  // namespace evt::price
