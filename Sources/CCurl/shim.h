#ifndef EVERMED_CCURL_SHIM_H
#define EVERMED_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt/getinfo are variadic: one typed wrapper per argument type. */
typedef size_t (*evm_curl_write_fn)(char *, size_t, size_t, void *);
typedef int (*evm_curl_xferinfo_fn)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

static inline CURLcode evm_curl_setopt_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode evm_curl_setopt_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode evm_curl_setopt_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode evm_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode evm_curl_setopt_write(CURL *c, evm_curl_write_fn fn) { return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fn); }
static inline CURLcode evm_curl_setopt_xferinfo(CURL *c, evm_curl_xferinfo_fn fn) { return curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, fn); }
static inline CURLcode evm_curl_setopt_header(CURL *c, evm_curl_write_fn fn) { return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, fn); }
static inline CURLcode evm_curl_setopt_offset(CURL *c, CURLoption o, curl_off_t v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode evm_curl_getinfo_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }
#endif
