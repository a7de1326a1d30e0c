// The system OpenSSL 3 libcrypto, as used by provision's certificate credential and the emulator's check of it.
//
// Only what Swift cannot reach directly is defined here: OpenSSL macros (OPENSSL_free, BIO_get_mem_data, the
// STACK_OF accessors, XN_FLAG_RFC2253) as small functions, and a password callback that never prompts on the
// terminal (OpenSSL's default callback does when a key is encrypted and no password was given).
#ifndef PROVISION_COPENSSL_SHIM_H
#define PROVISION_COPENSSL_SHIM_H

#include <openssl/opensslv.h>

#if OPENSSL_VERSION_MAJOR < 3
#error "provision needs OpenSSL 3 or later (Debian/Ubuntu: apt-get install libssl-dev)"
#endif

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>
#include <time.h>

/// The password for one decryption, and whether OpenSSL asked for it (it asks only for an encrypted key).
typedef struct {
    const char *bytes;
    size_t length;
    int asked;
} provision_password;

static inline int provision_password_callback(char *buffer, int size, int rwflag, void *userdata) {
    (void)rwflag;
    provision_password *password = (provision_password *)userdata;
    if (password == NULL) return -1;
    password->asked = 1;
    if (password->bytes == NULL || password->length == 0 || size < 0 || password->length > (size_t)size) return -1;
    memcpy(buffer, password->bytes, password->length);
    return (int)password->length;
}

/// PEM_read_bio_PrivateKey with the callback above: an encrypted key without a password fails instead of prompting.
static inline EVP_PKEY *provision_read_private_key(BIO *bio, provision_password *password) {
    return PEM_read_bio_PrivateKey(bio, NULL, provision_password_callback, password);
}

static inline void provision_free(void *pointer) { OPENSSL_free(pointer); }

static inline long provision_bio_contents(BIO *bio, char **contents) { return BIO_get_mem_data(bio, contents); }

static inline int provision_x509_stack_count(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }

static inline X509 *provision_x509_stack_at(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}

static inline void provision_x509_stack_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }

/// RFC 2253 names ("CN=provision,O=Contoso") with UTF-8 kept as is rather than escaped.
static inline unsigned long provision_name_flags(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }

/// An ASN1_TIME as seconds since 1970 (UTC); 0 when it cannot be read.
static inline int provision_asn1_time_epoch(const ASN1_TIME *time, int64_t *seconds) {
    struct tm parts;
    memset(&parts, 0, sizeof parts);
    if (time == NULL || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
    *seconds = (int64_t)timegm(&parts);
    return 1;
}

#endif
