#include "tools/load/run_outputs.h"

#include <cerrno>
#include <cstring>

#include "common/number_text.h"
#include "tools/load/load_prometheus.h"

namespace evt::load {

void WindowOutput::Show(const LoadWindow& w) {
  if (records_ && status_.ok()) status_ = out_.Write(WindowRecord(w, target_));
  if (view_) (void)view_->OnWindow(w);  // a terminal gone away must not stop the load's records
  last_ = w;
}

RawOutput::~RawOutput() {
  if (file_ != nullptr) (void)Close();
}

Status RawOutput::Open(const std::string& path) {
  if (path.empty()) return Status::Ok();
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) return Status::IoErr("--raw " + path + ": " + std::strerror(errno));
  writer_ = std::make_unique<RecordWriter>(file_, FlushPolicy::kBuffered);
  path_ = path;
  return Status::Ok();
}

void RawOutput::Add(const RequestOutcome& o) {
  if (!writer_ || !status_.ok()) return;
  line_.clear();
  status_ = AppendRequestRecord(line_, o);
  if (status_.ok()) status_ = writer_->WriteSerialized(line_);
}

Status RawOutput::Close() {
  if (!writer_) return status_;
  if (status_.ok()) status_ = writer_->Flush();
  writer_.reset();
  if (std::fclose(file_) != 0 && status_.ok()) status_ = Status::IoErr(std::strerror(errno));
  file_ = nullptr;
  return status_.Prefixed("--raw " + path_);
}

std::string SummaryLine(const RunDescription& description, const LoadWindow& whole_run, int width) {
  double p99 = static_cast<double>(whole_run.corrected.ValueAtPercentile(99)) / 1000.0;
  const std::string head = std::string(StopCauseName(description.stopped)) + " after " +
                           SecondsDurationText(whole_run.seconds) + ": " + std::to_string(whole_run.sent) + " sent, " +
                           std::to_string(whole_run.error_count()) + " failed";
  const std::string tail = "(" + FixedText(whole_run.achieved_rate(), 1) + "/s of " +
                           SignificantText(whole_run.target_rate, 6) + "/s, p99 " + ThreeDigitText(p99) + " ms)";
  std::string out = head;
  out += static_cast<int>(out.size() + 1 + tail.size()) <= width ? " " : "\n";
  out += tail;
  if (!description.reason.empty()) out += "\n" + description.reason;
  return out + "\n";
}

Status WriteSummary(OutputFormat format, RecordWriter& out, const RunDescription& description,
                    const OpenLoopSummary& summary, const LoadWindow& last) {
  if (format == OutputFormat::kRecords) return out.Write(SummaryRecord(description, summary.total));
  std::string text = LoadMetricsText(summary.total, last, format);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    return Status::IoErr("stdout: " + std::string(std::strerror(errno)));
  return Status::Ok();
}

}  // namespace evt::load
