// Capstone, the disassembler behind machine-code listings (Debian's libcapstone-dev, 4.x).
#include <capstone/capstone.h>
