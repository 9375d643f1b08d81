#include "tools/price/lint_promotions.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "tools/price/promotion_parse.h"
#include "tools/price/promotion_rules.h"

namespace evt::price {

namespace {

std::string PromotionPath(std::size_t index) { return "/promotions/" + std::to_string(index); }

// Skus and tags of one target object at `path`.
void LintTargetObject(const Value& target, const std::string& path, const std::string& id, const LintedCatalog& catalog,
                      const std::string& file, std::vector<Finding>& findings) {
  for (const char* key : {"skus", "tags"}) {
    const Value* list = target.find(key);
    if (!list || !list->is_array()) continue;
    bool skus = std::string_view(key) == "skus";
    for (std::size_t j = 0; j < list->as_array().size(); ++j) {
      const std::string& name = list->as_array()[j].as_string();
      bool known = skus ? catalog.index_of_sku.count(name) > 0 : catalog.items_of_tag.count(name) > 0;
      if (known) continue;
      findings.push_back(
          {skus ? "unknown_sku" : "unknown_tag", file, path + "/" + key + "/" + std::to_string(j), id,
           skus ? "sku \"" + name + "\" is not in the catalog" : "no catalog item has the tag \"" + name + "\""});
    }
  }
}

void LintTargets(const Value& raw, const PlacedPromotion& placed, const LintedCatalog& catalog, const std::string& file,
                 std::vector<Finding>& findings) {
  std::string path = PromotionPath(placed.index);
  const std::string& id = placed.promotion.id;
  if (const Value* target = raw.find("target"))
    LintTargetObject(*target, path + "/target", id, catalog, file, findings);
  if (const Value* components = raw.find("components")) {
    for (std::size_t c = 0; c < components->as_array().size(); ++c) {
      LintTargetObject(components->as_array()[c], path + "/components/" + std::to_string(c), id, catalog, file,
                       findings);
    }
  }
}

// Whether a weekly window opens at some moment of [from, until). A span of
// eight days holds every weekday; a shorter one is walked minute by minute
// (windows open on whole local minutes, and zone offsets are whole minutes).
bool OpensBetween(const Promotion& p, TimePoint from, TimePoint until) {
  if (until - from >= std::chrono::hours{24 * 8}) return true;
  if (IsActive(p, from)) return true;
  TimePoint t = std::chrono::ceil<std::chrono::minutes>(from);
  for (; t < until; t += std::chrono::minutes{1}) {
    if (IsActive(p, t)) return true;
  }
  return false;
}

void LintWindow(const PlacedPromotion& placed, TimePoint now, const std::string& file, std::vector<Finding>& findings) {
  const Promotion& p = placed.promotion;
  std::string path = PromotionPath(placed.index);
  if (p.until && *p.until <= now) {
    findings.push_back({"expired", file, path + "/until", p.id,
                        "ended at " + FormatRfc3339(*p.until) + ", before " + FormatRfc3339(now)});
    return;
  }
  if (p.windows.empty() || !p.from || !p.until) return;
  if (OpensBetween(p, *p.from, *p.until)) return;
  findings.push_back({"never_active", file, path + "/windows", p.id,
                      "none of its windows opens between \"from\" " + FormatRfc3339(*p.from) + " and \"until\" " +
                          FormatRfc3339(*p.until)});
}

void LintCodes(const std::vector<PlacedPromotion>& promotions, const std::string& file,
               std::vector<Finding>& findings) {
  std::map<std::string, const PlacedPromotion*> first_with_code;
  for (const PlacedPromotion& placed : promotions) {
    const std::string& code = placed.promotion.code;
    if (code.empty()) continue;
    auto [it, added] = first_with_code.emplace(code, &placed);
    if (added) continue;
    findings.push_back({"duplicate_code", file, PromotionPath(placed.index) + "/code", placed.promotion.id,
                        "code \"" + code + "\" is also the code of \"" + it->second->promotion.id + "\" (" +
                            PromotionPath(it->second->index) + ")"});
  }
}

// The message without "<file>: <pointer>: ", which the finding carries.
std::string Unprefixed(const std::string& message, const std::string& prefix) {
  if (message.rfind(prefix, 0) == 0) return message.substr(prefix.size());
  return message;
}

}  // namespace

std::vector<std::size_t> ItemsTouched(const Target& target, const LintedCatalog& catalog) {
  std::vector<std::size_t> items;
  if (target.whole_cart()) {
    items.resize(catalog.items.size());
    for (std::size_t i = 0; i < items.size(); ++i) items[i] = i;
    return items;
  }
  for (const std::string& sku : target.skus) {
    auto it = catalog.index_of_sku.find(sku);
    if (it != catalog.index_of_sku.end()) items.push_back(it->second);
  }
  for (const std::string& tag : target.tags) {
    auto it = catalog.items_of_tag.find(tag);
    if (it != catalog.items_of_tag.end()) items.insert(items.end(), it->second.begin(), it->second.end());
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

Status LintPromotions(const LintInput& input, const LintedCatalog& catalog, std::vector<Finding>& findings) {
  const std::string& file = input.promotions_name;
  const Value* list = input.promotions->find("promotions");
  if (!list || !list->is_array()) return Status::DataErr(file + ": /promotions: expected an array of promotions");
  std::vector<PlacedPromotion> parsed;
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const Value& raw = list->as_array()[i];
    Result<Promotion> p = ParsePromotion(raw, file, PromotionPath(i), input.timezone);
    if (!p.ok()) {
      const Value* id = raw.find("id");
      findings.push_back({"invalid_promotion", file, PromotionPath(i), id && id->is_string() ? id->as_string() : "",
                          Unprefixed(p.status().message(), file + ": ")});
      continue;
    }
    if (auto [it, added] = ids.emplace(p->id, i); !added) {
      findings.push_back({"invalid_promotion", file, PromotionPath(i) + "/id", p->id,
                          "\"" + p->id + "\" is also the id of " + PromotionPath(it->second)});
      continue;
    }
    PlacedPromotion placed{i, std::move(*p)};
    LintTargets(raw, placed, catalog, file, findings);
    LintWindow(placed, input.now, file, findings);
    parsed.push_back(std::move(placed));
  }
  LintCodes(parsed, file, findings);
  LintShadowed(parsed, catalog, file, findings);
  return Status::Ok();
}

}  // namespace evt::price
