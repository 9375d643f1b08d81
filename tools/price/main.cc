#include "tools/price/cli.h"

int main(int argc, char** argv) {
  CLI::App app{"offline price engine: carts in, exact explained quotes out", "evt-price"};
  evt::price::Options options;
  evt::price::BuildCli(app, options);
  return evt::RunMain(app, argc, argv, [&] { return evt::price::Run(options); });
}
