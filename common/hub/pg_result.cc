#include "common/hub/pg_result.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

namespace evt::hub {

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

PgResult::~PgResult() { PQclear(result_); }

int PgResult::rows() const { return result_ ? PQntuples(result_) : 0; }

std::string_view PgResult::Text(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

Result<std::int64_t> PgResult::Int(int row, int column) const {
  std::string_view text = Text(row, column);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::Internal(std::string("hub: column ") + PQfname(result_, column) + ": expected a number, got \"" +
                            std::string(text.substr(0, 40)) + "\"");
  }
  return value;
}

std::int64_t PgResult::AffectedRows() const {
  const char* tuples = PQcmdTuples(result_);
  return tuples[0] == '\0' ? 0 : std::strtoll(tuples, nullptr, 10);
}

}  // namespace evt::hub
