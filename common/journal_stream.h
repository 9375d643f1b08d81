// Whether stderr is systemd's journal stream. A unit's service connects
// stderr to the journal and names that stream in $JOURNAL_STREAM as
// "DEVICE:INODE" (systemd.exec(5)); a line that starts with "<N>" is then
// logged at syslog priority N (sd-daemon(3)). A child whose stderr was
// redirected (into a pipe of evt-runbook's, into a file) inherits the
// variable but not the stream, so the variable alone is not enough.
#pragma once

#include <sys/types.h>

#include <string_view>

namespace evt {

// True when `journal_stream` ($JOURNAL_STREAM) reads "DEVICE:INODE" in
// decimal and names `device` and `inode`; false for anything else.
bool NamesJournalStream(std::string_view journal_stream, dev_t device, ino_t inode);

// $JOURNAL_STREAM names what fstat(2) of fd 2 finds.
bool StderrIsJournalStream();

}  // namespace evt
