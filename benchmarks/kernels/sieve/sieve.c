/* The `sieve` kernel (memory-bound byte stores): a sieve of Eratosthenes over n bytes, one per number, an
 * array larger than the caches. calc(n, seed) returns the number of primes below n mixed with a hash of them
 * started from seed, so that every engine must find the same primes. 0 if the array cannot be allocated.
 * Strings as in plugins/mul/mul.c: malloc'ed and strcpy'ed, freed again in release_string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t calc(uint32_t n, uint32_t seed) {
    if (n < 2 || n > (64u << 20)) {
        return 0;
    }
    uint8_t *composite = malloc(n);
    if (composite == NULL) {
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        composite[i] = 0;
    }
    for (uint32_t i = 2; i * i < n; i++) {
        if (!composite[i]) {
            for (uint32_t j = i * i; j < n; j += i) {
                composite[j] = 1;
            }
        }
    }
    uint32_t count = 0, hash = seed;
    for (uint32_t i = 2; i < n; i++) {
        if (!composite[i]) {
            count++;
            hash = hash * 31 + i;
        }
    }
    free(composite);
    return count ^ hash;
}

char *name(void) {
    char *s = malloc(6);
    strcpy(s, "sieve");
    return s;
}

char *operator(void) {
    char *s = malloc(6);
    strcpy(s, "sieve");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
