// PaddedFile (padded_file.h): the file's bytes, then zeros simdjson may
// read past them, for any size around a page boundary; nothing for what
// cannot be mapped.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/price/padded_file.h"

using evt::price::PaddedFile;

namespace {

std::string TempPath(const std::string& what) {
  return (std::filesystem::temp_directory_path() / ("evt-price-padded-" + std::to_string(getpid()) + "-" + what))
      .string();
}

void CheckMapsExactly(std::size_t size) {
  INFO("size " << size);
  std::string path = TempPath(std::to_string(size));
  std::string text(size, 'x');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
  std::ofstream(path, std::ios::binary) << text;
  std::optional<PaddedFile> file = PaddedFile::Map(path, size);
  std::remove(path.c_str());  // a mapping outlives its file's name
  REQUIRE(file);
  simdjson::padded_string_view view = file->text();
  CHECK(std::string_view(view) == text);
  CHECK(view.capacity() >= size + simdjson::SIMDJSON_PADDING);
  for (std::size_t i = size; i < size + simdjson::SIMDJSON_PADDING; ++i) CHECK(view.data()[i] == '\0');
}

}  // namespace

TEST_CASE("price padded file: the bytes, then zeros, at every size around a page", "[price]") {
  auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, page - simdjson::SIMDJSON_PADDING, page - 1, page,
                           page + 1, 3 * page - 7}) {
    CheckMapsExactly(size);
  }
}

TEST_CASE("price padded file: a move hands the mapping over", "[price]") {
  std::string path = TempPath("moved");
  std::ofstream(path) << "{}";
  std::optional<PaddedFile> file = PaddedFile::Map(path, 1024);
  std::remove(path.c_str());
  REQUIRE(file);
  PaddedFile moved(std::move(*file));
  file.reset();
  CHECK(std::string_view(moved.text()) == "{}");
}

TEST_CASE("price padded file: nothing for a missing file, a folder or one past the limit", "[price]") {
  CHECK_FALSE(PaddedFile::Map("/nonexistent/evt-price/catalog.json", 1024));
  CHECK_FALSE(PaddedFile::Map(std::filesystem::temp_directory_path().string(), 1024));
  std::string path = TempPath("large");
  std::ofstream(path) << std::string(100, 'x');
  CHECK_FALSE(PaddedFile::Map(path, 99));
  CHECK(PaddedFile::Map(path, 100));
  std::remove(path.c_str());
}
