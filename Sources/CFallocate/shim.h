// fallocate(2) and FALLOC_FL_KEEP_SIZE, which the Glibc module does not export (they need _GNU_SOURCE).
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <linux/falloc.h>
