#include "tools/outbox/outbox_config_check.h"

#include <fstream>

#include "common/config_check_command.h"
#include "tools/outbox/http_destination.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/s3_destination.h"

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
  for (const DestinationSpec& spec : outbox.destinations) {
    if (spec.type == "s3") {
      EVT_ASSIGN_OR_RETURN(S3Destination s3, ParseS3Destination(spec, outbox.config_dir, outbox.site));
      EVT_RETURN_IF_ERROR(CheckToken(s3.access_key));
      EVT_RETURN_IF_ERROR(CheckToken(s3.secret_key));
      continue;
    }
    EVT_ASSIGN_OR_RETURN(HttpDestination http, ParseHttpDestination(spec, outbox.config_dir));
    EVT_RETURN_IF_ERROR(CheckToken(http.token));
  }
  for (const PeerSpec& peer : outbox.peers) EVT_RETURN_IF_ERROR(CheckToken(peer.token));
  for (const QueueSpec& q : outbox.queues)
    if (q.transforms.privacy) EVT_RETURN_IF_ERROR(Privacy::Make(*q.transforms.privacy).status());
  if (outbox.serve) {
    const std::string where = config.path() + ": /outbox/serve/tls";
    EVT_RETURN_IF_ERROR(CheckToken(outbox.serve->token));
    EVT_RETURN_IF_ERROR(CheckReadable(outbox.serve->tls_cert, where + "/cert"));
    if (outbox.serve->tls_key) {
      // Read as serve reads it: a secret, refused unless only its owner can read it.
      EVT_RETURN_IF_ERROR(
          ResolveSecret(Value::object({{"file", *outbox.serve->tls_key}}), where + "/key", "").status());
    }
    EVT_RETURN_IF_ERROR(CheckReadable(outbox.serve->tls_client_ca, where + "/client_ca"));
  }
  return Status::Ok();
}

}  // namespace evt::outbox
