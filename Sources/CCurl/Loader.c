// Loading libcurl (dlopen; every function reached through a pointer found with dlsym, declared with libcurl's own
// prototype, so the variadic ones stay variadic and calls follow the C ABI exactly) and driving its multi handle.
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

struct pv_curl_functions libcurl;

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
        *(void **)(&libcurl.field) = dlsym(library, symbol);                                                     \
        if (libcurl.field == NULL) {                                                                             \
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
    if (libcurl.global_init(GLOBAL_ALL) != 0) {
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

pv_curl_multi *pv_curl_multi_create(long max_host_connections) {
    if (pv_curl_load() != NULL) return NULL;
    pv_curl_multi *multi = calloc(1, sizeof *multi);
    if (multi == NULL) return NULL;
    multi->handle = libcurl.multi_init();
    if (multi->handle == NULL) {
        free(multi);
        return NULL;
    }
    libcurl.multi_setopt(multi->handle, MOPT_MAX_HOST_CONNECTIONS, max_host_connections);
    libcurl.multi_setopt(multi->handle, MOPT_PIPELINING, 0L);
    return multi;
}

void pv_curl_multi_destroy(pv_curl_multi *multi) {
    if (multi == NULL) return;
    libcurl.multi_cleanup(multi->handle);
    free(multi);
}

void pv_curl_multi_perform(pv_curl_multi *multi) {
    int running = 0;
    libcurl.multi_perform(multi->handle, &running);
}

void pv_curl_multi_poll(pv_curl_multi *multi, int timeout_ms) {
    int ready = 0;
    libcurl.multi_poll(multi->handle, NULL, 0, timeout_ms, &ready);
}

void pv_curl_multi_wakeup(pv_curl_multi *multi) { libcurl.multi_wakeup(multi->handle); }

pv_curl_transfer *pv_curl_multi_next_done(pv_curl_multi *multi, int *code) {
    int left = 0;
    CURLMsg *message;
    while ((message = libcurl.multi_info_read(multi->handle, &left)) != NULL) {
        if (message->msg != MSG_DONE) continue;
        pv_curl_transfer *transfer = NULL;
        libcurl.easy_getinfo(message->easy_handle, INFO_PRIVATE, (char **)&transfer);
        if (transfer == NULL) continue;
        *code = message->data.result;
        return transfer;
    }
    return NULL;
}

int pv_curl_multi_add(pv_curl_multi *multi, pv_curl_transfer *transfer) {
    return libcurl.multi_add_handle(multi->handle, transfer->easy) == 0 ? 0 : -1;
}

void pv_curl_multi_remove(pv_curl_multi *multi, pv_curl_transfer *transfer) {
    libcurl.multi_remove_handle(multi->handle, transfer->easy);
}

void pv_curl_block_sigpipe(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}
