#include "tools/price/lint.h"

#include "tools/price/lint_catalog.h"
#include "tools/price/lint_promotions.h"

namespace evt::price {

Result<std::vector<Finding>> Lint(const LintInput& input) {
  std::vector<Finding> findings;
  if (!input.catalog->is_object()) return Status::DataErr(input.catalog_name + ": expected a JSON object");
  if (!input.promotions->is_object()) return Status::DataErr(input.promotions_name + ": expected a JSON object");
  Result<LintedCatalog> catalog = LintCatalog(*input.catalog, input.catalog_name, findings);
  if (!catalog.ok()) return catalog.status();
  EVT_RETURN_IF_ERROR(LintPromotions(input, *catalog, findings));
  return findings;
}

}  // namespace evt::price
