// Classes on their own paths ("slice for intent", doc/design.md §16):
// checkout prefers slice-a then uplink, stream prefers slice-b then uplink,
// each failing over on its own.
//
// How it is applied: weights cannot choose an uplink, a source address
// can. Each path names the local address its traffic leaves from
// (`"source"` in the path spec), and the site routes by source address, one
// `ip rule from ADDR table N` per path whose table sends everything out of
// that path's interface. A class is one proxy backend with one server per
// path of its `prefer` list, the same destination each time, bound to that
// path's source: HAProxy `server slice-a 10.9.0.1:443 source 10.0.1.2`,
// nginx `proxy_bind $evt_bind_checkout` with the variable set by the
// driver (nginx_upstream.h). The first path of the list that is up carries
// the class (weight 1, the others 0); when it goes down the class moves to
// the next, and comes back when the first is up again, without touching
// any other class.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/failover/spec.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct PathBinding {
  std::string path;
  std::string source;
};

// A class and its paths, most preferred first, with their sources.
struct ClassPaths {
  std::string route;
  std::vector<PathBinding> prefer;
};

// The bindings of `prefer` (path names) from `paths`. Config "WHERE: path
// "x": no such path in /failover/paths" or "...has no \"source\" address"
// for a path that cannot carry a class.
Result<ClassPaths> BindClassPaths(const std::string& route, const std::vector<std::string>& prefer,
                                  const std::vector<PathSpec>& paths, const std::string& where);

// The first path of the class that `is_up` says is up, or nullopt when none is.
std::optional<std::string> Carrier(const ClassPaths& c, const std::function<bool(const std::string&)>& is_up);

// Weight 1 for the carrier, 0 for every other path (all 0 when none).
std::vector<MemberWeight> CarrierWeights(const ClassPaths& c, const std::optional<std::string>& carrier);

// The nginx driver's "bind" object: {"slice-a": "10.0.1.2", ...}.
Value NginxBindSettings(const ClassPaths& c);

// The class's HAProxy backend, for a site's config template:
//   backend checkout
//     server slice-a 10.9.0.1:443 source 10.0.1.2 weight 1
//     server uplink 10.9.0.1:443 source 10.0.2.2 weight 0
std::string HaproxyClassBackend(const ClassPaths& c, const std::string& destination,
                                const std::optional<std::string>& carrier);

// What each class's carrier is, kept so that a change of one path's state
// moves only the classes it carries or should carry.
class ClassSteering {
 public:
  explicit ClassSteering(std::vector<ClassPaths> classes);
  struct Move {
    std::string route;
    std::optional<std::string> from, to;
  };
  // The classes whose carrier differs from the last call's (every class on
  // the first call), in the order given to the constructor.
  std::vector<Move> Update(const std::function<bool(const std::string&)>& is_up);
  const std::vector<ClassPaths>& classes() const { return classes_; }

 private:
  std::vector<ClassPaths> classes_;
  std::map<std::string, std::optional<std::string>> carriers_;
};

}  // namespace evt::failover
