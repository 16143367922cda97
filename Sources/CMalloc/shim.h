// glibc's malloc.h, for malloc_trim, which the Glibc module does not export.
#include <malloc.h>
