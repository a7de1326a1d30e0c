// See include/CCurl.h. Every libcurl function is reached through a pointer found with dlsym, declared here with
// libcurl's own prototype (the variadic ones stay variadic, so calls follow the C ABI exactly).
#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static struct {
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
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *load_error = "libcurl was not loaded";
static int loaded = 0;

static void load(void) {
    static const char *const names[] = {
        "libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4", "libcurl.4.dylib", "/usr/lib/libcurl.4.dylib",
    };
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        load_error = "libcurl (libcurl.so.4) cannot be loaded: install libcurl4 (apt-get install libcurl4)";
        return;
    }
#define FIND(field, symbol)                                                                                   \
    do {                                                                                                      \
        *(void **)(&curl.field) = dlsym(library, symbol);                                                     \
        if (curl.field == NULL) {                                                                             \
            load_error = "the libcurl found lacks " symbol ": libcurl 7.68 or later is needed";               \
            return;                                                                                           \
        }                                                                                                     \
    } while (0)
    FIND(global_init, "curl_global_init");
    FIND(easy_init, "curl_easy_init");
    FIND(easy_cleanup, "curl_easy_cleanup");
    FIND(easy_setopt, "curl_easy_setopt");
    FIND(easy_getinfo, "curl_easy_getinfo");
    FIND(easy_strerror, "curl_easy_strerror");
    FIND(multi_init, "curl_multi_init");
    FIND(multi_cleanup, "curl_multi_cleanup");
    FIND(multi_setopt, "curl_multi_setopt");
    FIND(multi_add_handle, "curl_multi_add_handle");
    FIND(multi_remove_handle, "curl_multi_remove_handle");
    FIND(multi_perform, "curl_multi_perform");
    FIND(multi_poll, "curl_multi_poll");
    FIND(multi_wakeup, "curl_multi_wakeup");
    FIND(multi_info_read, "curl_multi_info_read");
    FIND(slist_append, "curl_slist_append");
    FIND(slist_free_all, "curl_slist_free_all");
#undef FIND
    if (curl.global_init(GLOBAL_ALL) != 0) {
        load_error = "libcurl could not be initialised";
        return;
    }
    load_error = NULL;
    loaded = 1;
}

const char *pv_curl_load(void) {
    pthread_once(&load_once, load);
    return load_error;
}

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

pv_curl_multi *pv_curl_multi_create(long max_host_connections) {
    if (pv_curl_load() != NULL) return NULL;
    pv_curl_multi *multi = calloc(1, sizeof *multi);
    if (multi == NULL) return NULL;
    multi->handle = curl.multi_init();
    if (multi->handle == NULL) {
        free(multi);
        return NULL;
    }
    curl.multi_setopt(multi->handle, MOPT_MAX_HOST_CONNECTIONS, max_host_connections);
    curl.multi_setopt(multi->handle, MOPT_PIPELINING, 0L);
    return multi;
}

void pv_curl_multi_destroy(pv_curl_multi *multi) {
    if (multi == NULL) return;
    curl.multi_cleanup(multi->handle);
    free(multi);
}

void pv_curl_multi_perform(pv_curl_multi *multi) {
    int running = 0;
    curl.multi_perform(multi->handle, &running);
}

void pv_curl_multi_poll(pv_curl_multi *multi, int timeout_ms) {
    int ready = 0;
    curl.multi_poll(multi->handle, NULL, 0, timeout_ms, &ready);
}

void pv_curl_multi_wakeup(pv_curl_multi *multi) { curl.multi_wakeup(multi->handle); }

pv_curl_transfer *pv_curl_multi_next_done(pv_curl_multi *multi, int *code) {
    int left = 0;
    CURLMsg *message;
    while ((message = curl.multi_info_read(multi->handle, &left)) != NULL) {
        if (message->msg != MSG_DONE) continue;
        pv_curl_transfer *transfer = NULL;
        curl.easy_getinfo(message->easy_handle, INFO_PRIVATE, (char **)&transfer);
        if (transfer == NULL) continue;
        *code = message->data.result;
        return transfer;
    }
    return NULL;
}

