#include "tools/outbox/outbox_config_check.h"

#include <fstream>

#include "common/config_check_command.h"
#include "tools/outbox/outbox_config.h"

namespace evt::outbox {
namespace {

Status CheckToken(const std::optional<TokenSpec>& token) {
  if (!token) return Status::Ok();
  return ResolveTokenSpec(*token).status();
}

Status CheckReadable(const std::optional<std::string>& path, const std::string& where) {
  if (!path) return Status::Ok();
  std::ifstream in(*path);
  if (!in) return NamedFileError(where, Status::NoInput(*path + ": cannot be read"));
  return Status::Ok();
}

}  // namespace

Status CheckOutboxConfig(const Config& config) {
  EVT_ASSIGN_OR_RETURN(OutboxConfig outbox, ReadOutboxConfig(config));
  for (const PeerSpec& peer : outbox.peers) EVT_RETURN_IF_ERROR(CheckToken(peer.token));
  if (outbox.serve) {
    const std::string where = config.path() + ": /outbox/serve/tls";
    EVT_RETURN_IF_ERROR(CheckToken(outbox.serve->token));
    EVT_RETURN_IF_ERROR(CheckReadable(outbox.serve->tls_cert, where + "/cert"));
    EVT_RETURN_IF_ERROR(CheckReadable(outbox.serve->tls_key, where + "/key"));
    EVT_RETURN_IF_ERROR(CheckReadable(outbox.serve->tls_client_ca, where + "/client_ca"));
  }
  return Status::Ok();
}

}  // namespace evt::outbox
