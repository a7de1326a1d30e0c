// One request as a libcurl easy handle: its options, the callbacks that keep the answer within its caps, and what it
// found.
#include "internal.h"

#include <stdlib.h>
#include <string.h>

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
    libcurl.easy_getinfo(transfer->easy, INFO_RESPONSE_CODE, &status);
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
    transfer->easy = libcurl.easy_init();
    transfer->method = copy(method);
    transfer->url = copy(url);
    if (transfer->easy == NULL || transfer->method == NULL || transfer->url == NULL) {
        pv_curl_transfer_destroy(transfer);
        return NULL;
    }
    transfer->success_cap = success_cap;
    transfer->error_cap = error_cap;
    CURL *easy = transfer->easy;
    libcurl.easy_setopt(easy, OPT_URL, transfer->url);
    libcurl.easy_setopt(easy, OPT_PRIVATE, (void *)transfer);
    libcurl.easy_setopt(easy, OPT_ERRORBUFFER, transfer->error);
    libcurl.easy_setopt(easy, OPT_NOSIGNAL, 1L);
    libcurl.easy_setopt(easy, OPT_FOLLOWLOCATION, 0L);
    libcurl.easy_setopt(easy, OPT_HTTP_VERSION, (long)HTTP_VERSION_1_1);
    if (libcurl.easy_setopt(easy, OPT_PROTOCOLS_STR, "http,https") != 0) {
        libcurl.easy_setopt(easy, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    }
    libcurl.easy_setopt(easy, OPT_TIMEOUT_MS, timeout_ms);
    libcurl.easy_setopt(easy, OPT_WRITEFUNCTION, on_body);
    libcurl.easy_setopt(easy, OPT_WRITEDATA, (void *)transfer);
    libcurl.easy_setopt(easy, OPT_HEADERFUNCTION, on_header);
    libcurl.easy_setopt(easy, OPT_HEADERDATA, (void *)transfer);
    libcurl.easy_setopt(easy, OPT_XFERINFOFUNCTION, on_progress);
    libcurl.easy_setopt(easy, OPT_XFERINFODATA, (void *)transfer);
    libcurl.easy_setopt(easy, OPT_NOPROGRESS, 0L);
    return transfer;
}

void pv_curl_transfer_destroy(pv_curl_transfer *transfer) {
    if (transfer == NULL) return;
    if (transfer->easy != NULL) libcurl.easy_cleanup(transfer->easy);
    if (transfer->headers != NULL) libcurl.slist_free_all(transfer->headers);
    free(transfer->method);
    free(transfer->url);
    free(transfer->request_body);
    free(transfer->answer_headers);
    free(transfer->body);
    free(transfer);
}

int pv_curl_transfer_add_header(pv_curl_transfer *transfer, const char *line) {
    struct curl_slist *list = libcurl.slist_append(transfer->headers, line);
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
        libcurl.easy_setopt(easy, OPT_POST, 1L);
        libcurl.easy_setopt(easy, OPT_POSTFIELDSIZE_LARGE, (curl_off_t)transfer->request_body_count);
        libcurl.easy_setopt(easy, OPT_POSTFIELDS, (void *)transfer->request_body);
        if (strcmp(method, "POST") != 0) libcurl.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "HEAD") == 0) {
        libcurl.easy_setopt(easy, OPT_NOBODY, 1L);
    } else {
        libcurl.easy_setopt(easy, OPT_HTTPGET, 1L);
        if (strcmp(method, "GET") != 0) libcurl.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
    }
    // libcurl would add `Expect: 100-continue` to a large body and wait for the server's go-ahead; an empty value
    // removes the header.
    if (pv_curl_transfer_add_header(transfer, "Expect:") != 0) return -1;
    return libcurl.easy_setopt(easy, OPT_HTTPHEADER, transfer->headers) == 0 ? 0 : -1;
}

long pv_curl_transfer_status(const pv_curl_transfer *transfer) {
    long status = 0;
    libcurl.easy_getinfo(transfer->easy, INFO_RESPONSE_CODE, &status);
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
    const char *summary = libcurl.easy_strerror(code);
    if (transfer->error[0] == 0) return summary;
    strncpy(mutable->message, transfer->error, sizeof mutable->message - 1);
    mutable->message[sizeof mutable->message - 1] = 0;
    return mutable->message;
}

