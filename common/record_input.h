// Reading a tool's input records the way doc/design.md §3.5 says every tool does:
// a bad line stops the stream under --on-error fail, or is reported on
// stderr, counted and skipped under --on-error skip; with
// --errors-as-records it also goes to stdout as an `error` record. Records
// of kinds the tool does not take are tallied and reported once at the end.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include "common/cli_common_options.h"
#include "common/clock.h"
#include "common/ignored_kinds.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/status.h"

namespace evt {

class RecordInput {
 public:
  // `errors` receives the error records under --errors-as-records (the
  // tool's stdout writer). All references must outlive this object.
  RecordInput(JsonlReader& reader, const CommonOptions& options, RecordWriter& errors, const Clock& clock);

  // The next well-formed record, or nullopt at the end of the input (or
  // when a stop was requested). A bad line is handled per --on-error: under
  // kFail its DataErr is returned; under kSkip it is printed, counted and
  // the next record is read. Other errors (I/O) are always returned.
  Result<std::optional<JsonlRecord>> Next();

  // Handles a record the tool read but found bad (a DataErr naming where and
  // what) the way Next() handles a bad line: under kFail the error is
  // returned; under kSkip it is printed, counted and OK is returned; with
  // --errors-as-records it also goes to stdout as an error record.
  Status Reject(const Status& error);

  // Tallies a record of a kind the tool does not take.
  void Ignore(const Value& record) { ignored_.NoteRecord(record); }

  std::size_t skipped() const { return skipped_; }
  const IgnoredKinds& ignored() const { return ignored_; }

  // Prints "skipped N bad records" and the ignored-kinds summary on stderr
  // when there is anything to say. Call it once, at the end.
  void ReportAtEnd() const;

 private:
  Status HandleBadLine(const Status& error);

  JsonlReader& reader_;
  const CommonOptions& options_;
  RecordWriter& errors_;
  const Clock& clock_;
  IgnoredKinds ignored_;
  std::size_t skipped_ = 0;
};

}  // namespace evt
