// The JSON Canonicalization Scheme (RFC 8785, "JCS"): one text per JSON
// value, so that "the same content" has one meaning. Every store keyed by
// an id (redemptions by order, a gate's scan set by element id) calls two
// elements under one id identical exactly when their canonical texts are
// equal; anything else under a stored id is a conflict, never a replay.
//
// The rules, as RFC 8785 §3.2 sets them:
//   - no whitespace; object members sorted by their keys' UTF-16 code
//     units (not by UTF-8 bytes: they differ above U+FFFF);
//   - strings escaped as ECMAScript's JSON.stringify does (\b \t \n \f \r,
//     other controls \u00xx, everything else as UTF-8);
//   - numbers as ECMAScript's Number.prototype.toString writes the IEEE 754
//     double: 1 not 1.0, 1e+21, 1e-7, 0.000001, -0 as 0. An integer beyond
//     2^53 becomes the nearest double first, as RFC 8785 §3.2.2.3 requires.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"

namespace evt {

// The canonical text of `v`. DataErr for what JSON cannot hold: invalid
// UTF-8 in a string or key, NaN or infinity.
Result<std::string> CanonicalJson(const Value& v);

// ECMAScript's Number.prototype.toString of a finite double.
// REQUIRES: std::isfinite(d).
std::string EcmaScriptNumber(double d);

// True when both have the same canonical text; a value that has none
// (invalid UTF-8, NaN) is the same as nothing.
bool SameCanonicalJson(const Value& a, const Value& b);

}  // namespace evt
