#include "tools/scrape/spooled_exposition.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

std::string TempFolder() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

int OpenUnlinkedFile(const std::string& dir) {
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // O_TMPFILE is not supported by every file system (overlay on old kernels).
  std::string path = dir + "/evt-scrape.XXXXXX";
  fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) unlink(path.c_str());
  return fd;
}

class CountingSink : public FamilySink {
 public:
  CountingSink(const Source& source, std::vector<std::string>& problems) : source_(source), problems_(problems) {}
  Status OnFamily(Family& family) override {
    for (const Sample& sample : family.samples) {
      if (SourceKeeps(source_, family, sample)) ++samples;
    }
    return Status::Ok();
  }
  void OnRepeatedSeries(std::string key) override { problems_.push_back("repeated series " + key + " (first kept)"); }

  std::size_t samples = 0;

 private:
  const Source& source_;
  std::vector<std::string>& problems_;
};

class EmittingSink : public FamilySink {
 public:
  EmittingSink(const Source& source, const std::function<Status(const OutSample&)>& each) : source_(source), each_(each) {}
  Status OnFamily(Family& family) override {
    std::shared_ptr<const FamilyMeta> meta = MakeMeta(family.type, family.unit, family.help, family.name);
    for (Sample& sample : family.samples) {
      if (!SourceKeeps(source_, family, sample)) continue;
      OutSample out{std::move(sample.name), std::move(sample.labels), sample.value, meta, sample.timestamp_ms};
      EVT_RETURN_IF_ERROR(each_(out));
    }
    return Status::Ok();
  }
  void OnRepeatedSeries(std::string) override {}  // reported by Check

 private:
  const Source& source_;
  const std::function<Status(const OutSample&)>& each_;
};

}  // namespace

bool SourceKeeps(const Source& source, const Family& family, const Sample& sample) {
  if (!source.match.empty() &&
      std::none_of(source.match.begin(), source.match.end(), [&](const std::string& m) { return GlobMatch(m, family.name); })) {
    return false;
  }
  for (const auto& wanted : source.match_labels) {
    auto it = std::find_if(sample.labels.begin(), sample.labels.end(), [&](const auto& l) { return l.first == wanted.first; });
    if (it == sample.labels.end() || it->second != wanted.second) return false;
  }
  return true;
}

Result<std::shared_ptr<SpooledExposition>> SpooledExposition::Create(const Source& source) {
  std::string dir = TempFolder();
  int fd = OpenUnlinkedFile(dir);
  if (fd < 0) return Status::IoErr(source.name + ": a temporary file for the body in " + dir + ": " + std::strerror(errno));
  return std::shared_ptr<SpooledExposition>(new SpooledExposition(source, fd));
}

SpooledExposition::~SpooledExposition() { close(fd_); }

Status SpooledExposition::Append(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoErr(source_.name + ": writing the body to a temporary file: " + std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

Status SpooledExposition::Check(ExpositionFormat format, std::vector<std::string>& problems) {
  format_ = format;
  CountingSink sink(source_, problems);
  EVT_RETURN_IF_ERROR(ParseExpositionFile(fd_, format, source_.name, sink));
  samples_ = sink.samples;
  return Status::Ok();
}

Status SpooledExposition::ForEachSample(const std::function<Status(const OutSample&)>& each) const {
  EmittingSink sink(source_, each);
  return ParseExpositionFile(fd_, format_, source_.name, sink);
}

}  // namespace evt::scrape
