// evt: the front door to the evt tools. `evt status|doctor|hold|release`
// are its own; any other first word runs evt-WORD with the rest of the
// arguments untouched, as git runs its subcommands.
#include <cstdlib>

#include "common/cli_complete.h"
#include "common/cli_help_formatter.h"
#include "common/messages.h"
#include "tools/evt/cli.h"
#include "tools/evt/front_door_complete.h"
#include "tools/evt/help_examples.h"
#include "tools/evt/tool_dispatch.h"

int main(int argc, char** argv) {
  // Before dispatch: "__complete" is no tool's name.
  if (evt::IsCompleteRequest(argc, argv)) return evt::front::CompleteFrontDoor(argc, argv);
  if (argc > 1 && evt::front::IsDispatched(argv[1])) {
    evt::SetProgramName("evt");
    return evt::front::DispatchTool(argc, argv);
  }
  CLI::App app{"the front door: the whole site on one screen, doctor, the site-wide hold, and evt TOOL ARGS", "evt"};
  evt::front::Options options;
  evt::front::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::front::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::front::Run(options); });
}
