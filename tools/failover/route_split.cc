#include "tools/failover/route_split.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace evt::failover {
namespace {

SplitResult FromPercents(const std::vector<std::string>& members, std::vector<double> desired) {
  SplitResult r;
  r.weights = GcdReducedWeights(members, WholePercents(desired));
  int sum = 0;
  for (const MemberWeight& w : r.weights) sum += w.weight;
  for (std::size_t i = 0; i < members.size(); ++i) {
    r.realised.push_back(sum == 0 ? 0 : 100.0 * r.weights[i].weight / sum);
    r.exact = r.exact && std::fabs(r.realised[i] - desired[i]) < 1e-9;
  }
  r.desired = std::move(desired);
  return r;
}

// The share the members at `full` take from those not carrying theirs.
std::vector<double> Redistributed(const std::vector<int>& split, const std::vector<double>& carried,
                                  const std::vector<bool>& takers) {
  std::vector<double> percent(split.size());
  double freed = 0, taker_share = 0;
  int taker_count = 0;
  for (std::size_t i = 0; i < split.size(); ++i) {
    percent[i] = split[i] * carried[i];
    freed += split[i] - percent[i];
    if (takers[i]) taker_share += percent[i], ++taker_count;
  }
  for (std::size_t i = 0; i < split.size(); ++i) {
    if (!takers[i]) continue;
    // Takers whose configured share is 0 (a standby) share what is freed equally.
    percent[i] += taker_share > 0 ? freed * percent[i] / taker_share : freed / taker_count;
  }
  return percent;
}

}  // namespace

std::vector<int> WholePercents(const std::vector<double>& percent) {
  std::vector<int> out(percent.size());
  int total = 0;
  for (std::size_t i = 0; i < percent.size(); ++i) {
    out[i] = static_cast<int>(std::floor(percent[i] + 1e-9));
    total += out[i];
  }
  std::vector<std::size_t> order(percent.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return percent[a] - out[a] > percent[b] - out[b]; });
  for (std::size_t k = 0; total < 100 && k < order.size(); ++k, ++total) ++out[order[k]];
  return out;
}

std::vector<MemberWeight> GcdReducedWeights(const std::vector<std::string>& members, const std::vector<int>& percent) {
  int divisor = 0;
  for (int p : percent) divisor = std::gcd(divisor, p);
  if (divisor == 0) divisor = 1;
  std::vector<MemberWeight> out;
  for (std::size_t i = 0; i < members.size(); ++i) out.push_back(MemberWeight{members[i], percent[i] / divisor});
  return out;
}

SplitResult WeightsForSplit(const std::vector<std::string>& members, const std::vector<int>& split,
                            const std::vector<double>& carried) {
  std::vector<bool> full(members.size()), some(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    full[i] = carried[i] >= 1;
    some[i] = carried[i] > 0;
  }
  if (std::any_of(full.begin(), full.end(), [](bool b) { return b; }))
    return FromPercents(members, Redistributed(split, carried, full));
  if (std::any_of(some.begin(), some.end(), [](bool b) { return b; }))
    return FromPercents(members, Redistributed(split, carried, some));
  // Sending to a member that may be down beats refusing all of the class.
  SplitResult r = FromPercents(members, std::vector<double>(split.begin(), split.end()));
  r.none_carrying = true;
  return r;
}

SplitResult WeightsForPrefer(const std::vector<std::string>& members, const std::vector<std::string>& prefer,
                             const std::vector<bool>& carrying) {
  std::string chosen = prefer.front();
  for (const std::string& p : prefer) {
    const auto it = std::find(members.begin(), members.end(), p);
    if (it != members.end() && carrying[static_cast<std::size_t>(it - members.begin())]) {
      chosen = p;
      break;
    }
  }
  std::vector<double> percent(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) percent[i] = members[i] == chosen ? 100 : 0;
  SplitResult r = FromPercents(members, std::move(percent));
  r.none_carrying = std::none_of(carrying.begin(), carrying.end(), [](bool b) { return b; });
  return r;
}

std::string WeightsText(const std::vector<MemberWeight>& weights) {
  std::string out;
  for (const MemberWeight& w : weights) out += (out.empty() ? "" : ",") + w.member + "=" + std::to_string(w.weight);
  return out;
}

Result<std::vector<int>> ParseSplitText(const std::string& text, const std::vector<std::string>& members) {
  std::vector<int> split(members.size(), -1);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) return Status::Usage("--split: expected MEMBER=PERCENT, got \"" + item + "\"");
    const std::string name = item.substr(0, eq), number = item.substr(eq + 1);
    const auto it = std::find(members.begin(), members.end(), name);
    if (it == members.end()) return Status::Usage("--split: no member \"" + name + "\" in this route");
    const std::size_t i = static_cast<std::size_t>(it - members.begin());
    if (split[i] >= 0) return Status::Usage("--split: member \"" + name + "\" given twice");
    if (number.empty() || number.size() > 3 || number.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(number) > 100)
      return Status::Usage("--split: " + name + ": expected a whole percentage 0 to 100, got \"" + number + "\"");
    split[i] = std::stoi(number);
    start = comma + 1;
  }
  int total = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (split[i] < 0) return Status::Usage("--split: member \"" + members[i] + "\" has no share (give it 0)");
    total += split[i];
  }
  if (total != 100) return Status::Usage("--split: the shares sum to " + std::to_string(total) + ", not 100");
  return split;
}

}  // namespace evt::failover
