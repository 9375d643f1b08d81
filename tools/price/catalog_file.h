// The catalog file read straight into a Catalog, for a quick start: a
// 10,000-item catalog is a megabyte of JSON, and building a Value of it
// first took most of the time from process start to the first quote.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tools/price/catalog.h"

namespace evt::price {

// The catalog in `path` when it is one that ParseJsonFile + ParseCatalog
// would accept, exactly as they would read it; nullopt for anything else
// (unreadable, malformed, a duplicate key, an unknown field, a bad value),
// which LoadCatalog then reads the slow way to explain.
std::optional<Catalog> ReadPlainCatalogFile(const std::string& path);
// The same for a catalog's text (ParseJson + ParseCatalog).
std::optional<Catalog> ReadPlainCatalogText(std::string_view text);

}  // namespace evt::price
