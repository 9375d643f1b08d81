// One record held by the outbox: the line as it was given, with where it
// came from and when. The unit the store, replication and delivery share.
#pragma once

#include <cstdint>
#include <string>

namespace evt::outbox {

struct OutboxRecord {
  std::string id;           // the record's "id" field, else 32 random hex digits (record_id.h)
  std::string queue;
  std::string origin;       // the kiosk that captured it
  std::int64_t captured_ms = 0;  // Unix ms at put on the origin
  std::string line;         // the record as given, compact JSON, envelope included
};

}  // namespace evt::outbox
