/* The `fib` kernel (call-heavy): the doubly recursive Fibonacci, fib(n) = fib(n-1) + fib(n-2), with fib(0) =
 * seed and fib(1) = seed + 1, wrapping modulo 2^32. clang turns one of the two calls into a loop (tail-call
 * accumulation) but keeps the other, so the work is still about fib(n) calls. calc(n, seed) returns fib(n);
 * n above 45 would take minutes: 0. Strings as in plugins/mul/mul.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fib(uint32_t n, uint32_t seed) {
    return n < 2 ? seed + n : fib(n - 1, seed) + fib(n - 2, seed);
}

uint32_t calc(uint32_t n, uint32_t seed) {
    return n > 45 ? 0 : fib(n, seed);
}

char *name(void) {
    char *s = malloc(4);
    strcpy(s, "fib");
    return s;
}

char *operator(void) {
    char *s = malloc(4);
    strcpy(s, "fib");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
