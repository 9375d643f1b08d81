#include "common/secret.h"

#include <fcntl.h>
#include <string.h>  // explicit_bzero
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace evt {
namespace {

constexpr off_t kMaxSecretBytes = 1 << 20;

constexpr const char* kHowToWrite =
    "write {\"env\": \"NAME\"} to read it from an environment variable, {\"file\": \"PATH\"} to read it "
    "from a file with mode 0600, or {\"credential\": \"NAME\"} to read a systemd credential";

std::string ErrnoText(int err) {
  std::string text = std::strerror(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::string OctalMode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::string ResolvedPath(std::string_view folder, std::string_view written) {
  if (written.front() == '/' || folder.empty()) return std::string(written);
  return JoinPath(folder, written);
}

// One trailing "\n" or "\r\n": what an editor or `echo` leaves.
void StripTrailingNewline(std::string& bytes) {
  if (!bytes.empty() && bytes.back() == '\n') bytes.pop_back();
  if (!bytes.empty() && bytes.back() == '\r') bytes.pop_back();
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status CheckSecretFile(const struct stat& st, const std::string& head, const std::string& path) {
  if (!S_ISREG(st.st_mode)) return Status::Config(head + ": secret file is not a regular file");
  if (st.st_mode & 077) {
    return Status::Config(head + ": secret file can be read or written by group or others (mode " +
                          OctalMode(st.st_mode) + "); run: chmod 600 " + path);
  }
  if (st.st_size > kMaxSecretBytes) return Status::Config(head + ": secret file is over 1 MiB; is it the right file?");
  return Status::Ok();
}

// Reads all of fd into `out`, sized once so the secret is not left behind
// in buffers freed while growing.
Status ReadAll(int fd, off_t size, const std::string& head, std::string& out) {
  out.resize(static_cast<size_t>(size) + 1);
  size_t used = 0;
  while (used < out.size()) {
    ssize_t n = read(fd, out.data() + used, out.size() - used);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Config(head + ": cannot read secret file: " + ErrnoText(errno));
    used += static_cast<size_t>(n);
  }
  if (used > static_cast<size_t>(size)) return Status::Config(head + ": secret file changed while being read");
  out.resize(used);
  return Status::Ok();
}

// The secret in the file at `path`; `head` starts every message, `missing`
// is what a missing file is called, `origin` is what Redacted() shows.
Result<Secret> SecretAtPath(const std::string& path, const std::string& head, const std::string& missing,
                            std::string origin) {
  // O_NONBLOCK: opening a FIFO by mistake must fail below, not hang here.
  FileDescriptor fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0 && errno == ENOENT) return Status::Config(head + ": " + missing);
  if (fd.get() < 0) return Status::Config(head + ": cannot open secret file: " + ErrnoText(errno));
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return Status::Config(head + ": cannot stat secret file: " + ErrnoText(errno));
  EVT_RETURN_IF_ERROR(CheckSecretFile(st, head, path));
  std::string bytes;
  EVT_RETURN_IF_ERROR(ReadAll(fd.get(), st.st_size, head, bytes));
  StripTrailingNewline(bytes);
  if (bytes.empty()) return Status::Config(head + ": secret file is empty");
  return Secret(std::move(bytes), std::move(origin));
}

Result<Secret> SecretFromFile(std::string_view written, std::string_view where, std::string_view folder) {
  std::string path = ResolvedPath(folder, written);
  std::string head = std::string(where) + ": " + std::string(written);
  return SecretAtPath(path, head, "secret file not found (looked for " + path + ")", "file " + path);
}

// systemd copies each LoadCredential=NAME:PATH of a unit to
// $CREDENTIALS_DIRECTORY/NAME, readable by that unit's processes only.
Result<Secret> SecretFromCredential(std::string_view name, std::string_view where, const EnvLookup& env) {
  std::string head = std::string(where) + ": credential " + std::string(name);
  if (name.find('/') != std::string_view::npos || name == "." || name == "..") {
    return Status::Config(head + ": not a valid credential name (a file name, without \"/\")");
  }
  const char* folder = env("CREDENTIALS_DIRECTORY");
  if (folder == nullptr || *folder == '\0') {
    return Status::Config(head + ": $CREDENTIALS_DIRECTORY is not set; systemd sets it for a unit with LoadCredential=" +
                          std::string(name) + ":PATH");
  }
  std::string path = JoinPath(folder, name);
  return SecretAtPath(path, head,
                      "the unit has no such credential (looked for " + path + "); add LoadCredential=" +
                          std::string(name) + ":PATH to it",
                      "credential " + std::string(name));
}

Result<Secret> SecretFromEnv(std::string_view name, std::string_view where, const EnvLookup& env) {
  std::string head = std::string(where) + ": environment variable " + std::string(name);
  if (name.find('=') != std::string_view::npos) return Status::Config(head + ": not a valid variable name");
  const char* value = env(std::string(name).c_str());
  if (value == nullptr) return Status::Config(head + " is not set");
  if (*value == '\0') return Status::Config(head + " is empty");
  return Secret(value, "env " + std::string(name));
}

// The one member of {"env": NAME} or {"file": PATH}, checked to be a
// non-empty string without NUL bytes.
Result<std::string_view> SourceName(const Member& member, std::string_view where) {
  std::string head = std::string(where) + "/" + member.first + ": expected ";
  if (member.first == "env") head += "the name of an environment variable";
  if (member.first == "file") head += "a file path";
  if (member.first == "credential") head += "the name of a systemd credential";
  const Value& v = member.second;
  if (!v.is_string()) return Status::Config(head + ", got " + std::string(v.type_name()));
  if (v.as_string().empty()) return Status::Config(head + ", got an empty string");
  if (v.as_string().find('\0') != std::string::npos) return Status::Config(head + ", got a string with a NUL byte");
  return std::string_view(v.as_string());
}

Status CheckSpecShape(const Value& spec, std::string_view where) {
  std::string head(where);
  if (spec.is_string()) return Status::Config(head + ": a secret cannot be written into the config; " + kHowToWrite);
  if (!spec.is_object()) {
    return Status::Config(head +
                          ": expected a secret such as {\"env\": \"NAME\"}, {\"file\": \"PATH\"} or {\"credential\": "
                          "\"NAME\"}, got " +
                          std::string(spec.type_name()));
  }
  const Object& members = spec.as_object();
  if (members.empty()) return Status::Config(head + ": empty secret; " + kHowToWrite);
  for (const Member& m : members) {
    if (m.first != "env" && m.first != "file" && m.first != "credential") {
      return Status::Config(head + ": unknown key \"" + m.first + "\" (known: env, file, credential)");
    }
  }
  if (members.size() > 1) {
    return Status::Config(head + ": give one of \"env\", \"file\" or \"credential\", not several");
  }
  return Status::Ok();
}

}  // namespace

Secret::Secret(std::string bytes, std::string origin) : bytes_(std::move(bytes)), origin_(std::move(origin)) {}

Secret::~Secret() { Wipe(); }

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    Wipe();
    bytes_ = other.bytes_;
    origin_ = other.origin_;
  }
  return *this;
}

// Moves copy and wipe: a moved-from short string keeps its characters in
// its inline buffer, which a plain move would leave behind.
Secret::Secret(Secret&& other) : Secret(other.bytes_, other.origin_) { other.Wipe(); }

Secret& Secret::operator=(Secret&& other) {
  if (this != &other) {
    *this = static_cast<const Secret&>(other);
    other.Wipe();
  }
  return *this;
}

void Secret::Wipe() {
  explicit_bzero(bytes_.data(), bytes_.size());
  bytes_.clear();
}

Result<Secret> ResolveSecret(const Value& spec, std::string_view where, std::string_view config_folder,
                             const EnvLookup& env) {
  EVT_RETURN_IF_ERROR(CheckSpecShape(spec, where));
  const Member& source = spec.as_object().front();
  Result<std::string_view> name = SourceName(source, where);
  if (!name.ok()) return name.status();
  if (source.first == "env") return SecretFromEnv(*name, where, env);
  if (source.first == "credential") return SecretFromCredential(*name, where, env);
  return SecretFromFile(*name, where, config_folder);
}

}  // namespace evt
