/* The `crc32` kernel (table lookups): the CRC-32 of IEEE 802.3 (reflected, polynomial 0xEDB88320), one byte at
 * a time through a 256-entry table, over a buffer of n bytes filled from a xorshift32 seeded with seed.
 * calc(n, seed) returns the CRC (crc32 of "123456789" is 0xCBF43926). 0 if the buffer cannot be allocated.
 * Strings as in plugins/mul/mul.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t table[256];

static void make_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
}

uint32_t calc(uint32_t n, uint32_t seed) {
    if (n == 0 || n > (64u << 20)) {
        return 0;
    }
    uint8_t *buffer = malloc(n);
    if (buffer == NULL) {
        return 0;
    }
    uint32_t state = seed | 1; /* xorshift32 never leaves 0 */
    for (uint32_t i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        buffer[i] = (uint8_t)state;
    }
    make_table(); /* 2 048 steps: noise next to n lookups, and no state kept between calls */
    uint32_t crc = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < n; i++) {
        crc = table[(crc ^ buffer[i]) & 0xff] ^ (crc >> 8);
    }
    free(buffer);
    return crc ^ 0xFFFFFFFFu;
}

char *name(void) {
    char *s = malloc(6);
    strcpy(s, "crc32");
    return s;
}

char *operator(void) {
    char *s = malloc(6);
    strcpy(s, "crc32");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
