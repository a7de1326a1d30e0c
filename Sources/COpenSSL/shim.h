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
#include <openssl/pkcs7.h>
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

/// How the contents of a PKCS#12 file fare with `password` (NULL: none), for telling a damaged file from a locked
/// one when its MAC fails: -1 when they cannot be unpacked at all, otherwise how many encrypted parts (encrypted
/// data, shrouded keys) decrypt with it.
static inline int provision_pkcs12_openable_parts(PKCS12 *pkcs12, const char *password, int length) {
    STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(pkcs12);
    if (safes == NULL) return -1;
    int opened = 0;
    int damaged = 0;
    for (int index = 0; index < sk_PKCS7_num(safes) && !damaged; index++) {
        PKCS7 *safe = sk_PKCS7_value(safes, index);
        STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
        switch (OBJ_obj2nid(safe->type)) {
        case NID_pkcs7_data:
            bags = PKCS12_unpack_p7data(safe);
            if (bags == NULL) damaged = 1;
            break;
        case NID_pkcs7_encrypted:
            bags = PKCS12_unpack_p7encdata(safe, password, length);
            if (bags != NULL) opened++;
            break;
        default:
            break;
        }
        for (int bag = 0; bags != NULL && bag < sk_PKCS12_SAFEBAG_num(bags); bag++) {
            const PKCS12_SAFEBAG *item = sk_PKCS12_SAFEBAG_value(bags, bag);
            if (PKCS12_SAFEBAG_get_nid(item) != NID_pkcs8ShroudedKeyBag) continue;
            PKCS8_PRIV_KEY_INFO *key = PKCS12_decrypt_skey(item, password, length);
            if (key != NULL) {
                opened++;
                PKCS8_PRIV_KEY_INFO_free(key);
            }
        }
        if (bags != NULL) sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
    sk_PKCS7_pop_free(safes, PKCS7_free);
    ERR_clear_error();
    return damaged ? -1 : opened;
}

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
