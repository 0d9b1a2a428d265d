/* A node addon (N-API) with one function, threadCpuMs(): the CPU time of the calling thread in ms
 * (CLOCK_THREAD_CPUTIME_ID, ns resolution). node 20 has no per-thread CPU clock of its own (process.cpuUsage
 * counts every thread, V8's compiler and GC threads included; process.threadCpuUsage came in node 23), and
 * /proc/thread-self/schedstat is only updated at scheduler ticks (4 ms here). Built by benchmarks/run.sh:
 * clang -O2 -shared -fPIC -I/usr/include/node -o thread_cpu.node thread_cpu.c */
#include <node_api.h>
#include <time.h>

static napi_value thread_cpu_ms(napi_env env, napi_callback_info info) {
    (void)info;
    struct timespec t;
    napi_value ms = NULL;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) {
        napi_throw_error(env, NULL, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return NULL;
    }
    napi_create_double(env, t.tv_sec * 1e3 + t.tv_nsec / 1e6, &ms);
    return ms;
}

NAPI_MODULE_INIT() {
    napi_value fn;
    if (napi_create_function(env, "threadCpuMs", NAPI_AUTO_LENGTH, thread_cpu_ms, NULL, &fn) != napi_ok
            || napi_set_named_property(env, exports, "threadCpuMs", fn) != napi_ok) {
        return NULL;
    }
    return exports;
}
