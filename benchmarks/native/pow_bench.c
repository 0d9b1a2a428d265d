/* The native baseline: plugins/pow/pow.c compiled for this machine with clang -O2 and linked with this harness
 * (built by benchmarks/run.sh). calc lives in its own translation unit and a, b come from argv, so clang can
 * neither inline nor fold it; run.sh checks in the disassembly that calc stays one imul per iteration.
 * Prints one JSON object: the median and minimum of RUNS timed calls.
 * Usage: pow_bench A B RUNS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t calc(uint32_t a, uint32_t b);

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s A B RUNS\n", argv[0]);
        return 2;
    }
    uint32_t a = (uint32_t)strtoul(argv[1], NULL, 10);
    uint32_t b = (uint32_t)strtoul(argv[2], NULL, 10);
    int runs = atoi(argv[3]);
    double *ms = calloc((size_t)runs, sizeof *ms);
    uint32_t result = calc(a, b); /* one warm-up call */
    for (int i = 0; i < runs; i++) {
        double start = now_ms();
        result = calc(a, b); /* an external call: clang cannot drop it */
        ms[i] = now_ms() - start;
    }
    qsort(ms, (size_t)runs, sizeof *ms, by_value);
    double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    printf("{\"a\": %u, \"b\": %u, \"result\": %u, \"runs\": %d, \"medianMs\": %.3f, \"minMs\": %.3f}\n",
           a, b, result, runs, median, ms[0]);
    return 0;
}
