#include "tools/price/quote_json.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <iterator>
#include <string_view>
#include <utility>

#include "common/json_writer.h"
#include "common/value.h"

namespace evt::price {

// Appends to a string through a raw cursor: the record is a few hundred
// short pieces, and a std::string append per piece (a size check and a
// memcpy call each) cost more than the pricing. Room(n) before writing n
// bytes.
class JsonCursor {
 public:
  // Writes from out[start]; the bytes past it are scratch.
  JsonCursor(std::string& out, std::size_t start)
      : out_(out), cur_(out.data() + start), end_(out.data() + out.size()) {}

  void Room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - cur_) < n) Grow(n);
  }
  template <std::size_t N>
  void Literal(const char (&text)[N]) {
    std::memcpy(cur_, text, N - 1);
    cur_ += N - 1;
  }
  // Most pieces are a few dozen bytes: two overlapping copies of a fixed
  // size each, inline, where a memcpy call per piece was a sixteenth of a
  // steady stream's time.
  void Text(std::string_view text) {
    const char* from = text.data();
    std::size_t n = text.size();
    if (n >= 16 && n <= 64) {
      n >= 32 ? CopyEnds<32>(from, n) : CopyEnds<16>(from, n);
    } else if (n >= 4 && n < 16) {
      n >= 8 ? CopyEnds<8>(from, n) : CopyEnds<4>(from, n);
    } else {
      std::memcpy(cur_, from, n);
    }
    cur_ += n;
  }
  void Char(char c) { *cur_++ = c; }
  // At most kIntegerBytes.
  template <class N>
  void Integer(N n) {
    cur_ = std::to_chars(cur_, cur_ + kIntegerBytes, n).ptr;
  }
  // Where the writing ended.
  std::size_t End() const { return static_cast<std::size_t>(cur_ - out_.data()); }

  static constexpr std::size_t kIntegerBytes = 20;  // -9223372036854775808, 18446744073709551615

 private:
  void Grow(std::size_t n) {
    auto used = static_cast<std::size_t>(cur_ - out_.data());
    out_.resize(std::max(out_.size() * 2, used + n + 4096));
    cur_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }

  // The first and the last K bytes of n, K <= n <= 2K.
  template <std::size_t K>
  void CopyEnds(const char* from, std::size_t n) {
    char head[K];
    char tail[K];
    std::memcpy(head, from, K);
    std::memcpy(tail, from + n - K, K);
    std::memcpy(cur_, head, K);
    std::memcpy(cur_ + n - K, tail, K);
  }

  std::string& out_;
  char* cur_;
  char* end_;
};

namespace {

// Room for the literal keys and punctuation of one element, generously.
constexpr std::size_t kPunctuation = 128;
constexpr std::size_t kInteger = JsonCursor::kIntegerBytes;

// `{"a":1,"b":2}` written by the Value writer, less its closing brace, so
// more members can follow: the fragment is then exactly what that writer
// puts out for those members.
Result<std::string> OpenObject(const Value& object) {
  Result<std::string> json = ToJson(object);
  if (!json.ok()) return json.status();
  json->pop_back();
  return json;
}

// The members alone, `"a":1,"b":2`.
Result<std::string> Members(const Value& object) {
  Result<std::string> json = OpenObject(object);
  if (!json.ok()) return json.status();
  json->erase(0, 1);
  return json;
}

// `,"key":N` for each of quote.h's amounts, unrolled at compile time so
// that every key is a constant (a copy of known size, not a memcpy call).
template <std::size_t I>
void AppendAmount(JsonCursor& out, const Quote& quote) {
  constexpr AmountField kField = kQuoteAmounts[I];
  out.Room(kPunctuation + kField.key.size() + kInteger);
  out.Literal(",\"");
  out.Text(kField.key);  // keys from quote.h's list: nothing to escape
  out.Literal("\":");
  out.Integer(quote.*kField.member);
}

template <std::size_t... I>
void AppendAmounts(JsonCursor& out, const Quote& quote, std::index_sequence<I...>) {
  (AppendAmount<I>(out, quote), ...);
}

std::string_view TaxModeName(TaxMode mode) { return mode == TaxMode::kInclusive ? "inclusive" : "exclusive"; }

double RateAsDouble(Rate rate) { return static_cast<double>(rate.scaled) / static_cast<double>(kRateScale); }

}  // namespace

