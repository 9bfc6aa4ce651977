// output_stream: a C stdio stream whose writes go to a callback (the embedding API captures Lua's
// output through it). C because fopencookie needs _GNU_SOURCE, which Swift's Glibc lacks.
//
// Invariants: the stream is fully owned by the caller (fclose it); the callback gets every
// flushed run of bytes, never more than once, and reports how many it took (all of them).
#ifndef VMREPL_OUTPUT_STREAM_H
#define VMREPL_OUTPUT_STREAM_H

#include <stdio.h>
#include <stddef.h>

typedef void (*output_stream_write_fn)(void *cookie, const char *bytes, size_t count);

/// A write-only stream calling `write(cookie, bytes, count)` for what it flushes; NULL on failure.
FILE *output_stream_open(void *cookie, output_stream_write_fn write);

#endif
