// VMState: the words that compiled code, the interpreter and the SIGINT handler share.
//
// Invariants (ARCHITECTURE.md §5, the interrupt protocol):
//  - One VMState lives at a fixed address for the life of a VM (allocated once, never moved).
//  - `effective_limit` is the only word the fast path reads: every function entry and every loop
//    back-edge compares the frame's stack top (an address) against it and takes the slow path
//    when top > effective_limit. Normally effective_limit == real_limit.
//  - A request (interrupt, profiler tick, a finished background compile, deopt-here, hooks,
//    pause...) first sets its bit in `pending`, then stores 0 into `effective_limit`, so every
//    check fails. Nothing else.
//  - The slow path tells a real overflow from a request by looking at `pending`, services each
//    bit, and restores effective_limit = real_limit.
//  - The signal handler touches only `pending` and `effective_limit` of the active state, with
//    atomic stores, and allocates nothing.
#ifndef VMREPL_VMSTATE_H
#define VMREPL_VMSTATE_H

#include <stdint.h>

enum {
    VMSTATE_REQUEST_INTERRUPT = 1u << 0,  // Ctrl-C: stop the running code
    VMSTATE_REQUEST_DEOPT     = 1u << 1,  // reserved for the JIT's :deopt-here
    VMSTATE_REQUEST_GC        = 1u << 2,  // reserved: collect at the next safe point
    VMSTATE_REQUEST_HOOKS     = 1u << 3,  // debug hooks were set: loops re-enter their hooked form
    VMSTATE_REQUEST_PAUSE     = 1u << 4,  // Ctrl-\ (SIGQUIT): show where the code is, then go on
    VMSTATE_REQUEST_SAMPLE    = 1u << 5,  // the profiler's timer: record the stack, then go on
    VMSTATE_REQUEST_INSTALL   = 1u << 6,  // the JIT's compiler thread finished code: install it
};

typedef struct VMState {
    uintptr_t effective_limit;   // read with vmstate_limit(); written atomically
    uintptr_t real_limit;        // the current coroutine stack's true limit
    uint32_t pending;            // request bits, atomically or-ed in
    uint32_t interrupt_count;    // how many SIGINTs arrived (the REPL's last-resort exit uses it)
    uint64_t last_interrupt_ns;  // CLOCK_MONOTONIC time of the last SIGINT
    // Read by compiled code's direct calls (the method JIT's call lowering), written by the VM:
    void *thread;                // the running LThread (vm.current)
    // Written by compiled code: the start of the code version whose exit stub ran last (after a
    // compiled tail call, the code that exits is not the code its caller entered).
    const void *exit_code;
    uint32_t direct_calls;       // compiled-to-compiled calls now nested on the native stack
    uint32_t unused;
} VMState;

static inline uintptr_t vmstate_limit(const VMState *s) {
    return __atomic_load_n(&s->effective_limit, __ATOMIC_RELAXED);
}
static inline void vmstate_set_limit(VMState *s, uintptr_t v) {
    __atomic_store_n(&s->effective_limit, v, __ATOMIC_RELAXED);
}
static inline uint32_t vmstate_pending(const VMState *s) {
    return __atomic_load_n(&s->pending, __ATOMIC_ACQUIRE);
}
/// How many SIGINTs arrived, and when the last one did (the REPL's last-resort watchdog reads them
/// from another thread).
static inline uint32_t vmstate_interrupt_count(const VMState *s) {
    return __atomic_load_n(&s->interrupt_count, __ATOMIC_RELAXED);
}
static inline uint64_t vmstate_last_interrupt_ns(const VMState *s) {
    return __atomic_load_n(&s->last_interrupt_ns, __ATOMIC_RELAXED);
}
/// Post a request: set the bit, then make every stack check fail.
static inline void vmstate_request(VMState *s, uint32_t bit) {
    __atomic_fetch_or(&s->pending, bit, __ATOMIC_RELEASE);
    __atomic_store_n(&s->effective_limit, (uintptr_t)0, __ATOMIC_RELEASE);
}
/// Take (and clear) the pending bits; the caller services them and restores the limit.
static inline uint32_t vmstate_take_pending(VMState *s) {
    return __atomic_exchange_n(&s->pending, 0u, __ATOMIC_ACQ_REL);
}
/// Drop the requests in `bits` (the others stay posted), then restore the limit if none is left.
static inline void vmstate_clear(VMState *s, uint32_t bits) {
    __atomic_fetch_and(&s->pending, ~bits, __ATOMIC_ACQ_REL);
    if (__atomic_load_n(&s->pending, __ATOMIC_ACQUIRE) == 0)
        __atomic_store_n(&s->effective_limit, s->real_limit, __ATOMIC_RELEASE);
}
/// Restore the effective limit after the requests were served (keeps it failing if a new
/// request arrived meanwhile).
static inline void vmstate_restore_limit(VMState *s) {
    if (__atomic_load_n(&s->pending, __ATOMIC_ACQUIRE) == 0)
        __atomic_store_n(&s->effective_limit, s->real_limit, __ATOMIC_RELEASE);
}

/// The VMState the SIGINT handler targets (NULL: none). Set by the embedding API.
extern VMState *vmrepl_active_state;  // accessed with __atomic builtins only

/// Install the SIGINT handler (idempotent). The handler posts VMSTATE_REQUEST_INTERRUPT to the
/// active state and records the time; it does nothing else.
static inline void vmrepl_set_active_state(VMState *s) {
    __atomic_store_n(&vmrepl_active_state, s, __ATOMIC_RELEASE);
}
static inline VMState *vmrepl_get_active_state(void) {
    return __atomic_load_n(&vmrepl_active_state, __ATOMIC_ACQUIRE);
}

void vmrepl_install_sigint_handler(void);
/// Restore the default SIGINT disposition.
void vmrepl_uninstall_sigint_handler(void);
/// Install the SIGQUIT (Ctrl-\) handler: it posts VMSTATE_REQUEST_PAUSE to the active state and
/// does nothing else. With SA_RESTART, so a blocking read the program makes goes on.
void vmrepl_install_sigquit_handler(void);

#endif
