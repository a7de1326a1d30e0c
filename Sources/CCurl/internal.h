// Shared by the CCurl sources, not exported: libcurl's types and option numbers as the library defines them (its
// headers are not needed to build), the table of its functions, and the two handles.
#ifndef PROVISION_CCURL_INTERNAL_H
#define PROVISION_CCURL_INTERNAL_H

#include "CCurl.h"

#include <stdint.h>

typedef void CURL;
typedef void CURLM;
typedef int CURLcode;
typedef int CURLMcode;
typedef int64_t curl_off_t;
struct curl_slist;
typedef struct {
    int msg;
    CURL *easy_handle;
    union {
        void *whatever;
        CURLcode result;
    } data;
} CURLMsg;

// Option numbers: type base (long 0, pointer 10000, function 20000, off_t 30000) plus the option's index.
enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_ERRORBUFFER = 10010,
    OPT_WRITEFUNCTION = 20011,
    OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023,
    OPT_HEADERDATA = 10029,
    OPT_CUSTOMREQUEST = 10036,
    OPT_NOPROGRESS = 43,
    OPT_NOBODY = 44,
    OPT_POST = 47,
    OPT_FOLLOWLOCATION = 52,
    OPT_XFERINFODATA = 10057,
    OPT_HEADERFUNCTION = 20079,
    OPT_HTTPGET = 80,
    OPT_HTTP_VERSION = 84,
    OPT_NOSIGNAL = 99,
    OPT_PRIVATE = 10103,
    OPT_POSTFIELDSIZE_LARGE = 30120,
    OPT_TIMEOUT_MS = 155,
    OPT_PROTOCOLS = 181,
    OPT_XFERINFOFUNCTION = 20219,
    OPT_PROTOCOLS_STR = 10318,
    MOPT_PIPELINING = 3,
    MOPT_MAX_HOST_CONNECTIONS = 7,
    INFO_RESPONSE_CODE = 0x200002,
    INFO_PRIVATE = 0x100015,
    MSG_DONE = 1,
    GLOBAL_ALL = 3,
    HTTP_VERSION_1_1 = 2,
    PROTO_HTTP_HTTPS = 3,
    ERROR_SIZE = 256,
};

/// The most header bytes kept from an answer: far more than any real one; past it the transfer is aborted.
#define HEADER_CAP (256 * 1024)

struct pv_curl_functions {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    const char *(*easy_strerror)(CURLcode);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_setopt)(CURLM *, int, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, void *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
};

/// libcurl's functions, found by `pv_curl_load`.
extern struct pv_curl_functions libcurl __attribute__((visibility("hidden")));


struct pv_curl_multi {
    CURLM *handle;
};

struct pv_curl_transfer {
    CURL *easy;
    struct curl_slist *headers;
    char *method;
    char *url;
    unsigned char *request_body;
    size_t request_body_count;
    int has_body;
    size_t success_cap;
    size_t error_cap;
    char *answer_headers;
    size_t answer_headers_count;
    unsigned char *body;
    size_t body_count;
    size_t body_capacity;
    int truncated;
    int headers_overflowed;
    int body_sent;
    char error[ERROR_SIZE];
    char message[ERROR_SIZE * 2];
};

#endif
