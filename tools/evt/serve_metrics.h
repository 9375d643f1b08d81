// `/metrics`: the Prometheus families every tool already writes to its
// textfile (--textfile, for node_exporter's textfile collector), merged into
// one exposition a Prometheus can scrape instead, and evt serve's own
// (evt_serve_*). Text format 0.0.4 wants each family's lines together and
// its HELP and TYPE once, so files are not simply concatenated: families
// are merged by name, and what would make the scrape fail (a family typed
// differently in two files, the same series twice, a line that does not
// parse) is left out and counted in evt_serve_textfile_problems.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_format.h"

namespace evt::front {

class ExpositionMerger {
 public:
  // Adds one textfile's text; `source` names it in problems.
  void Add(std::string_view text, const std::string& source);
  // The merged families, in the order first seen, HELP and TYPE once each.
  std::string Render() const;
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  struct Family {
    std::string name;
    std::string help;  // as written, escaped
    std::string type;  // "" until a TYPE line says
    std::vector<std::string> samples;
  };
  Family& FamilyNamed(const std::string& name);
  void AddComment(std::string_view line, const std::string& where, std::string& current, bool& skip_current);
  void AddSample(std::string_view line, const std::string& where, const std::string& current, bool skip_current);

  std::vector<Family> families_;
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::string> series_seen_;  // "name{labels}" → source
  std::vector<std::string> problems_;
};

// The textfiles of `paths`: a file as named; a folder's evt-*.prom files,
// sorted. A path that is neither is a problem, not a failure: a box that
// runs no textfile writer still has a page.
struct TextfileList {
  std::vector<std::string> files;
  std::vector<std::string> problems;
};
TextfileList ListTextfiles(const std::vector<std::string>& paths);

struct ServeCounters {
  std::map<std::string, double> requests;  // by route: "/", "/healthz", "/metrics", "other"
};

// The whole `/metrics` answer: every textfile merged, then evt_serve_*;
// and what was left out, for serve to say on stderr.
struct MetricsAnswer {
  std::string text;
  std::vector<std::string> problems;
};
MetricsAnswer RenderMetrics(const std::vector<std::string>& textfile_paths, const ServeCounters& counters);

}  // namespace evt::front