int pv_curl_multi_add(pv_curl_multi *multi, pv_curl_transfer *transfer) {
    return curl.multi_add_handle(multi->handle, transfer->easy) == 0 ? 0 : -1;
}

void pv_curl_multi_remove(pv_curl_multi *multi, pv_curl_transfer *transfer) {
    curl.multi_remove_handle(multi->handle, transfer->easy);
}

static int grow(unsigned char **buffer, size_t *capacity, size_t needed) {
    if (needed <= *capacity) return 0;
    size_t next = *capacity == 0 ? 4096 : *capacity;
    while (next < needed) next *= 2;
    unsigned char *grown = realloc(*buffer, next);
    if (grown == NULL) return -1;
    *buffer = grown;
    *capacity = next;
    return 0;
}

/// Body bytes: kept up to the cap of the answer's status; the first byte past it aborts the transfer.
static size_t on_body(char *data, size_t size, size_t count, void *context) {
    pv_curl_transfer *transfer = context;
    size_t length = size * count;
    transfer->body_sent = 1;
    long status = 0;
    curl.easy_getinfo(transfer->easy, INFO_RESPONSE_CODE, &status);
    size_t cap = (status >= 200 && status < 300) ? transfer->success_cap : transfer->error_cap;
    size_t room = cap > transfer->body_count ? cap - transfer->body_count : 0;
    size_t kept = length < room ? length : room;
    if (kept > 0) {
        if (grow(&transfer->body, &transfer->body_capacity, transfer->body_count + kept) != 0) return 0;
        memcpy(transfer->body + transfer->body_count, data, kept);
        transfer->body_count += kept;
    }
    if (kept < length) {
        transfer->truncated = 1;
        return 0;
    }
    return length;
}

/// One header line at a time; a status line starts a new answer (a 100 Continue is followed by the real one).
static size_t on_header(char *data, size_t size, size_t count, void *context) {
    pv_curl_transfer *transfer = context;
    size_t length = size * count;
    transfer->body_sent = 1;
    if (length >= 5 && memcmp(data, "HTTP/", 5) == 0) transfer->answer_headers_count = 0;
    if (transfer->answer_headers_count + length > HEADER_CAP) {
        transfer->headers_overflowed = 1;
        return 0;
    }
    char *grown = realloc(transfer->answer_headers, transfer->answer_headers_count + length + 1);
    if (grown == NULL) return 0;
    transfer->answer_headers = grown;
    memcpy(grown + transfer->answer_headers_count, data, length);
    transfer->answer_headers_count += length;
    grown[transfer->answer_headers_count] = 0;
    return length;
}

static int on_progress(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)dltotal;
    (void)dlnow;
    pv_curl_transfer *transfer = context;
    if (ultotal > 0 && ulnow >= ultotal) transfer->body_sent = 1;
    return 0;
}

static char *copy(const char *text) {
    size_t length = strlen(text) + 1;
    char *result = malloc(length);
    if (result != NULL) memcpy(result, text, length);
    return result;
}

