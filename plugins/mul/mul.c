/* The `mul` plugin, written the way the original article did: the strings are
 * malloc'ed and strcpy'ed, and freed again in release_string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t calc(uint32_t a, uint32_t b) {
    return a * b;
}

char *name(void) {
    char *s = malloc(4);
    strcpy(s, "mul");
    return s;
}

char *operator(void) {
    char *s = malloc(2);
    strcpy(s, "*");
    return s;
}

void release_string(char *ptr) {
    free(ptr);
}
