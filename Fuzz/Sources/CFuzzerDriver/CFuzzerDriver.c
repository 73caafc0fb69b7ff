// Declares libFuzzer's driver for Swift and calls it once for every target.
#include "CFuzzerDriver.h"

// Defined by each fuzz target (Swift, `@_cdecl("LLVMFuzzerTestOneInput")`).
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int KagamiFuzzerMain(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
