// The SIGINT and SIGQUIT handlers: each posts its request to the active VMState and nothing else.
// Async-signal-safe: only atomic stores, clock_gettime, no allocation, no locks.
#include "vmstate.h"
#include <signal.h>
#include <string.h>
#include <time.h>

VMState *vmrepl_active_state = 0;

static void on_sigint(int sig) {
    (void)sig;
    VMState *s = __atomic_load_n(&vmrepl_active_state, __ATOMIC_ACQUIRE);
    if (!s) return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    __atomic_store_n(&s->last_interrupt_ns, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec,
                     __ATOMIC_RELAXED);
    __atomic_fetch_add(&s->interrupt_count, 1u, __ATOMIC_RELAXED);
    vmstate_request(s, VMSTATE_REQUEST_INTERRUPT);
}

void vmrepl_install_sigint_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR so io.read can stop
    sigaction(SIGINT, &sa, 0);
}

static void on_sigquit(int sig) {
    (void)sig;
    VMState *s = __atomic_load_n(&vmrepl_active_state, __ATOMIC_ACQUIRE);
    if (s) vmstate_request(s, VMSTATE_REQUEST_PAUSE);
}

void vmrepl_install_sigquit_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigquit;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;  // a read the program is waiting in goes on: it still gets its input
    sigaction(SIGQUIT, &sa, 0);
}

void vmrepl_uninstall_sigint_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, 0);
}
