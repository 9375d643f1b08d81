// `evt-outbox serve [--listen ADDR:PORT]`: answers other kiosks' `sync`
// (peer_endpoints.h) until SIGTERM, with a heartbeat, so peers can pull what
// this kiosk captured and push what they did. Listens where outbox.serve
// says (default 127.0.0.1:7450), with TLS when outbox.serve.tls names a
// certificate; off loopback only with its token or TLS client certificates.
#include <cstdio>
#include <memory>

#include "common/command_access.h"
#include "common/heartbeat.h"
#include "common/http_server.h"
#include "common/listener_settings.h"
#include "common/messages.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/peer_endpoints.h"
#include "tools/outbox/sync_cursor_store.h"

namespace evt::outbox {
namespace {

constexpr std::string_view kDefaultListen = "127.0.0.1:7450";

struct ServeArgs {
  std::string listen;  // empty: outbox.serve.listen
};

Result<HttpTls> LoadTls(const CommandContext& ctx, const ServeSpec& spec) {
  return LoadListenerTls({*spec.tls_cert, spec.tls_key, spec.tls_client_ca, ctx.config_path + ": /outbox/serve/tls"});
}

Result<HttpServerOptions> ServerOptions(const CommandContext& ctx, const ServeArgs& args) {
  HttpServerOptions options;
  const std::optional<ServeSpec>& spec = ctx.config.serve;
  if (!args.listen.empty()) {
    options.listen = args.listen;
    options.listen_where = "--listen";
  } else {
    options.listen = spec ? spec->listen : std::string(kDefaultListen);
    options.listen_where = ctx.config_path + ": /outbox/serve/listen";
  }
  if (spec && spec->tls_cert) {
    EVT_ASSIGN_OR_RETURN(HttpTls tls, LoadTls(ctx, *spec));
    options.tls = std::move(tls);
  }
  if (spec && spec->token) {
    EVT_ASSIGN_OR_RETURN(Secret token, ResolveTokenSpec(*spec->token));
    options.token = std::move(token);
  }
  options.realm = "evt-outbox";
  return options;
}

Status RunServe(const CommonOptions& common, const ServeArgs& args) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(HttpServerOptions server_options, ServerOptions(ctx, args));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
  EVT_ASSIGN_OR_RETURN(SyncCursorStore cursors, SyncCursorStore::Open(ctx.state_dir));
  const OutboxLayout layout = ctx.Layout();
  PeerEndpoints endpoints{&store, &cursors, &layout, ctx.config.kiosk, &ctx.clock};
  bool port_chosen_by_kernel = server_options.listen.ends_with(":0");
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<HttpServer> server, HttpServer::Start(std::move(server_options), endpoints));
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<Heartbeat> beat, Heartbeat::Start(ctx.state_dir, "outbox serve"));
  // Port 0 leaves the operator (or a test) no other way to learn the port.
  if (port_chosen_by_kernel) PrintNotice("serving on " + server->address());
  server->ServeUntilStopped();
  return Status::Ok();
}

}  // namespace

void AddServeCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand(
      "serve", "answer other kiosks' sync: they pull this outbox's records and delivery states and push theirs; "
               "runs until SIGTERM");
  serve->add_option("--listen", args->listen,
                    "ADDR:PORT to listen on (default: outbox.serve.listen, else 127.0.0.1:7450; port 0 picks one "
                    "and says which on stderr); off loopback a token is required")
      ->type_name("ADDR:PORT");
  serve->callback([&options, args] { options.run = [&options, args] { return RunServe(options.common, *args); }; });
}

}  // namespace evt::outbox
