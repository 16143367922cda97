// libcurl's setopt/getinfo calls are variadic and cannot be called from Swift;
// these one-type wrappers can. Only the Fetching target imports this module.
#ifndef WIREWATCH_CCURL_SHIM_H
#define WIREWATCH_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode ww_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ww_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ww_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ww_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ww_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*ww_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode ww_easy_setopt_datacb(CURL *h, CURLoption o, ww_data_callback cb) { return curl_easy_setopt(h, o, cb); }

typedef int (*ww_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ww_easy_setopt_xferinfocb(CURL *h, CURLoption o, ww_xferinfo_callback cb) { return curl_easy_setopt(h, o, cb); }

static inline CURLcode ww_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ww_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ww_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ww_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ww_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode ww_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

// CURLMsg.data is a union; Swift cannot read its members.
static inline CURLcode ww_msg_result(const CURLMsg *msg) { return msg->data.result; }

#endif
