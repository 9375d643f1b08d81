#include "tools/price/promotion_parse.h"

#include <algorithm>
#include <set>

#include "common/json_parse.h"
#include "tools/price/field_reader.h"
#include "tools/price/lua_rules.h"

namespace evt::price {

std::string_view KindName(PromotionKind kind) {
  switch (kind) {
    case PromotionKind::kPercentOff: return "percent_off";
    case PromotionKind::kAmountOff: return "amount_off";
    case PromotionKind::kFixedPrice: return "fixed_price";
    case PromotionKind::kBuyXGetY: return "buy_x_get_y";
    case PromotionKind::kBundle: return "bundle";
    case PromotionKind::kTiered: return "tiered";
    case PromotionKind::kCartAmountOff: return "cart_amount_off";
    case PromotionKind::kCartPercentOff: return "cart_percent_off";
    case PromotionKind::kLua: return "lua";
  }
  return "?";
}

namespace {

constexpr PromotionKind kAllKinds[] = {PromotionKind::kPercentOff,    PromotionKind::kAmountOff,
                                       PromotionKind::kFixedPrice,    PromotionKind::kBuyXGetY,
                                       PromotionKind::kBundle,        PromotionKind::kTiered,
                                       PromotionKind::kCartAmountOff, PromotionKind::kCartPercentOff,
                                       PromotionKind::kLua};

Result<PromotionKind> ReadKind(FieldReader& in) {
  Result<std::string> name = in.String("kind");
  if (!name.ok()) return name.status();
  for (PromotionKind kind : kAllKinds) {
    if (KindName(kind) == *name) return kind;
  }
  return in.Error("kind", "expected one of percent_off, amount_off, fixed_price, buy_x_get_y, bundle, tiered, "
                          "cart_amount_off, cart_percent_off, lua, got \"" + *name + "\"");
}

Result<Target> ReadTargetObject(FieldReader target) {
  Target out;
  Result<std::vector<std::string>> skus = target.Strings("skus");
  if (!skus.ok()) return skus.status();
  Result<std::vector<std::string>> tags = target.Strings("tags");
  if (!tags.ok()) return tags.status();
  out.skus = std::move(*skus);
  out.tags = std::move(*tags);
  EVT_RETURN_IF_ERROR(target.Finish());
  if (out.whole_cart()) return target.Error("expected \"skus\" and/or \"tags\" (leave \"target\" out for the whole cart)");
  return out;
}

Status ReadTarget(FieldReader& in, Promotion& p) {
  if (!in.Has("target")) {
    in.Find("target");
    return Status::Ok();
  }
  Result<FieldReader> target = in.Object("target");
  if (!target.ok()) return target.status();
  Result<Target> read = ReadTargetObject(std::move(*target));
  if (!read.ok()) return read.status();
  p.target = std::move(*read);
  return Status::Ok();
}

Result<std::optional<TimePoint>> ReadTime(FieldReader& in, std::string_view key) {
  const Value* v = in.Find(key);
  if (!v) return std::optional<TimePoint>();
  if (!v->is_string()) return in.Expected(key, "an RFC 3339 time such as \"2026-12-05T10:00:00+01:00\"", *v);
  Result<TimePoint> t = ParseRfc3339(v->as_string());
  if (!t.ok()) return in.Error(key, t.status().message());
  return std::optional<TimePoint>(*t);
}

Result<WeeklyWindow> ReadWindow(FieldReader window) {
  WeeklyWindow out;
  Result<std::vector<std::string>> days = window.Strings("days");
  if (!days.ok()) return days.status();
  if (days->empty()) return window.Error("days", "expected at least one of \"mon\" .. \"sun\"");
  for (const std::string& day : *days) {
    std::optional<unsigned> d = WeekdayNamed(day);
    if (!d) return window.Error("days", "expected \"mon\", \"tue\", ... \"sun\", got \"" + day + "\"");
    out.days |= 1u << *d;
  }
  for (auto [key, field] : {std::pair{"from", &out.from_minute}, std::pair{"until", &out.until_minute}}) {
    Result<std::string> text = window.String(key);
    if (!text.ok()) return text.status();
    std::optional<int> minute = MinuteOfDay(*text);
    if (!minute) return window.Error(key, "expected a local time \"HH:MM\" from 00:00 to 23:59, got \"" + *text + "\"");
    *field = *minute;
  }
  EVT_RETURN_IF_ERROR(window.Finish());
  return out;
}

Status ReadValidity(FieldReader& in, Promotion& p, const std::string& default_zone) {
  Result<std::optional<TimePoint>> from = ReadTime(in, "from");
  if (!from.ok()) return from.status();
  Result<std::optional<TimePoint>> until = ReadTime(in, "until");
  if (!until.ok()) return until.status();
  p.from = *from;
  p.until = *until;
  if (p.from && p.until && *p.until <= *p.from) return in.Error("until", "must be after \"from\"");
  const Value* windows = in.Find("windows");
  Result<std::optional<std::string>> zone = in.OptionalString("timezone");
  if (!zone.ok()) return zone.status();
  if (!windows) {
    if (*zone) return in.Error("timezone", "only recurring \"windows\" use a time zone");
    return Status::Ok();
  }
  if (!windows->is_array() || windows->as_array().empty()) {
    return in.Expected("windows", "a non-empty array of {\"days\", \"from\", \"until\"}", *windows);
  }
  for (std::size_t i = 0; i < windows->as_array().size(); ++i) {
    Result<FieldReader> w = FieldReader::Of(windows->as_array()[i], in.prefix(), in.PointerOf("windows") + "/" + std::to_string(i));
    if (!w.ok()) return w.status();
    Result<WeeklyWindow> window = ReadWindow(std::move(*w));
    if (!window.ok()) return window.status();
    p.windows.push_back(*window);
  }
  Result<const TimeZone*> located = LocateZone(zone->value_or(default_zone));
  if (!located.ok()) return in.Error("timezone", located.status().message());
  p.zone = *located;
  return Status::Ok();
}

Status ReadConditions(FieldReader& in, Promotion& p) {
  Result<std::optional<std::int64_t>> min_subtotal = in.OptionalInteger("min_subtotal", 0);
  if (!min_subtotal.ok()) return min_subtotal.status();
  Result<std::optional<std::int64_t>> min_qty = in.OptionalInteger("min_qty", 1);
  if (!min_qty.ok()) return min_qty.status();
  Result<std::optional<std::int64_t>> max_discount = in.OptionalInteger("max_discount", 0);
  if (!max_discount.ok()) return max_discount.status();
  p.min_subtotal = *min_subtotal;
  p.min_qty = *min_qty;
  p.max_discount = *max_discount;
  return Status::Ok();
}

Status ReadLimit(FieldReader& in, Promotion& p) {
  if (!in.Has("limit")) {
    in.Find("limit");
    return Status::Ok();
  }
  Result<FieldReader> limit = in.Object("limit");
  if (!limit.ok()) return limit.status();
  Result<std::optional<std::int64_t>> total = limit->OptionalInteger("total", 1);
  if (!total.ok()) return total.status();
  Result<std::optional<std::int64_t>> per_customer = limit->OptionalInteger("per_customer", 1);
  if (!per_customer.ok()) return per_customer.status();
  EVT_RETURN_IF_ERROR(limit->Finish());
  p.limit.total = *total;
  p.limit.per_customer = *per_customer;
  if (!p.limit.any()) return limit->Error("expected \"total\" and/or \"per_customer\"");
  return Status::Ok();
}

Status ReadPercent(FieldReader& in, Promotion& p) {
  Result<Rate> percent = in.Percent("percent");
  if (!percent.ok()) return percent.status();
  p.percent = *percent;
  return Status::Ok();
}

Status ReadAmount(FieldReader& in, std::string_view key, Money& out) {
  Result<std::int64_t> amount = in.Integer(key, 0);
  if (!amount.ok()) return amount.status();
  out = *amount;
  return Status::Ok();
}

Status ReadChoice(FieldReader& in, std::string_view key, std::string_view first, std::string_view second,
                  bool& is_first) {
  const Value* v = in.Find(key);
  if (!v) return Status::Ok();
  if (v->is_string() && v->as_string() == first) {
    is_first = true;
  } else if (v->is_string() && v->as_string() == second) {
    is_first = false;
  } else {
    return in.Expected(key, "\"" + std::string(first) + "\" or \"" + std::string(second) + "\"", *v);
  }
  return Status::Ok();
}

Status ReadBuyXGetY(FieldReader& in, Promotion& p) {
  Result<std::int64_t> buy = in.Integer("buy", 1);
  if (!buy.ok()) return buy.status();
  Result<std::int64_t> get = in.Integer("get", 1);
  if (!get.ok()) return get.status();
  p.buy = *buy;
  p.get = *get;
  if (p.buy > INT32_MAX || p.get > INT32_MAX) return in.Error("buy", "\"buy\" and \"get\" must be below 2^31");
  p.percent = Rate{kRateScale};
  if (in.Has("percent")) EVT_RETURN_IF_ERROR(ReadPercent(in, p));
  EVT_RETURN_IF_ERROR(ReadChoice(in, "choose", "cheapest", "most_expensive", p.cheapest));
  Result<std::optional<std::int64_t>> max = in.OptionalInteger("max_applications", 1);
  if (!max.ok()) return max.status();
  p.max_applications = *max;
  return Status::Ok();
}

Status ReadBundle(FieldReader& in, Promotion& p) {
  if (in.Has("target")) return in.Error("target", "a bundle names its targets under \"components\"");
  const Value* components = in.Find("components");
  if (!components) return in.Error("components", "missing (required)");
  if (!components->is_array() || components->as_array().size() < 2) {
    return in.Expected("components", "an array of at least two targets ({\"skus\"} and/or {\"tags\"})", *components);
  }
  for (std::size_t i = 0; i < components->as_array().size(); ++i) {
    Result<FieldReader> c = FieldReader::Of(components->as_array()[i], in.prefix(),
                                            in.PointerOf("components") + "/" + std::to_string(i));
    if (!c.ok()) return c.status();
    Result<Target> target = ReadTargetObject(std::move(*c));
    if (!target.ok()) return target.status();
    p.target.skus.insert(p.target.skus.end(), target->skus.begin(), target->skus.end());
    p.target.tags.insert(p.target.tags.end(), target->tags.begin(), target->tags.end());
    p.components.push_back(std::move(*target));
  }
  EVT_RETURN_IF_ERROR(ReadAmount(in, "price", p.price));
  Result<std::optional<std::int64_t>> max = in.OptionalInteger("max_applications", 1);
  if (!max.ok()) return max.status();
  p.max_applications = *max;
  return Status::Ok();
}

Result<Tier> ReadTier(FieldReader tier) {
  Tier out;
  Result<std::int64_t> min_qty = tier.Integer("min_qty", 1);
  if (!min_qty.ok()) return min_qty.status();
  out.min_qty = *min_qty;
  if (tier.Has("percent") == tier.Has("amount")) return tier.Error("expected exactly one of \"percent\" and \"amount\"");
  if (tier.Has("percent")) {
    Result<Rate> percent = tier.Percent("percent");
    if (!percent.ok()) return percent.status();
    out.percent = *percent;
  } else {
    Result<std::int64_t> amount = tier.Integer("amount", 0);
    if (!amount.ok()) return amount.status();
    out.amount = *amount;
  }
  EVT_RETURN_IF_ERROR(tier.Finish());
  return out;
}

Status ReadTiers(FieldReader& in, Promotion& p) {
  const Value* tiers = in.Find("tiers");
  if (!tiers) return in.Error("tiers", "missing (required)");
  if (!tiers->is_array() || tiers->as_array().empty()) {
    return in.Expected("tiers", "a non-empty array of {\"min_qty\", \"percent\" or \"amount\"}", *tiers);
  }
  for (std::size_t i = 0; i < tiers->as_array().size(); ++i) {
    Result<FieldReader> t = FieldReader::Of(tiers->as_array()[i], in.prefix(), in.PointerOf("tiers") + "/" + std::to_string(i));
    if (!t.ok()) return t.status();
    Result<Tier> tier = ReadTier(std::move(*t));
    if (!tier.ok()) return tier.status();
    if (!p.tiers.empty() && tier->min_qty <= p.tiers.back().min_qty) {
      return in.Error("tiers", "tier " + std::to_string(i) + ": \"min_qty\" must grow from tier to tier");
    }
    p.tiers.push_back(*tier);
  }
  return Status::Ok();
}

Status ReadLuaChunk(FieldReader& in, const Promotion& p, std::string_view key, std::string& out) {
  Result<std::optional<std::string>> source = in.OptionalString(key);
  if (!source.ok()) return source.status();
  if (!*source) return key == "amount" ? in.Error(key, "missing (required): a Lua chunk returning the amount") : Status::Ok();
  std::optional<std::string> error = LuaSyntaxError(**source, p.id + ": " + std::string(key));
  if (error) return in.Error(key, "does not compile: " + *error);
  out = std::move(**source);
  return Status::Ok();
}

Status ReadLua(FieldReader& in, Promotion& p) {
  EVT_RETURN_IF_ERROR(ReadLuaChunk(in, p, "condition", p.lua_condition));
  return ReadLuaChunk(in, p, "amount", p.lua_amount);
}

Status ReadKindParameters(FieldReader& in, Promotion& p) {
  switch (p.kind) {
    case PromotionKind::kPercentOff:
    case PromotionKind::kCartPercentOff:
      return ReadPercent(in, p);
    case PromotionKind::kAmountOff: {
      bool each = true;
      EVT_RETURN_IF_ERROR(ReadChoice(in, "allocation", "each", "across", each));
      p.spread = !each;
      return ReadAmount(in, "amount", p.amount);
    }
    case PromotionKind::kCartAmountOff:
      return ReadAmount(in, "amount", p.amount);
    case PromotionKind::kFixedPrice:
      return ReadAmount(in, "price", p.price);
    case PromotionKind::kBuyXGetY:
      return ReadBuyXGetY(in, p);
    case PromotionKind::kBundle:
      return ReadBundle(in, p);
    case PromotionKind::kTiered:
      return ReadTiers(in, p);
    case PromotionKind::kLua:
      return ReadLua(in, p);
  }
  return Status::Ok();
}

Result<Promotion> ReadPromotion(FieldReader in, const std::string& default_zone) {
  Promotion p;
  Result<std::string> id = in.String("id");
  if (!id.ok()) return id.status();
  p.id = *id;
  Result<PromotionKind> kind = ReadKind(in);
  if (!kind.ok()) return kind.status();
  p.kind = *kind;
  in.Find("description");  // free text for people
  if (p.kind != PromotionKind::kBundle) EVT_RETURN_IF_ERROR(ReadTarget(in, p));
  EVT_RETURN_IF_ERROR(ReadKindParameters(in, p));
  if (in.Has("priority")) {
    const Value* v = in.Find("priority");
    if (!v->is_int()) return in.Expected("priority", "a whole number (higher applies first)", *v);
    p.priority = v->as_int();
  }
  Result<bool> exclusive = in.Bool("exclusive", false);
  if (!exclusive.ok()) return exclusive.status();
  p.exclusive = *exclusive;
  for (auto [key, field] : {std::pair{"group", &p.group}, std::pair{"code", &p.code}}) {
    Result<std::optional<std::string>> s = in.OptionalString(key);
    if (!s.ok()) return s.status();
    *field = s->value_or("");
  }
  Result<std::vector<std::string>> segments = in.Strings("segments");
  if (!segments.ok()) return segments.status();
  p.segments = std::move(*segments);
  EVT_RETURN_IF_ERROR(ReadValidity(in, p, default_zone));
  EVT_RETURN_IF_ERROR(ReadConditions(in, p));
  EVT_RETURN_IF_ERROR(ReadLimit(in, p));
  EVT_RETURN_IF_ERROR(in.Finish());
  return p;
}

}  // namespace

Result<std::vector<Promotion>> ParsePromotions(const Value& document, const std::string& source,
                                               const std::string& default_zone) {
  Result<FieldReader> root = FieldReader::Of(document, source + ": ", "");
  if (!root.ok()) return root.status();
  const Value* list = root->Find("promotions");
  if (!list) return root->Error("promotions", "missing (required)");
  if (!list->is_array()) return root->Expected("promotions", "an array of promotions", *list);
  EVT_RETURN_IF_ERROR(root->Finish());
  std::vector<Promotion> out;
  out.reserve(list->as_array().size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    Result<FieldReader> in = FieldReader::Of(list->as_array()[i], source + ": ", "/promotions/" + std::to_string(i));
    if (!in.ok()) return in.status();
    Result<Promotion> p = ReadPromotion(std::move(*in), default_zone);
    if (!p.ok()) return p.status();
    if (!ids.insert(p->id).second) {
      return Status::DataErr(source + ": /promotions/" + std::to_string(i) + "/id: \"" + p->id + "\" appears twice");
    }
    out.push_back(std::move(*p));
  }
  return out;
}

Result<Promotion> ParsePromotion(const Value& value, const std::string& source, const std::string& pointer,
                                 const std::string& default_zone) {
  Result<FieldReader> in = FieldReader::Of(value, source + ": ", pointer);
  if (!in.ok()) return in.status();
  return ReadPromotion(std::move(*in), default_zone);
}

Result<std::vector<Promotion>> LoadPromotions(const std::string& path, const std::string& default_zone) {
  Result<Value> document = ParseJsonFile(path);
  if (!document.ok()) return document.status();
  return ParsePromotions(*document, path, default_zone);
}

}  // namespace evt::price
