// Writes the input of tests/bench/price_throughput.sh: a catalog, promotions
// of every kind and carts, deterministic (a fixed-seed generator), fast.
//
//   price_make_input DIR ITEMS PROMOTIONS CARTS LINES_PER_CART
// writes DIR/catalog.json, DIR/promotions.json and DIR/carts.jsonl.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

std::uint64_t state = 0x9E3779B97F4A7C15ull;

std::uint64_t Next() {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

std::uint64_t Below(std::uint64_t n) { return Next() % n; }

// Many tags, few promotions per tag: a line meets a handful of promotions,
// as in a real merch catalog, not every promotion of the file.
constexpr int kTags = 200;

void WriteCatalog(std::FILE* f, int items) {
  std::fprintf(f, "{\"currency\":\"EUR\",\"tax\":{\"mode\":\"inclusive\",\"rates\":{\"standard\":0.19,\"reduced\":0.07}},\"items\":[\n");
  for (int i = 0; i < items; ++i) {
    std::fprintf(f, "%s{\"sku\":\"SKU-%05d\",\"name\":\"Item %d\",\"price\":%llu,\"tags\":[\"t%d\",\"t%d\"],\"tax_class\":\"%s\"}",
                 i ? ",\n" : "", i, i, static_cast<unsigned long long>(100 + Below(9900)), i % kTags,
                 static_cast<int>(Below(kTags)), i % 5 ? "standard" : "reduced");
  }
  std::fprintf(f, "\n]}\n");
}

std::string Skus(int items, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) {
    char sku[32];
    std::snprintf(sku, sizeof sku, "%s\"SKU-%05d\"", k ? "," : "", static_cast<int>(Below(static_cast<std::uint64_t>(items))));
    out += sku;
  }
  return out;
}

void WritePromotion(std::FILE* f, int i, int items) {
  std::string target = i % 16 == 0 ? "{\"tags\":[\"t" + std::to_string(i % kTags) + "\"]}" : "{\"skus\":[" + Skus(items, 5) + "]}";
  std::string common = "\"id\":\"p" + std::to_string(i) + "\",\"priority\":" + std::to_string(Below(20));
  switch (i % 8) {
    case 0: std::fprintf(f, "{%s,\"kind\":\"percent_off\",\"percent\":12.5,\"target\":%s}", common.c_str(), target.c_str()); break;
    case 1: std::fprintf(f, "{%s,\"kind\":\"amount_off\",\"amount\":50,\"target\":%s,\"group\":\"g%d\"}", common.c_str(), target.c_str(), i % 7); break;
    case 2: std::fprintf(f, "{%s,\"kind\":\"fixed_price\",\"price\":999,\"target\":%s}", common.c_str(), target.c_str()); break;
    case 3: std::fprintf(f, "{%s,\"kind\":\"buy_x_get_y\",\"buy\":2,\"get\":1,\"target\":%s}", common.c_str(), target.c_str()); break;
    case 4: std::fprintf(f, "{%s,\"kind\":\"bundle\",\"price\":1500,\"components\":[{\"skus\":[%s]},{\"skus\":[%s]}]}", common.c_str(), Skus(items, 3).c_str(), Skus(items, 3).c_str()); break;
    case 5: std::fprintf(f, "{%s,\"kind\":\"tiered\",\"tiers\":[{\"min_qty\":3,\"percent\":5},{\"min_qty\":6,\"percent\":10}],\"target\":%s}", common.c_str(), target.c_str()); break;
    case 6: std::fprintf(f, "{%s,\"kind\":\"cart_percent_off\",\"percent\":10,\"code\":\"CODE%d\",\"min_subtotal\":5000,\"target\":{\"tags\":[\"t%d\"]}}", common.c_str(), i, i % kTags); break;
    default: std::fprintf(f, "{%s,\"kind\":\"percent_off\",\"percent\":20,\"target\":%s,\"windows\":[{\"days\":[\"fri\",\"sat\"],\"from\":\"18:00\",\"until\":\"02:00\"}],\"timezone\":\"Europe/Berlin\"}", common.c_str(), target.c_str()); break;
  }
}

void WritePromotions(std::FILE* f, int promotions, int items) {
  std::fprintf(f, "{\"promotions\":[\n");
  for (int i = 0; i < promotions; ++i) {
    if (i) std::fprintf(f, ",\n");
    WritePromotion(f, i, items);
  }
  std::fprintf(f, "\n]}\n");
}

void WriteCarts(std::FILE* f, long carts, int lines, int items, int promotions) {
  for (long c = 0; c < carts; ++c) {
    std::fprintf(f, "{\"id\":\"c%ld\",\"codes\":[\"CODE%d\"],\"at\":\"2026-12-05T19:30:00Z\",\"lines\":[", c,
                 static_cast<int>(Below(static_cast<std::uint64_t>(promotions))) / 8 * 8 + 6);
    for (int l = 0; l < lines; ++l) {
      std::fprintf(f, "%s{\"sku\":\"SKU-%05d\",\"qty\":%d}", l ? "," : "", static_cast<int>(Below(static_cast<std::uint64_t>(items))),
                   static_cast<int>(1 + Below(4)));
    }
    std::fprintf(f, "]}\n");
  }
}

std::FILE* Create(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::perror(path.c_str());
    std::exit(74);
  }
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: price_make_input DIR ITEMS PROMOTIONS CARTS LINES_PER_CART\n");
    return 2;
  }
  std::string dir = argv[1];
  int items = std::atoi(argv[2]);
  int promotions = std::atoi(argv[3]);
  long carts = std::atol(argv[4]);
  int lines = std::atoi(argv[5]);
  if (items < 1 || promotions < 8 || carts < 0 || lines < 1) {
    std::fprintf(stderr, "price_make_input: ITEMS >= 1, PROMOTIONS >= 8, CARTS >= 0, LINES >= 1\n");
    return 2;
  }
  std::FILE* f = Create(dir + "/catalog.json");
  WriteCatalog(f, items);
  std::fclose(f);
  f = Create(dir + "/promotions.json");
  WritePromotions(f, promotions, items);
  std::fclose(f);
  f = Create(dir + "/carts.jsonl");
  WriteCarts(f, carts, lines, items, promotions);
  return std::fclose(f) == 0 ? 0 : 74;
}
