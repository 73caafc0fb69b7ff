// zlib (Debian zlib1g-dev) for gunzip of ATT&CK bundles.
#include <zlib.h>
