package io.wasmgi.cluster.api;

/**
 * One member of the cluster.
 *
 * @param id             the member's id (a UUID)
 * @param address        where it listens, {@code host:port}
 * @param since          when it joined (ISO-8601), as it said itself
 * @param serving        how many of the cluster's plugins it serves
 * @param clusterPlugins how many plugins the cluster holds
 * @param local          whether it is this container
 */
public record MemberInfo(String id, String address, String since, int serving, int clusterPlugins, boolean local) {}
