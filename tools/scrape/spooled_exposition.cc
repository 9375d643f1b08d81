#include "tools/scrape/spooled_exposition.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/temp_file.h"
#include "tools/scrape/sample_spool.h"
#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

// Hands the samples the source's filters keep to the spool, each family's
// meta before its first kept sample.
class SpoolingSink : public FamilySink {
 public:
  SpoolingSink(const Source& source, SampleSpoolWriter& spool, std::vector<std::string>& problems)
      : source_(source), spool_(spool), problems_(problems) {}
  Status OnFamily(Family& family) override {
    bool family_written = false;
    for (const Sample& sample : family.samples) {
      if (!SourceKeeps(source_, family, sample)) continue;
      if (!family_written) EVT_RETURN_IF_ERROR(spool_.AddFamily(family));
      family_written = true;
      EVT_RETURN_IF_ERROR(spool_.AddSample(sample));
      ++samples;
    }
    return Status::Ok();
  }
  void OnRepeatedSeries(std::string key) override { problems_.push_back("repeated series " + key + " (first kept)"); }

  std::size_t samples = 0;

 private:
  const Source& source_;
  SampleSpoolWriter& spool_;
  std::vector<std::string>& problems_;
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
  int fd = OpenUnlinkedTempFile(dir);
  if (fd < 0) return Status::IoErr(source.name + ": a temporary file for the body in " + dir + ": " + std::strerror(errno));
  int samples_fd = OpenUnlinkedTempFile(dir);
  if (samples_fd < 0) {
    std::string why = std::strerror(errno);
    close(fd);
    return Status::IoErr(source.name + ": a temporary file for the parsed samples in " + dir + ": " + why);
  }
  return std::shared_ptr<SpooledExposition>(new SpooledExposition(source, fd, samples_fd));
}

SpooledExposition::~SpooledExposition() {
  close(fd_);
  close(samples_fd_);
}

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
  EVT_RETURN_IF_ERROR(CheckFile(fd_, format, problems));
  // The text is not read again: give its space back.
  if (ftruncate(fd_, 0) != 0) return Status::IoErr(source_.name + ": emptying the fetched body's temporary file: " + std::strerror(errno));
  return Status::Ok();
}

Status SpooledExposition::CheckFile(int body_fd, ExpositionFormat format, std::vector<std::string>& problems) {
  SampleSpoolWriter spool(samples_fd_, source_.name);
  SpoolingSink sink(source_, spool, problems);
  EVT_RETURN_IF_ERROR(ParseExpositionFile(body_fd, format, source_.name, sink, kMaxExpositionLine, source_.max_body));
  EVT_RETURN_IF_ERROR(spool.Flush());
  samples_ = sink.samples;
  return Status::Ok();
}

Status SpooledExposition::ForEachSample(const std::function<Status(const OutSample&)>& each) const {
  return ReadSampleSpool(samples_fd_, source_.name, each);
}

Status SpooledExposition::ForEachSpooledSample(const std::function<Status(const SpooledSample&)>& each) const {
  return ReadSpooledSamples(samples_fd_, source_.name, each);
}

}  // namespace evt::scrape
