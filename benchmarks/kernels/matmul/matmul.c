/* The `matmul` kernel (strided loads): C = A x B for n x n int32 matrices filled from a xorshift32 seeded with
 * seed, naive i-j-k order, so the inner loop walks B down a column (a stride of 4n bytes). calc(n, seed)
 * returns a hash of C. Arithmetic on uint32_t: wrapping, the same on every engine. 0 if n is 0 or too large.
 * Strings as in plugins/mul/mul.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t xorshift32(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

uint32_t calc(uint32_t n, uint32_t seed) {
    if (n == 0 || n > 1024) {
        return 0;
    }
    uint32_t cells = n * n;
    uint32_t *a = malloc(3 * cells * sizeof(uint32_t));
    if (a == NULL) {
        return 0;
    }
    uint32_t *b = a + cells, *c = b + cells;
    uint32_t state = seed | 1; /* xorshift32 never leaves 0 */
    for (uint32_t i = 0; i < 2 * cells; i++) {
        a[i] = xorshift32(&state) & 0xffff; /* fills a, then b */
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            uint32_t sum = 0;
            for (uint32_t k = 0; k < n; k++) {
                sum += a[i * n + k] * b[k * n + j];
            }
            c[i * n + j] = sum;
        }
    }
    uint32_t hash = 0;
    for (uint32_t i = 0; i < cells; i++) {
        hash = hash * 31 + c[i];
    }
    free(a);
    return hash;
}

char *name(void) {
    char *s = malloc(7);
    strcpy(s, "matmul");
    return s;
}

char *operator(void) {
    char *s = malloc(7);
    strcpy(s, "matmul");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
