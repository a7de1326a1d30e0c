// The system libcurl, loaded at run time (dlopen), behind a small non-variadic interface that Swift can call.
//
// Why not URLSession: on Linux, FoundationNetworking drives libcurl through libdispatch sources and never removes a
// socket's write source once libcurl stops asking for it, so a request waiting for its answer spins a core; and it
// hands the body to its delegate without back-pressure, so a capped body is read whole before a cancel lands.
// Here one thread drives a curl multi handle with curl_multi_poll (idle while waiting), and the body is copied in
// the write callback, which aborts the transfer the moment a cap is reached.
//
// libcurl is loaded, not linked: no development files are needed to build, and the curl ABI used here (option
// numbers, CURLMsg) has been stable since 7.68. The constants are curl's own numbers.
#ifndef PROVISION_CCURL_H
#define PROVISION_CCURL_H

#include <stddef.h>

typedef struct pv_curl_multi pv_curl_multi;
typedef struct pv_curl_transfer pv_curl_transfer;

/// Results of a finished transfer (curl's CURLcode values that the transport tells apart).
enum {
    PV_CURLE_OK = 0,
    PV_CURLE_WRITE_ERROR = 23,
    PV_CURLE_OPERATION_TIMEDOUT = 28,
};

/// Loads libcurl and initialises it once; NULL on success, else why it could not be loaded. Thread-safe.
const char *pv_curl_load(void);

/// A multi handle allowing `max_host_connections` connections per host; NULL if libcurl is not loaded.
pv_curl_multi *pv_curl_multi_create(long max_host_connections);
void pv_curl_multi_destroy(pv_curl_multi *multi);
/// Runs every transfer as far as it can go without waiting.
void pv_curl_multi_perform(pv_curl_multi *multi);
/// Waits (idle) until a socket is ready, a curl timer is due, `timeout_ms` passes or `pv_curl_multi_wakeup`.
void pv_curl_multi_poll(pv_curl_multi *multi, int timeout_ms);
/// Ends a current or the next `pv_curl_multi_poll` early; callable from any thread.
void pv_curl_multi_wakeup(pv_curl_multi *multi);
/// The next finished transfer and its CURLcode, or NULL.
pv_curl_transfer *pv_curl_multi_next_done(pv_curl_multi *multi, int *code);
int pv_curl_multi_add(pv_curl_multi *multi, pv_curl_transfer *transfer);
void pv_curl_multi_remove(pv_curl_multi *multi, pv_curl_transfer *transfer);

/// A request: no redirects followed, HTTP/1.1, http and https only, the whole exchange within `timeout_ms`. Bodies
/// are kept up to `success_cap` bytes for a 2xx answer and `error_cap` for any other; past the cap the transfer is
/// aborted (PV_CURLE_WRITE_ERROR with `pv_curl_transfer_truncated`). NULL when libcurl is not loaded.
pv_curl_transfer *pv_curl_transfer_create(
    const char *method, const char *url, long timeout_ms, size_t success_cap, size_t error_cap);
void pv_curl_transfer_destroy(pv_curl_transfer *transfer);
/// Adds a request header line, `Name: value`; 0 on success.
int pv_curl_transfer_add_header(pv_curl_transfer *transfer, const char *line);
/// The request body (copied); 0 on success.
int pv_curl_transfer_set_body(pv_curl_transfer *transfer, const void *bytes, size_t count);
/// Must be called after the headers and body are set, before the transfer is added; 0 on success.
int pv_curl_transfer_prepare(pv_curl_transfer *transfer);

long pv_curl_transfer_status(const pv_curl_transfer *transfer);
/// The header lines of the final answer (after any 100 Continue), as received.
const char *pv_curl_transfer_headers(const pv_curl_transfer *transfer, size_t *count);
const unsigned char *pv_curl_transfer_body(const pv_curl_transfer *transfer, size_t *count);
/// 1 when the body was cut at its cap.
int pv_curl_transfer_truncated(const pv_curl_transfer *transfer);
/// 1 when the answer's headers passed their cap (the transfer was aborted).
int pv_curl_transfer_headers_overflowed(const pv_curl_transfer *transfer);
/// 1 once the whole request body has been handed to the network, or the answer has begun to arrive.
int pv_curl_transfer_body_sent(const pv_curl_transfer *transfer);
/// curl's description of a failure, with its detail when it gave one.
const char *pv_curl_transfer_error(const pv_curl_transfer *transfer, int code);

/// Blocks SIGPIPE in the calling thread: a write to a closed socket then fails with EPIPE instead of killing the
/// process (libcurl does not ignore SIGPIPE when CURLOPT_NOSIGNAL is set).
void pv_curl_block_sigpipe(void);

#endif
