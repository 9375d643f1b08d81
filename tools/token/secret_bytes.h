// Bytes that must not outlive their use: key seeds and HMAC secrets. They
// are wiped when the object dies and cannot be printed by accident.
#pragma once

#include <string>
#include <string_view>

namespace evt::token {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::string_view bytes) : bytes_(bytes) {}
  // Takes over `bytes` and wipes what the moved-from string may still hold.
  explicit SecretBytes(std::string&& bytes);
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes& other);
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  // The raw bytes, for handing to libcrypto. Deliberately no operator<<.
  std::string_view view() const { return bytes_; }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

 private:
  void Wipe();
  std::string bytes_;
};

// Wipes a string's bytes in place (OPENSSL_cleanse, which the optimizer may
// not remove), for temporaries that held secret material.
void WipeString(std::string& s);

}  // namespace evt::token
