#include "tools/runbook/step_sink.h"

#include "common/color.h"
#include "common/number_text.h"

namespace evt::runbook {
namespace {

std::string Text(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

std::string Took(const Value& record) {
  const Value* v = record.find("duration_ms");
  return v != nullptr && v->is_number() ? MillisDurationText(v->as_double()) : "";
}

std::string Indent(const Value& record) {
  const Value* depth = record.find("depth");
  return std::string(depth != nullptr && depth->is_int() ? 2 * static_cast<std::size_t>(depth->as_int()) : 0, ' ');
}

// The run's failure ("step \"pay\" failed: why") repeats the failed
// step's error, which its line already showed.
bool SaidBy(const std::string& message, const std::vector<std::string>& step_errors) {
  for (const std::string& error : step_errors) {
    if (message.find(error) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

constexpr const char* kFrames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

TerminalSink::TerminalSink(std::FILE* out, bool color) : out_(out), color_(color) {}

TerminalSink::~TerminalSink() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (spinner_.joinable()) spinner_.join();
}

void TerminalSink::ClearLocked() {
  if (!drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

void TerminalSink::DrawLocked() {
  if (running_.empty()) return;
  const Running& step = running_.back();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - step.since);
  std::string seconds = DurationText(ms);
  std::fprintf(out_, "\r\033[K%s%s  %s", step.line.c_str(), Styled(kFrames[frame_ % 10], Style::kDim, color_).c_str(),
               Styled(seconds, Style::kDim, color_).c_str());
  std::fflush(out_);
  drawn_ = true;
}

void TerminalSink::Spin() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    if (stop_) break;
    ++frame_;
    DrawLocked();
  }
  ClearLocked();
}

void TerminalSink::StepStarted(const Value& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  running_.push_back({Indent(record) + Text(record, "step") + " ", std::chrono::steady_clock::now()});
  if (!spinner_.joinable()) spinner_ = std::thread(&TerminalSink::Spin, this);
  DrawLocked();
}

void TerminalSink::Aside(const std::function<void()>& write) {
  std::lock_guard<std::mutex> lock(mutex_);
  ClearLocked();
  write();
  DrawLocked();
}

Status TerminalSink::StepEnded(const Value& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  ClearLocked();
  if (!running_.empty()) running_.pop_back();
  std::string outcome = Text(record, "outcome");
  std::string mark = outcome == "ok"        ? Styled("✓", Style::kOk, color_)
                     : outcome == "skipped" ? Styled("-", Style::kDim, color_)
                                            : Styled("✗", Style::kBad, color_);
  std::string line = Indent(record) + mark + " " + Text(record, "step") + "  " + Styled(Took(record), Style::kDim, color_);
  if (const std::string error = Text(record, "error"); !error.empty()) {
    line += ": " + error;
    step_errors_.push_back(error);
  }
  if (const Value* pending = record.find("pending"); pending != nullptr && pending->is_array()) {
    for (const Value& call : pending->as_array()) {
      line += "\n" + Indent(record) + "    " + Styled("would run: " + call.as_string(), Style::kWarn, color_);
    }
  }
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
  DrawLocked();
  return Status::Ok();
}

Status TerminalSink::Emit(const Value&, const std::string& text) {
  Aside([&] {
    std::fprintf(out_, "%s%s", text.c_str(), text.empty() || text.back() == '\n' ? "" : "\n");
    std::fflush(out_);
  });
  return Status::Ok();
}

Status TerminalSink::RunEnded(const Value& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  ClearLocked();
  running_.clear();
  std::string outcome = Text(record, "outcome");
  Style style = outcome == "ok" ? Style::kOk : outcome == "changes_pending" ? Style::kWarn : Style::kBad;
  std::string line = Text(record, "runbook") + ": " + Styled(outcome, style, color_) + " in " + Took(record);
  if (const Value* dry = record.find("dry_run"); dry != nullptr && dry->is_bool() && dry->as_bool()) {
    line += " (dry run)";
  }
  line += Styled("  run " + Text(record, "run_id"), Style::kDim, color_);
  if (const std::string message = Text(record, "message"); !message.empty() && !SaidBy(message, step_errors_)) {
    line += "\n  " + message;
    run_message_ = message;
  }
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
  return Status::Ok();
}

bool TerminalSink::Said(const std::string& message) const {
  return !message.empty() && (message == run_message_ || SaidBy(message, step_errors_));
}

}  // namespace evt::runbook