QuoteJson::QuoteJson(const PriceEngine& engine)
    : engine_(engine),
      item_text_(engine.catalog().items.size()),
      promotion_head_(engine.promotions().size()),
      applied_head_(engine.promotions().size()) {
  const Catalog& catalog = engine.catalog();
  Result<std::string> currency = Members(Value::object(
      {{"currency", catalog.currency}, {"tax_mode", std::string(TaxModeName(catalog.tax_mode))}}));
  if (!currency.ok()) {
    setup_ = currency.status();
    return;
  }
  currency_ = "," + *currency + ",\"lines\":[";
  for (const TaxClass& tax_class : catalog.tax_classes) {
    Result<std::string> key = Members(Value::object({{"tax_class", tax_class.name}}));
    Result<std::string> head =
        OpenObject(Value::object({{"tax_class", tax_class.name}, {"rate", RateAsDouble(tax_class.rate)}}));
    if (!key.ok() || !head.ok()) {
      setup_ = key.ok() ? head.status() : key.status();
      return;
    }
    tax_key_.push_back("," + *key + ",\"tax\":");
    tax_head_.push_back(std::move(*head));
  }
  tax_key_.push_back(",\"tax\":");  // kNoTaxClass
}

// After the batch, which it leaves as it was.
Result<std::string_view> QuoteJson::Write(const Quote& quote, TimePoint ts) {
  EVT_RETURN_IF_ERROR(setup_);
  JsonCursor cursor(buffer_, batch_end_);
  EVT_RETURN_IF_ERROR(AppendRecord(cursor, quote, ts));
  return std::string_view(buffer_.data() + batch_end_, cursor.End() - batch_end_);
}

Status QuoteJson::AddToBatch(const Quote& quote, TimePoint ts) {
  EVT_RETURN_IF_ERROR(setup_);
  JsonCursor cursor(buffer_, batch_end_);
  EVT_RETURN_IF_ERROR(AppendRecord(cursor, quote, ts));
  cursor.Room(1);
  cursor.Char('\n');
  batch_end_ = cursor.End();
  ++batch_records_;
  return Status::Ok();
}

Status QuoteJson::Append(std::string& out, const Quote& quote, TimePoint ts) {
  Result<std::string_view> record = Write(quote, ts);
  if (!record.ok()) return record.status();
  out += *record;
  return Status::Ok();
}

// `"key":` and `text` escaped as a JSON string.
Status QuoteJson::AppendString(JsonCursor& out, std::string_view key, std::string_view text) {
  escaped_.clear();
  EVT_RETURN_IF_ERROR(AppendJsonString(escaped_, text));
  out.Room(key.size() + escaped_.size());
  out.Text(key);
  out.Text(escaped_);
  return Status::Ok();
}

void QuoteJson::AppendTime(JsonCursor& out, TimeText& cache, TimePoint t) {
  // Formatting a time costs a snprintf; in a stream most carts share their
  // "at", and the millisecond of their "ts", with the cart before.
  if (cache.text.empty() || cache.time != t) {
    cache.time = t;
    cache.text = FormatRfc3339(t);
  }
  out.Room(cache.text.size() + 2);
  out.Char('"');
  out.Text(cache.text);  // digits, '-', ':', '.', 'T', 'Z': nothing to escape
  out.Char('"');
}

