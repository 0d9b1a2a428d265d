/* The `nbody` kernel (floating point, structure fields in memory): five bodies with positions, velocities and
 * masses from a xorshift32 seeded with seed, moved n steps of a softened gravitational n-body simulation (every
 * pair's distance, a square root and a division per pair and step). The bodies live in an array of structures
 * in linear memory, so every step loads and stores dozens of f64 fields at constant offsets. calc(n, seed)
 * returns a weighted sum of the final positions, scaled by 1000 and cut to 32 bits. Strings as in
 * plugins/mul/mul.c. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BODIES 5

typedef struct {
    double x, y, z, vx, vy, vz, mass;
} body;

static uint32_t xorshift32(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

uint32_t calc(uint32_t n, uint32_t seed) {
    body b[BODIES];
    uint32_t state = seed | 1; /* xorshift32 never leaves 0 */
    for (int i = 0; i < BODIES; i++) {
        uint32_t s = xorshift32(&state);
        b[i].x = (s & 0xffff) / 6553.6 - 5;
        b[i].y = ((s >> 16) & 0xffff) / 6553.6 - 5;
        b[i].z = (s % 977) / 97.7 - 5;
        b[i].vx = (s % 13) * 0.01;
        b[i].vy = (s % 7) * 0.01;
        b[i].vz = (s % 5) * 0.01;
        b[i].mass = 1 + (s % 3);
    }
    const double dt = 0.01;
    for (uint32_t step = 0; step < n; step++) {
        for (int i = 0; i < BODIES; i++) {
            for (int j = i + 1; j < BODIES; j++) {
                double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
                double d2 = dx * dx + dy * dy + dz * dz + 0.01;
                double mag = dt / (d2 * sqrt(d2));
                b[i].vx -= dx * b[j].mass * mag;
                b[i].vy -= dy * b[j].mass * mag;
                b[i].vz -= dz * b[j].mass * mag;
                b[j].vx += dx * b[i].mass * mag;
                b[j].vy += dy * b[i].mass * mag;
                b[j].vz += dz * b[i].mass * mag;
            }
        }
        for (int i = 0; i < BODIES; i++) {
            b[i].x += dt * b[i].vx;
            b[i].y += dt * b[i].vy;
            b[i].z += dt * b[i].vz;
        }
    }
    double sum = 0;
    for (int i = 0; i < BODIES; i++) {
        sum += b[i].x * 3 + b[i].y * 5 + b[i].z * 7;
    }
    return (uint32_t)(int64_t)(sum * 1000);
}

char *name(void) {
    char *s = malloc(6);
    strcpy(s, "nbody");
    return s;
}

char *operator(void) {
    char *s = malloc(6);
    strcpy(s, "nbody");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
