// NEWSIDX_EXPORT marks what the shared library exports: the API in these
// headers. Everything else is built with hidden visibility.
#pragma once

#if defined(_WIN32)
#define NEWSIDX_EXPORT
#else
#define NEWSIDX_EXPORT __attribute__((visibility("default")))
#endif
