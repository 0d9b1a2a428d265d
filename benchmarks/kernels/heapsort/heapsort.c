/* The `heapsort` kernel (compare-and-swap over an array): n pseudo-random uint32 from a xorshift32 seeded with
 * seed, sorted in place by heapsort (sift-down with compares and swaps, data-dependent branches).
 * calc(n, seed) returns a position-weighted hash of the sorted array, or 0 if it is not sorted (or cannot be
 * allocated). Strings as in plugins/mul/mul.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void sift_down(uint32_t *a, uint32_t root, uint32_t end) {
    for (;;) {
        uint32_t child = 2 * root + 1;
        if (child >= end) {
            return;
        }
        if (child + 1 < end && a[child] < a[child + 1]) {
            child++;
        }
        if (a[root] >= a[child]) {
            return;
        }
        uint32_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
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
    for (uint32_t i = n / 2; i-- > 0;) {
        sift_down(a, i, n);
    }
    for (uint32_t end = n - 1; end > 0; end--) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
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
    char *s = malloc(9);
    strcpy(s, "heapsort");
    return s;
}

char *operator(void) {
    char *s = malloc(9);
    strcpy(s, "heapsort");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
