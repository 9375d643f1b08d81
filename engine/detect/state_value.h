// Reading a detector's state back from a model file (Detector::LoadState):
// the checks every detector needs, with errors that name the field. A model
// file is input data, so every error is DataErr (65).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace evt::detect {

// A finite number at `key` of the object `state`.
Status ReadNumber(const Value& state, std::string_view key, double& out);
// An array of at most `max_count` finite numbers at `key`.
Status ReadNumbers(const Value& state, std::string_view key, std::size_t max_count, std::vector<double>& out);
// A whole number in [0, max] at `key`.
Status ReadCount(const Value& state, std::string_view key, std::size_t max, std::size_t& out);

// An array of finite numbers, for State(); NaN (nothing learned) is refused
// by the JSON writer, so callers write only what they have.
Array NumbersToArray(const double* first, std::size_t n);

}  // namespace evt::detect
