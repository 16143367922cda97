// glibc's malloc.h (mallopt, malloc_trim), which the Glibc module does not export.
#include <malloc.h>
