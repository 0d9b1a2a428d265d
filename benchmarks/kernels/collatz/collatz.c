/* The `collatz` kernel (branchy 64-bit integer code): the Collatz steps (x odd: 3x + 1, even: x / 2, until 1)
 * of every start x in [seed + 1, seed + n], on 64-bit integers since paths climb far above the start.
 * calc(n, seed) returns the total number of steps mixed with the start of the longest path.
 * Strings as in plugins/mul/mul.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t calc(uint32_t n, uint32_t seed) {
    uint64_t total = 0;
    uint32_t longest = 0;
    uint64_t longest_start = 0;
    for (uint32_t k = 1; k <= n; k++) {
        uint64_t x = (uint64_t)seed + k;
        uint32_t steps = 0;
        while (x != 1) {
            if (x & 1) {
                x = 3 * x + 1;
            } else {
                x >>= 1;
            }
            steps++;
        }
        total += steps;
        if (steps > longest) {
            longest = steps;
            longest_start = (uint64_t)seed + k;
        }
    }
    return (uint32_t)(total ^ (total >> 32)) * 31 + (uint32_t)longest_start;
}

char *name(void) {
    char *s = malloc(8);
    strcpy(s, "collatz");
    return s;
}

char *operator(void) {
    char *s = malloc(8);
    strcpy(s, "collatz");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
