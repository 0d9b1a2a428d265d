package io.wasmgi.wasm.host.api;

/**
 * One effective limit of a plugin and where its value came from.
 *
 * @param key    the configuration key, e.g. {@code timeout}
 * @param value  the value as it applies, e.g. {@code 1000ms}
 * @param origin {@code default}, {@code configuration}, {@code manifest} or {@code plugin configuration}, with
 *               {@code , capped} when the container's maximum lowered it
 */
public record Limit(String key, String value, String origin) {}
