// The files a config names (doctor.h FilesNamedBy), found by walking it.
#include <filesystem>

#include "common/json_writer.h"
#include "tools/evt/doctor.h"

namespace evt::front {

namespace {

bool NamesInputFile(std::string_view key) {
  return key == "file" || key == "jwks" || key == "model_file" ||
         (key.size() > 5 && key.substr(key.size() - 5) == "_file");
}

void Walk(const Value& value, const std::string& pointer, const std::string& folder, std::vector<NamedFile>& out) {
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.as_array().size(); ++i) {
      Walk(value.as_array()[i], pointer + "/" + std::to_string(i), folder, out);
    }
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, child] : value.as_object()) {
    std::string at = pointer + JsonPointerToken(key);
    if (child.is_string() && !child.as_string().empty() && (NamesInputFile(key) || key == "textfile")) {
      std::filesystem::path path(child.as_string());
      if (path.is_relative()) path = std::filesystem::path(folder) / path;
      out.push_back({at, path.lexically_normal().string(), key == "textfile"});
    } else {
      Walk(child, at, folder, out);
    }
  }
}

}  // namespace

std::vector<NamedFile> FilesNamedBy(const Value& document, const std::string& folder) {
  std::vector<NamedFile> out;
  Walk(document, "", folder, out);
  return out;
}

}  // namespace evt::front