Status QuoteJson::AppendRecord(JsonCursor& out, const Quote& quote, TimePoint ts) {
  out.Room(kPunctuation);
  out.Literal(R"({"kind":"quote","v":1,"ts":)");
  AppendTime(out, ts_text_, ts);
  EVT_RETURN_IF_ERROR(AppendString(out, ",\"cart\":", quote.cart));
  if (!quote.customer.empty()) EVT_RETURN_IF_ERROR(AppendString(out, ",\"customer\":", quote.customer));
  out.Room(kPunctuation);
  out.Literal(",\"at\":");
  AppendTime(out, at_text_, quote.at);
  out.Room(currency_.size());
  out.Text(currency_);
  const Item* items = engine_.catalog().items.data();
  unsigned loaded = 0;
  for (const QuoteLine& line : quote.lines) loaded += LoadItemHead(static_cast<std::size_t>(line.item - items));
  heads_loaded_ = loaded;
  for (std::size_t i = 0; i < quote.lines.size(); ++i) EVT_RETURN_IF_ERROR(AppendLine(out, quote.lines[i], i == 0));
  out.Room(kPunctuation);
  out.Char(']');
  AppendAmounts(out, quote, std::make_index_sequence<std::size(kQuoteAmounts)>());
  out.Room(kPunctuation);
  out.Literal(",\"taxes\":[");
  AppendTaxes(out, quote);
  out.Room(kPunctuation);
  out.Literal("],\"applied\":[");
  for (std::size_t i = 0; i < quote.applied.size(); ++i) {
    EVT_RETURN_IF_ERROR(AppendApplied(out, quote.applied[i], i == 0));
  }
  out.Room(kPunctuation);
  out.Literal("],\"rejected\":[");
  for (std::size_t i = 0; i < quote.rejected.size(); ++i) {
    EVT_RETURN_IF_ERROR(AppendRejected(out, quote.rejected[i], i == 0));
  }
  out.Room(kPunctuation + kInteger);
  if (quote.search) {
    out.Literal("],\"search\":{\"strategy\":\"best\",\"evaluated\":");
    out.Integer(static_cast<std::int64_t>(quote.search->evaluated));
    if (quote.search->exhaustive) {
      out.Literal(",\"exhaustive\":true}}");
    } else {
      out.Literal(",\"exhaustive\":false}}");
    }
    return Status::Ok();
  }
  out.Literal("]}");
  return Status::Ok();
}

Status QuoteJson::AppendLine(JsonCursor& out, const QuoteLine& line, bool first) {
  Result<const ItemText*> item = ItemHead(*line.item);
  if (!item.ok()) return item.status();
  const ItemText& text = **item;
  out.Room(kPunctuation + text.size + 2 * kInteger);
  if (!first) out.Char(',');
  out.Text(std::string_view(heads_).substr(text.begin, text.size));
  out.Literal(",\"qty\":");
  out.Integer(line.qty);
  out.Literal(",\"gross\":");
  out.Integer(line.gross);
  out.Literal(",\"discounts\":[");
  for (std::size_t i = 0; i < line.discounts.size(); ++i) {
    Result<const std::string*> promotion = PromotionHead(line.discounts[i].promotion);
    if (!promotion.ok()) return promotion.status();
    out.Room(kPunctuation + (*promotion)->size() + kInteger);
    if (i) out.Char(',');
    out.Text(**promotion);
    out.Literal(",\"amount\":");
    out.Integer(line.discounts[i].amount);
    out.Char('}');
  }
  const std::string& tax_key =
      text.tax_class == kNoTaxClass ? tax_key_.back() : tax_key_[static_cast<std::size_t>(text.tax_class)];
  out.Room(kPunctuation + tax_key.size() + 4 * kInteger);
  out.Literal("],\"discount\":");
  out.Integer(line.discount);
  out.Literal(",\"net\":");
  out.Integer(line.net);
  out.Text(tax_key);
  out.Integer(line.tax);
  out.Literal(",\"total\":");
  out.Integer(line.total);
  out.Char('}');
  return Status::Ok();
}

Status QuoteJson::AppendApplied(JsonCursor& out, const Applied& applied, bool first) {
  Result<const std::string*> head = AppliedHead(applied.promotion);
  if (!head.ok()) return head.status();
  out.Room(kPunctuation + (*head)->size() + kInteger);
  if (!first) out.Char(',');
  out.Text(**head);
  out.Literal(",\"amount\":");
  out.Integer(applied.amount);
  if (applied.capped) out.Literal(",\"capped\":true");
  out.Literal(",\"lines\":[");
  for (std::size_t i = 0; i < applied.lines.size(); ++i) {
    const TouchedLine& t = applied.lines[i];
    out.Room(kPunctuation + 3 * kInteger);
    if (i) out.Char(',');
    out.Literal("{\"line\":");
    out.Integer(t.line);
    out.Literal(",\"units\":");
    out.Integer(t.units);
    out.Literal(",\"amount\":");
    out.Integer(t.amount);
    out.Char('}');
  }
  out.Room(kPunctuation);
  out.Literal("]}");
  return Status::Ok();
}

