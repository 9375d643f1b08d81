// TuneHeapForPricing (quote_stream.h): what is allocated after it lies in
// heap the kernel was asked to back with huge pages, and stays usable.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tools/price/quote_stream.h"

namespace {

// The VmFlags of the mapping of /proc/self/smaps that holds `address`.
std::string VmFlagsAt(const void* address) {
  auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

}  // namespace

TEST_CASE("price heap: allocations after tuning lie in huge-page-advised heap", "[price]") {
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) {
    WARN("no transparent huge pages in this kernel: nothing to check");
    return;
  }
  evt::price::TuneHeapForPricing();
  const std::size_t size = 1 << 20;  // a catalog's worth, below the mmap threshold
  auto* block = static_cast<char*>(std::malloc(size));
  REQUIRE(block != nullptr);
  std::memset(block, 7, size);
  CHECK(block[size - 1] == 7);
  std::string flags = VmFlagsAt(block + size / 2);
  INFO(flags);
  CHECK(flags.find(" hg") != std::string::npos);
  std::free(block);
}
