// Capstone, the disassembler behind machine-code listings (Debian's libcapstone-dev, 4.x), opened
// with dlopen on first use instead of linked: a listing is rare, and a linked libcapstone costs
// every start-up of vmrepl its relocations (about 1.3M instructions and 3 MB resident, measured
// on `vmrepl -e ''`). Only the header's types are used at build time.
#include <capstone/capstone.h>
#include <dlfcn.h>
#include <stddef.h>

typedef struct vmrepl_capstone_api {
    cs_err (*open)(cs_arch arch, cs_mode mode, csh *handle);
    cs_err (*option)(csh handle, cs_opt_type type, size_t value);
    cs_insn *(*malloc)(csh handle);
    bool (*disasm_iter)(csh handle, const uint8_t **code, size_t *size, uint64_t *address, cs_insn *insn);
    void (*free)(cs_insn *insn, size_t count);
    cs_err (*close)(csh *handle);
} vmrepl_capstone_api;

/// The library's functions, or NULL when it cannot be loaded (listings then show bytes only).
/// Not thread-safe on first use: listings are made on the VM's thread.
static inline const vmrepl_capstone_api *vmrepl_capstone(void) {
    static vmrepl_capstone_api api;
    static int state = 0;  // 0: not tried, 1: loaded, -1: missing
    if (state == 0) {
        void *lib = dlopen("libcapstone.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib) lib = dlopen("libcapstone.so", RTLD_NOW | RTLD_LOCAL);
        state = -1;
        if (lib) {
            api.open = (cs_err (*)(cs_arch, cs_mode, csh *))dlsym(lib, "cs_open");
            api.option = (cs_err (*)(csh, cs_opt_type, size_t))dlsym(lib, "cs_option");
            api.malloc = (cs_insn *(*)(csh))dlsym(lib, "cs_malloc");
            api.disasm_iter = (bool (*)(csh, const uint8_t **, size_t *, uint64_t *, cs_insn *))dlsym(lib, "cs_disasm_iter");
            api.free = (void (*)(cs_insn *, size_t))dlsym(lib, "cs_free");
            api.close = (cs_err (*)(csh *))dlsym(lib, "cs_close");
            if (api.open && api.option && api.malloc && api.disasm_iter && api.free && api.close) state = 1;
        }
    }
    return state == 1 ? &api : NULL;
}
