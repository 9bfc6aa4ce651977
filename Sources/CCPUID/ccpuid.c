// CPUID leaf 1, read once per call through the compiler's <cpuid.h> (see include/ccpuid.h).
#include "ccpuid.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

uint32_t ccpuid_leaf1_ecx(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return ecx;
}
#else
uint32_t ccpuid_leaf1_ecx(void) { return 0; }
#endif
