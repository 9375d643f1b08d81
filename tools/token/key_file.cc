#include "tools/token/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/json_parse.h"
#include "tools/token/jwk.h"
#include "tools/token/jwks.h"
#include "tools/token/pem.h"

namespace evt::token {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

Result<std::vector<Key>> FromPem(std::string_view text, std::string_view source, const std::string& kid) {
  Result<Ed25519Key> key = Ed25519KeyFromPem(text, source);
  if (!key.ok()) return key.status();
  return std::vector<Key>{Key(std::move(*key), kid)};
}

Result<std::vector<Key>> FromJson(std::string_view text, std::string_view source, const std::string& kid) {
  Result<Value> doc = ParseJson(text, source);
  if (!doc.ok()) return doc.status();
  if (doc->is_object() && doc->find("keys") != nullptr) {
    if (!kid.empty()) return Status::Usage("--kid: names one key, but " + std::string(source) + " is a JWK set");
    Result<LoadedJwks> set = JwksFromValue(*doc, source, SecretKeys::kAllow);
    if (!set.ok()) return set.status();
    if (!set->skipped.empty()) {
      return Status::DataErr(std::string(source) + ": " + set->skipped.front() + "; evt-token cannot use it");
    }
    return set->keys.keys();
  }
  if (!doc->is_object()) {
    return Status::DataErr(std::string(source) + ": expected a JWK or a JWK set object, got " +
                           std::string(doc->type_name()));
  }
  if (!kid.empty()) doc->set("kid", kid);
  Result<Key> key = KeyFromJwk(*doc);
  if (!key.ok()) return key.status().Prefixed(source);
  return std::vector<Key>{std::move(*key)};
}

}  // namespace

Result<SecretBytes> ReadKeyFile(const std::string& path) {
  bool is_stdin = path == "-";
  std::string name = is_stdin ? "<stdin>" : path;
  int fd = is_stdin ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NoInput(name + ": " + ErrnoText());
  std::string bytes;
  char chunk[16 * 1024];
  Status status;
  while (status.ok()) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Status::NoInput(name + ": " + ErrnoText());
    } else if (bytes.size() + static_cast<std::size_t>(n) > kMaxKeyFileBytes) {
      status = Status::DataErr(name + ": larger than " + std::to_string(kMaxKeyFileBytes) + " bytes: not a key file");
    } else {
      bytes.append(chunk, static_cast<std::size_t>(n));
    }
  }
  OPENSSL_cleanse(chunk, sizeof chunk);
  if (!is_stdin) close(fd);
  if (!status.ok()) {
    WipeString(bytes);
    return status;
  }
  return SecretBytes(std::move(bytes));
}

Status CheckPrivateKeyFileMode(const std::string& path) {
  if (path == "-") return Status::Ok();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::NoInput(path + ": " + ErrnoText());
  if ((st.st_mode & 077) == 0) return Status::Ok();
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return Status::DataErr(path + ": holds a private key, but group or others may read it (mode " + mode +
                         "); run: chmod 600 " + path);
}

Result<std::vector<Key>> ParseKeyFile(std::string_view text, std::string_view source, const std::string& kid) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text.substr(start).rfind("-----BEGIN", 0) == 0) {
    return FromPem(text, source, kid);
  }
  return FromJson(text, source, kid);
}

Status WriteNewPrivateFile(const std::string& path, std::string_view bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoErr(path + ": " + ErrnoText());
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  bool ok = done == bytes.size() && fsync(fd) == 0;
  std::string error = ok ? "" : ErrnoText();
  if (close(fd) != 0 && ok) {
    ok = false;
    error = ErrnoText();
  }
  if (ok) return Status::Ok();
  unlink(path.c_str());
  return Status::IoErr(path + ": write error: " + error);
}

}  // namespace evt::token
