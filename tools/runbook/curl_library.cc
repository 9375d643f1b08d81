#include "tools/runbook/curl_library.h"

#include <dlfcn.h>

#include <string>

namespace evt::runbook {
namespace {

constexpr const char* kSoname = "libcurl.so.4";

template <typename Fn>
void Resolve(void* handle, const char* name, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  if (fn == nullptr && missing.empty()) missing = name;
}

Result<CurlLibrary> Open() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Status::Unavailable(std::string("cannot load ") + kSoname + ": " + (why ? why : "unknown error"));
  }
  CurlLibrary lib{};
  std::string missing;
  Resolve(handle, "curl_easy_init", lib.easy_init, missing);
  Resolve(handle, "curl_easy_setopt", lib.easy_setopt, missing);
  Resolve(handle, "curl_easy_perform", lib.easy_perform, missing);
  Resolve(handle, "curl_easy_getinfo", lib.easy_getinfo, missing);
  Resolve(handle, "curl_easy_cleanup", lib.easy_cleanup, missing);
  Resolve(handle, "curl_easy_strerror", lib.easy_strerror, missing);
  Resolve(handle, "curl_slist_append", lib.slist_append, missing);
  Resolve(handle, "curl_slist_free_all", lib.slist_free_all, missing);
  // The handle stays open on success: the table points into it for the rest
  // of the process.
  if (!missing.empty()) {
    dlclose(handle);
    return Status::Unavailable(std::string(kSoname) + ": has no " + missing);
  }
  return lib;
}

}  // namespace

Result<const CurlLibrary*> LoadCurlLibrary() {
  static const Result<CurlLibrary> loaded = Open();
  if (!loaded.ok()) return loaded.status();
  return &*loaded;
}

}  // namespace evt::runbook
