// Every tool ignores SIGPIPE (RunMain, doc/design.md §8.1), so the code under
// test writes to a child that exited early (a notify transport of `false`)
// and gets EPIPE. The test binaries run that code without RunMain: without
// this, such a test dies by SIGPIPE whenever the child wins the race.
#define CATCH_CONFIG_RUNNER
#include <csignal>

#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  std::signal(SIGPIPE, SIG_IGN);
  return Catch::Session().run(argc, argv);
}
