// CPUID for the assembler's feature query: the one instruction Swift cannot issue.
//
// Invariant: on a non-x86 host every query answers 0 (no feature), so callers fall back to the
// baseline (SSE2) instruction sequences.
#ifndef VMREPL_CCPUID_H
#define VMREPL_CCPUID_H

#include <stdint.h>

/// The ECX word of CPUID leaf 1 (SSE3, SSSE3, SSE4.1 = bit 19, SSE4.2, POPCNT...); 0 off x86.
uint32_t ccpuid_leaf1_ecx(void);

#endif
