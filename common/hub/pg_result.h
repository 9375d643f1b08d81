// A query's answer from libpq, owned (RAII over PGresult). Values are read
// as text, the form every query of the hub asks for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

struct pg_result;  // libpq's PGresult

namespace evt::hub {

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  // REQUIRES: row < rows(), column < the query's columns.
  std::string_view Text(int row, int column) const;
  bool IsNull(int row, int column) const;
  // The value as a number: Internal naming the column when it is not one
  // (the hub's own columns are; anything else is a bug here).
  Result<std::int64_t> Int(int row, int column) const;
  // Rows an INSERT/UPDATE/DELETE touched.
  std::int64_t AffectedRows() const;

 private:
  pg_result* result_;
};

}  // namespace evt::hub