pv_curl_transfer *pv_curl_transfer_create(
    const char *method, const char *url, long timeout_ms, size_t success_cap, size_t error_cap) {
    if (pv_curl_load() != NULL) return NULL;
    pv_curl_transfer *transfer = calloc(1, sizeof *transfer);
    if (transfer == NULL) return NULL;
    transfer->easy = curl.easy_init();
    transfer->method = copy(method);
    transfer->url = copy(url);
    if (transfer->easy == NULL || transfer->method == NULL || transfer->url == NULL) {
        pv_curl_transfer_destroy(transfer);
        return NULL;
    }
    transfer->success_cap = success_cap;
    transfer->error_cap = error_cap;
    CURL *easy = transfer->easy;
    curl.easy_setopt(easy, OPT_URL, transfer->url);
    curl.easy_setopt(easy, OPT_PRIVATE, (void *)transfer);
    curl.easy_setopt(easy, OPT_ERRORBUFFER, transfer->error);
    curl.easy_setopt(easy, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, OPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(easy, OPT_HTTP_VERSION, (long)HTTP_VERSION_1_1);
    if (curl.easy_setopt(easy, OPT_PROTOCOLS_STR, "http,https") != 0) {
        curl.easy_setopt(easy, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    }
    curl.easy_setopt(easy, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(easy, OPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(easy, OPT_WRITEDATA, (void *)transfer);
    curl.easy_setopt(easy, OPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(easy, OPT_HEADERDATA, (void *)transfer);
    curl.easy_setopt(easy, OPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(easy, OPT_XFERINFODATA, (void *)transfer);
    curl.easy_setopt(easy, OPT_NOPROGRESS, 0L);
    return transfer;
}

void pv_curl_transfer_destroy(pv_curl_transfer *transfer) {
    if (transfer == NULL) return;
    if (transfer->easy != NULL) curl.easy_cleanup(transfer->easy);
    if (transfer->headers != NULL) curl.slist_free_all(transfer->headers);
    free(transfer->method);
    free(transfer->url);
    free(transfer->request_body);
    free(transfer->answer_headers);
    free(transfer->body);
    free(transfer);
}

int pv_curl_transfer_add_header(pv_curl_transfer *transfer, const char *line) {
    struct curl_slist *list = curl.slist_append(transfer->headers, line);
    if (list == NULL) return -1;
    transfer->headers = list;
    return 0;
}

int pv_curl_transfer_set_body(pv_curl_transfer *transfer, const void *bytes, size_t count) {
    free(transfer->request_body);
    transfer->request_body = malloc(count > 0 ? count : 1);
    if (transfer->request_body == NULL) return -1;
    if (count > 0) memcpy(transfer->request_body, bytes, count);
    transfer->request_body_count = count;
    transfer->has_body = 1;
    return 0;
}

int pv_curl_transfer_prepare(pv_curl_transfer *transfer) {
    CURL *easy = transfer->easy;
    const char *method = transfer->method;
    if (transfer->has_body) {
        // POSTFIELDS sends the body with any method; CUSTOMREQUEST renames POST.
        curl.easy_setopt(easy, OPT_POST, 1L);
        curl.easy_setopt(easy, OPT_POSTFIELDSIZE_LARGE, (curl_off_t)transfer->request_body_count);
        curl.easy_setopt(easy, OPT_POSTFIELDS, (void *)transfer->request_body);
        if (strcmp(method, "POST") != 0) curl.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "HEAD") == 0) {
        curl.easy_setopt(easy, OPT_NOBODY, 1L);
    } else {
        curl.easy_setopt(easy, OPT_HTTPGET, 1L);
        if (strcmp(method, "GET") != 0) curl.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
    }
    // libcurl would add `Expect: 100-continue` to a large body and wait for the server's go-ahead; an empty value
    // removes the header.
    if (pv_curl_transfer_add_header(transfer, "Expect:") != 0) return -1;
    return curl.easy_setopt(easy, OPT_HTTPHEADER, transfer->headers) == 0 ? 0 : -1;
}

long pv_curl_transfer_status(const pv_curl_transfer *transfer) {
    long status = 0;
    curl.easy_getinfo(transfer->easy, INFO_RESPONSE_CODE, &status);
    return status;
}

const char *pv_curl_transfer_headers(const pv_curl_transfer *transfer, size_t *count) {
    *count = transfer->answer_headers_count;
    return transfer->answer_headers;
}

const unsigned char *pv_curl_transfer_body(const pv_curl_transfer *transfer, size_t *count) {
    *count = transfer->body_count;
    return transfer->body;
}

int pv_curl_transfer_truncated(const pv_curl_transfer *transfer) { return transfer->truncated; }
int pv_curl_transfer_headers_overflowed(const pv_curl_transfer *transfer) { return transfer->headers_overflowed; }
int pv_curl_transfer_body_sent(const pv_curl_transfer *transfer) { return transfer->body_sent; }

const char *pv_curl_transfer_error(const pv_curl_transfer *transfer, int code) {
    pv_curl_transfer *mutable = (pv_curl_transfer *)transfer;
    const char *summary = curl.easy_strerror(code);
    if (transfer->error[0] == 0) return summary;
    strncpy(mutable->message, transfer->error, sizeof mutable->message - 1);
    mutable->message[sizeof mutable->message - 1] = 0;
    return mutable->message;
}

void pv_curl_block_sigpipe(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}
