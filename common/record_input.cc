#include "common/record_input.h"

#include <string>

#include "common/error_record.h"
#include "common/messages.h"

namespace evt {

RecordInput::RecordInput(JsonlReader& reader, const CommonOptions& options, RecordWriter& errors,
                         const Clock& clock)
    : reader_(reader), options_(options), errors_(errors), clock_(clock) {}

Result<std::optional<JsonlRecord>> RecordInput::Next() {
  while (true) {
    Result<std::optional<JsonlRecord>> next = reader_.Next();
    if (next.ok()) return next;
    EVT_RETURN_IF_ERROR(HandleBadLine(next.status()));
    ++skipped_;
  }
}

Status RecordInput::Reject(const Status& error) {
  EVT_RETURN_IF_ERROR(HandleBadLine(error));
  ++skipped_;
  return Status::Ok();
}

Status RecordInput::HandleBadLine(const Status& error) {
  if (error.code() != ExitCode::kDataErr) return error;
  if (options_.errors_as_records) {
    std::string_view source = reader_.name() == "<stdin>" ? "-" : std::string_view(reader_.name());
    Value record =
        MakeErrorRecord(ProgramName(), error, clock_.Now(), source, static_cast<std::int64_t>(reader_.line()));
    EVT_RETURN_IF_ERROR(errors_.Write(record));
  }
  if (options_.on_error == OnError::kFail) return error;
  PrintError(error);
  return Status::Ok();
}

void RecordInput::ReportAtEnd() const {
  if (skipped_ > 0) {
    PrintWarning("skipped " + std::to_string(skipped_) + (skipped_ == 1 ? " bad record" : " bad records"));
  }
  if (ignored_.total() > 0) PrintWarning(ignored_.Summary());
}

}  // namespace evt
