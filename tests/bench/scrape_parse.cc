// scrape_exposition.sh's parse-only figure: evt-scrape's exposition parser
// over a file with nothing done to the families but counting them, the
// work Go's expfmt.TextParser does in the reference beside it.
// Usage: scrape_parse FILE [openmetrics]   prints "families N samples M".
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string_view>

#include "tools/scrape/exposition.h"

namespace {

class CountingSink : public evt::scrape::FamilySink {
 public:
  evt::Status OnFamily(evt::scrape::Family& family) override {
    ++families;
    samples += family.samples.size();
    return evt::Status::Ok();
  }
  void OnRepeatedSeries(std::string) override {}

  std::size_t families = 0, samples = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: scrape_parse FILE [openmetrics]\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "scrape_parse: %s: %s\n", argv[1], std::strerror(errno));
    return 66;
  }
  bool openmetrics = argc > 2 && std::string_view(argv[2]) == "openmetrics";
  CountingSink sink;
  evt::Status parsed = evt::scrape::ParseExpositionFile(
      fd, openmetrics ? evt::scrape::ExpositionFormat::kOpenMetrics : evt::scrape::ExpositionFormat::kPrometheus, argv[1], sink);
  close(fd);
  if (!parsed.ok()) {
    std::fprintf(stderr, "scrape_parse: %s\n", parsed.message().c_str());
    return static_cast<int>(parsed.code());
  }
  std::printf("families %zu samples %zu\n", sink.families, sink.samples);
  return 0;
}
