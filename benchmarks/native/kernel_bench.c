/* The native baseline of a benchmark kernel: benchmarks/kernels/NAME/NAME.c (or the Rust kernel as a static
 * library) compiled for this machine with -O2 and linked with this harness (built by benchmarks/run.sh).
 * calc lives in its own translation unit and n, seed come from argv, so the compiler can neither inline nor
 * fold it. Two warm-up calls (page faults of the first allocation), then RUNS timed calls. glibc is told to keep
 * freed memory (no mmap per large malloc, no trimming), as a wasm memory keeps its pages: otherwise every call
 * would pay page faults the wasm engines do not.
 * Each call is timed twice: in the CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID: what the other
 * processes of a shared machine do not move, beyond caches and memory bandwidth) and in wall time (CLOCK_MONOTONIC).
 * Prints one JSON object: the checksum calc returned, the median and minimum of each, in ms, and every call's
 * CPU time (sorted).
 * Usage: kernel_bench NAME N SEED RUNS */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t calc(uint32_t n, uint32_t seed);

static double clock_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Sorts xs and returns their median. */
static double median_sorted(double *xs, int count) {
    qsort(xs, (size_t)count, sizeof *xs, by_value);
    return count % 2 ? xs[count / 2] : (xs[count / 2 - 1] + xs[count / 2]) / 2;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s NAME N SEED RUNS\n", argv[0]);
        return 2;
    }
    uint32_t n = (uint32_t)strtoul(argv[2], NULL, 10);
    uint32_t seed = (uint32_t)strtoul(argv[3], NULL, 10);
    int runs = atoi(argv[4]);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    if (runs < 1) {
        fprintf(stderr, "%s: RUNS must be at least 1\n", argv[1]);
        return 2;
    }
    double *ms = calloc((size_t)runs, sizeof *ms);
    double *cpu = calloc((size_t)runs, sizeof *cpu);
    uint32_t result = calc(n, seed);
    calc(n, seed);
    for (int i = 0; i < runs; i++) {
        double start = clock_ms(CLOCK_MONOTONIC), cpu_start = clock_ms(CLOCK_THREAD_CPUTIME_ID);
        uint32_t r = calc(n, seed); /* an external call: the compiler cannot drop it */
        cpu[i] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
        ms[i] = clock_ms(CLOCK_MONOTONIC) - start;
        if (r != result) {
            fprintf(stderr, "%s: calc(%u, %u) gave %u, then %u\n", argv[1], n, seed, result, r);
            return 1;
        }
    }
    printf("{\"kernel\": \"%s\", \"n\": %u, \"seed\": %u, \"result\": %u, \"runs\": %d, \"cpuMedianMs\": %.3f, "
           "\"cpuMinMs\": %.3f, \"medianMs\": %.3f, \"minMs\": %.3f, \"cpuMs\": [", argv[1], n, seed, result, runs,
           median_sorted(cpu, runs), cpu[0], median_sorted(ms, runs), ms[0]);
    /* every call, sorted: run.sh runs each kernel in several processes and report.mjs pools their calls */
    for (int i = 0; i < runs; i++) {
        printf(i ? ", %.3f" : "%.3f", cpu[i]);
    }
    printf("]}\n");
    return 0;
}
