#include "server/tls/tls_key_pair.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <absl/strings/str_cat.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace insights {
namespace {

constexpr char kCertificateFlag[] = "--tls-cert";
constexpr char kKeyFlag[] = "--tls-key";

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

absl::Status FileError(const char* flag, const std::string& path,
                       absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(flag, " ", path, ": ", problem));
}

absl::StatusOr<std::string> ReadWholeFile(const char* flag,
                                          const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return FileError(
        flag, path,
        absl::StrCat("cannot be read (", std::strerror(errno), ")"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return FileError(flag, path, "cannot be read");
  return text.str();
}

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& text) {
  return std::unique_ptr<BIO, BioFree>(
      BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

absl::StatusOr<TlsKeyPair> LoadTlsKeyPair(const std::string& certificate_path,
                                          const std::string& key_path) {
  TlsKeyPair pair;
  absl::StatusOr<std::string> certificate =
      ReadWholeFile(kCertificateFlag, certificate_path);
  if (!certificate.ok()) return certificate.status();
  absl::StatusOr<std::string> key = ReadWholeFile(kKeyFlag, key_path);
  if (!key.ok()) return key.status();
  pair.certificate_chain_pem = *std::move(certificate);
  pair.private_key_pem = *std::move(key);

  // OpenSSL's error queue is cleared rather than reported: its messages add
  // nothing an operator can act on beyond the sentences below.
  std::unique_ptr<X509, X509Free> parsed_certificate(PEM_read_bio_X509(
      MemoryBio(pair.certificate_chain_pem).get(), nullptr, nullptr, nullptr));
  if (parsed_certificate == nullptr) {
    ERR_clear_error();
    return FileError(kCertificateFlag, certificate_path,
                     "holds no PEM certificate");
  }
  // An empty password and no callback: an encrypted key is refused here
  // instead of OpenSSL prompting for a password on the terminal.
  static char kNoPassword[] = "";
  std::unique_ptr<EVP_PKEY, KeyFree> parsed_key(PEM_read_bio_PrivateKey(
      MemoryBio(pair.private_key_pem).get(), nullptr, nullptr, kNoPassword));
  if (parsed_key == nullptr) {
    ERR_clear_error();
    return FileError(kKeyFlag, key_path,
                     "holds no unencrypted PEM private key");
  }
  if (X509_check_private_key(parsed_certificate.get(), parsed_key.get()) != 1) {
    ERR_clear_error();
    return FileError(kKeyFlag, key_path,
                     absl::StrCat("is not the key of the certificate in ",
                                  kCertificateFlag, " ", certificate_path));
  }
  return pair;
}

}  // namespace insights
