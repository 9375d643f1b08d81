// Reads JSON Lines through JsonlReader and writes every record back with
// RecordWriter: the same parse-and-print work as `jq -c .`, which
// jsonl_throughput.sh times it against.
//
//   bench_jsonl [FILE]     (FILE defaults to stdin)
//
// Prints "N records, M bad lines" on stderr. Exit 0, or 65 when a line was
// bad, 66 when FILE is missing, 74 on a read or write error.
#include <cstdio>
#include <string>

#include "common/exit_code.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"

namespace {

int Fail(const evt::Status& status) {
  std::fprintf(stderr, "bench_jsonl: %s\n", status.message().c_str());
  return evt::ToInt(status.code());
}

}  // namespace

int main(int argc, char** argv) {
  evt::Result<evt::JsonlReader> reader = evt::JsonlReader::Open(argc > 1 ? argv[1] : "-");
  if (!reader.ok()) return Fail(reader.status());
  static char out_buffer[1 << 18];
  std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  evt::RecordWriter writer(stdout, evt::FlushPolicy::kBuffered);
  std::size_t records = 0, bad_lines = 0;
  while (true) {
    evt::Result<std::optional<evt::JsonlRecord>> next = reader->Next();
    if (!next.ok() && next.status().code() != evt::ExitCode::kDataErr) return Fail(next.status());
    if (!next.ok() && ++bad_lines <= 3) Fail(next.status());
    if (!next.ok()) continue;
    if (!*next) break;
    evt::Status written = writer.Write((*next)->value);
    if (!written.ok()) return Fail(written);
    ++records;
  }
  evt::Status flushed = writer.Flush();
  if (!flushed.ok()) return Fail(flushed);
  std::fprintf(stderr, "bench_jsonl: %zu records, %zu bad lines\n", records, bad_lines);
  return bad_lines == 0 ? 0 : evt::ToInt(evt::ExitCode::kDataErr);
}