Status QuoteJson::AppendRejected(JsonCursor& out, const Rejected& rejected, bool first) {
  out.Room(kPunctuation);
  if (!first) out.Char(',');
  bool members = false;
  if (rejected.promotion) {
    Result<const std::string*> head = PromotionHead(*rejected.promotion);
    if (!head.ok()) return head.status();
    out.Room((*head)->size());
    out.Text(**head);
    members = true;
  } else {
    out.Char('{');
  }
  if (!rejected.code.empty()) {
    EVT_RETURN_IF_ERROR(AppendString(out, members ? ",\"code\":" : "\"code\":", rejected.code));
    members = true;
  }
  std::string_view reason = ReasonName(rejected.reason);  // names from a closed list: nothing to escape
  out.Room(kPunctuation + reason.size());
  if (members) out.Char(',');
  out.Literal("\"reason\":\"");
  out.Text(reason);
  out.Literal("\"}");
  return Status::Ok();
}

void QuoteJson::AppendTaxes(JsonCursor& out, const Quote& quote) {
  for (std::size_t i = 0; i < quote.taxes.size(); ++i) {
    const TaxTotal& t = quote.taxes[i];
    const std::string& head = tax_head_[static_cast<std::size_t>(t.tax_class)];
    out.Room(kPunctuation + head.size() + 2 * kInteger);
    if (i) out.Char(',');
    out.Text(head);
    out.Literal(",\"base\":");
    out.Integer(t.base);
    out.Literal(",\"tax\":");
    out.Integer(t.tax);
    out.Char('}');
  }
}

// The lines' items are random ones of the catalog: asking for all their
// heads at once lets the cache misses overlap instead of queueing one per
// line behind the writing. The bytes are loaded, not prefetched: on the
// machines measured, prefetches of them were often dropped, and the copy
// of each head stalled on its miss as before (13% of a steady stream's
// time, against 7% with the loads).
unsigned QuoteJson::LoadItemHead(std::size_t item) const {
  const ItemText& text = item_text_[item];
  if (text.size == 0) return 0;
  const char* head = heads_.data() + text.begin;
  return static_cast<unsigned char>(head[0]) + static_cast<unsigned char>(head[text.size - 1]);
}

// Told during pricing, this runs well before the writing: the heads were a
// fifth of a steady stream's time, stalled in their copy, when they were
// fetched only as the quote was written.
void QuoteJson::ItemsFound(std::span<const std::uint32_t> items) const {
  unsigned loaded = 0;
  for (std::uint32_t item : items) loaded += LoadItemHead(item);
  heads_loaded_ = loaded;  // kept, so the loads are not optimised away
}

Result<const QuoteJson::ItemText*> QuoteJson::ItemHead(const Item& item) {
  auto index = static_cast<std::size_t>(&item - engine_.catalog().items.data());
  ItemText& text = item_text_[index];
  if (text.size == 0) {
    Result<std::string> made =
        OpenObject(Value::object({{"sku", item.sku}, {"name", item.name}, {"unit_price", item.price}}));
    if (!made.ok()) return made.status();
    text.begin = heads_.size();
    text.size = static_cast<std::uint32_t>(made->size());
    text.tax_class = item.tax_class;
    heads_ += *made;
  }
  return &text;
}

Result<const std::string*> QuoteJson::PromotionHead(std::size_t promotion) {
  std::string& head = promotion_head_[promotion];
  if (head.empty()) {
    Result<std::string> made = OpenObject(Value::object({{"promotion", engine_.promotions()[promotion].id}}));
    if (!made.ok()) return made.status();
    head = std::move(*made);
  }
  return &head;
}

Result<const std::string*> QuoteJson::AppliedHead(std::size_t promotion) {
  std::string& head = applied_head_[promotion];
  if (head.empty()) {
    const Promotion& promo = engine_.promotions()[promotion];
    Result<std::string> made =
        OpenObject(Value::object({{"promotion", promo.id}, {"kind", std::string(KindName(promo.kind))}}));
    if (!made.ok()) return made.status();
    head = std::move(*made);
  }
  return &head;
}

}  // namespace evt::price
