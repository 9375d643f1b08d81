// The promotions half of the lint: each promotion parsed on its own, then
// checked against the catalog, the clock and the other promotions.
#pragma once

#include <cstddef>
#include <vector>

#include "common/status.h"
#include "tools/price/lint.h"
#include "tools/price/lint_catalog.h"
#include "tools/price/promotion.h"

namespace evt::price {

// A promotion that parsed, with its place in the file.
struct PlacedPromotion {
  std::size_t index = 0;  // in the file's "promotions" array
  Promotion promotion;
};

// Appends every promotions finding. DataErr when the document has no
// "promotions" array.
Status LintPromotions(const LintInput& input, const LintedCatalog& catalog, std::vector<Finding>& findings);

// The items (indices into catalog.items) a target can touch; every item
// for the whole cart.
std::vector<std::size_t> ItemsTouched(const Target& target, const LintedCatalog& catalog);

// Appends "shadowed" findings for `promotions`.
void LintShadowed(const std::vector<PlacedPromotion>& promotions, const LintedCatalog& catalog, const std::string& file,
                  std::vector<Finding>& findings);

}  // namespace evt::price
