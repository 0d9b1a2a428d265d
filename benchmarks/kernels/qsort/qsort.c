/* The `qsort` kernel (indirect calls): n pseudo-random uint32 from a xorshift32 seeded with seed, sorted by the
 * C library's qsort, which calls the comparison function through a pointer (call_indirect in wasm) for each of
 * its ~n log n comparisons. calc(n, seed) returns a position-weighted hash of the sorted array, or 0 if it is not
 * sorted (or cannot be allocated). Strings as in plugins/mul/mul.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

uint32_t calc(uint32_t n, uint32_t seed) {
    if (n == 0 || n > (16u << 20)) {
        return 0;
    }
    uint32_t *a = malloc(n * sizeof(uint32_t));
    if (a == NULL) {
        return 0;
    }
    uint32_t state = seed | 1; /* xorshift32 never leaves 0 */
    for (uint32_t i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        a[i] = state;
    }
    qsort(a, n, sizeof(uint32_t), by_value);
    uint32_t hash = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i]) {
            hash = 0;
            break;
        }
        hash += a[i] * (i + 1);
    }
    free(a);
    return hash;
}

char *name(void) {
    char *s = malloc(6);
    strcpy(s, "qsort");
    return s;
}

char *operator(void) {
    char *s = malloc(6);
    strcpy(s, "qsort");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
