#include "tools/token/algorithm.h"

namespace evt::token {

std::string_view AlgName(Alg alg) {
  switch (alg) {
    case Alg::kEdDSA: return "EdDSA";
    case Alg::kEd25519: return "Ed25519";
    case Alg::kHS256: return "HS256";
  }
  return "?";
}

std::optional<Alg> ParseAlg(std::string_view name) {
  for (Alg alg : {Alg::kEdDSA, Alg::kEd25519, Alg::kHS256}) {
    if (AlgName(alg) == name) return alg;
  }
  return std::nullopt;
}

}  // namespace evt::token
