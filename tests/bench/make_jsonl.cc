// Writes SIZE_MB megabytes (10^6 bytes, rounded up to a whole record) of
// evt-like JSON Lines to stdout, the same bytes for the same size: probe
// records with phase timings, probe windows with percentiles, quotes with
// nested items, strings with escapes and non-ASCII text. No network.
//
//   make_jsonl SIZE_MB > records.jsonl
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/json_writer.h"
#include "common/value.h"

namespace {

// xorshift64*: deterministic, so every run measures the same file.
class Random {
 public:
  std::uint64_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  double Millis(double scale) { return static_cast<double>(Next() % 100000) / 100000.0 * scale; }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

const char* const kTargets[] = {"https://shop.example/api/cart", "https://cdn.example/drop/\xc3\xa9t\xc3\xa9.jpg",
                                "tcp://10.0.0.7:443", "dns://gate-3.local"};
const char* const kNotes[] = {"ok", "slow \"first byte\"\n(retry)", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x9f",
                              "tab\there, back\\slash"};
const char* const kCache[] = {"HIT", "MISS", "EXPIRED"};

std::string Timestamp(std::uint64_t n) {
  char text[32];
  std::snprintf(text, sizeof text, "2024-06-01T%02d:%02d:%02d.%03dZ", static_cast<int>(n / 3600000 % 24),
                static_cast<int>(n / 60000 % 60), static_cast<int>(n / 1000 % 60), static_cast<int>(n % 1000));
  return text;
}

evt::Value Probe(Random& random, std::uint64_t n) {
  double dns = random.Millis(20), connect = random.Millis(60), tls = random.Millis(90), ttfb = random.Millis(400);
  return evt::Value::object(
      {{"kind", "probe"}, {"v", 1}, {"ts", Timestamp(n * 250)}, {"target", kTargets[random.Below(4)]},
       {"ok", random.Below(20) != 0},
       {"phases", evt::Value::object({{"dns_ms", dns}, {"connect_ms", connect}, {"tls_ms", tls}, {"ttfb_ms", ttfb},
                                      {"total_ms", dns + connect + tls + ttfb}})},
       {"http", evt::Value::object({{"status", 200}, {"cache", kCache[random.Below(3)]}, {"bytes", random.Below(1 << 20)}})},
       {"note", kNotes[random.Below(4)]}});
}

evt::Value Window(Random& random, std::uint64_t n) {
  return evt::Value::object({{"kind", "probe.window"}, {"v", 1}, {"ts", Timestamp(n * 250)},
                             {"target", kTargets[random.Below(4)]}, {"samples", 60}, {"loss", random.Millis(0.2)},
                             {"p", evt::Value::array({random.Millis(50), random.Millis(100), random.Millis(300)})},
                             {"jitter_ms", random.Millis(15)}});
}

evt::Value Quote(Random& random, std::uint64_t n) {
  evt::Value items = evt::Value::array();
  for (int i = random.Below(4); i >= 0; --i)
    items.push_back(evt::Value::object({{"sku", "TEE-" + std::to_string(random.Below(90) + 10)},
                                        {"qty", random.Below(3) + 1}, {"unit_minor", 1500 + random.Below(3000)}}));
  return evt::Value::object({{"kind", "quote"}, {"v", 2}, {"ts", Timestamp(n * 250)}, {"currency", "EUR"},
                             {"items", std::move(items)}, {"total_minor", random.Below(20000)},
                             {"explain", evt::Value::array({"promo \"EARLY\" \xe2\x88\x92" "10%", nullptr})}});
}

}  // namespace

int main(int argc, char** argv) {
  long size_mb = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 0;
  if (size_mb <= 0) {
    std::fprintf(stderr, "usage: make_jsonl SIZE_MB > FILE\n");
    return 2;
  }
  const std::uint64_t wanted = static_cast<std::uint64_t>(size_mb) * 1000000;
  Random random;
  std::string line;
  std::uint64_t written = 0;
  for (std::uint64_t n = 0; written < wanted; ++n) {
    int pick = random.Below(10);
    evt::Value record = pick < 7 ? Probe(random, n) : pick < 9 ? Window(random, n) : Quote(random, n);
    line.clear();
    if (!evt::AppendJson(line, record).ok()) return 70;
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) return 74;
    written += line.size();
  }
  return std::fflush(stdout) == 0 ? 0 : 74;
}
