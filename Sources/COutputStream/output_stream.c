// output_stream: fopencookie (glibc) or funopen (Apple) over a write callback; see the header.
#define _GNU_SOURCE
#include "output_stream.h"
#include <stdlib.h>
#include <sys/types.h>

typedef struct {
    void *cookie;
    output_stream_write_fn write;
} Target;

#if defined(__APPLE__)
static int apple_write(void *c, const char *buf, int size) {
    Target *t = c;
    if (size > 0) t->write(t->cookie, buf, (size_t)size);
    return size;
}
static int apple_close(void *c) { free(c); return 0; }
#else
static ssize_t gnu_write(void *c, const char *buf, size_t size) {
    Target *t = c;
    if (size > 0) t->write(t->cookie, buf, size);
    return (ssize_t)size;
}
static int gnu_close(void *c) { free(c); return 0; }
#endif

FILE *output_stream_open(void *cookie, output_stream_write_fn write) {
    Target *t = malloc(sizeof *t);
    if (!t) return NULL;
    t->cookie = cookie;
    t->write = write;
#if defined(__APPLE__)
    FILE *f = funopen(t, NULL, apple_write, NULL, apple_close);
#else
    cookie_io_functions_t fns = { .read = NULL, .write = gnu_write, .seek = NULL, .close = gnu_close };
    FILE *f = fopencookie(t, "w", fns);
#endif
    if (!f) free(t);
    return f;
}
