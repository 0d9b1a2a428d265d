/* The `pow` plugin: the heavy one, for benchmarks. calc(a, b) is a to the power b, computed by b
 * multiplications modulo 2^32 in a plain loop, so that its cost grows with b and every engine runs the same
 * work. The pragma keeps it one multiplication per iteration: without it clang -O2 unrolls the wasm loop 8
 * times and, for x86, vectorises it into independent partial products (SSE pmuludq), which is no longer
 * the same work as a wasm engine's loop.
 * Strings as in mul.c: malloc'ed and strcpy'ed, freed again in release_string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t calc(uint32_t a, uint32_t b) {
    uint32_t r = 1;
#pragma clang loop unroll(disable) vectorize(disable) interleave(disable)
    for (uint32_t i = 0; i < b; i++) {
        r *= a;
    }
    return r;
}

char *name(void) {
    char *s = malloc(4);
    strcpy(s, "pow");
    return s;
}

char *operator(void) {
    char *s = malloc(2);
    strcpy(s, "^");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
