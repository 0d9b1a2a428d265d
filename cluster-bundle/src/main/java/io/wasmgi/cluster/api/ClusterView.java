package io.wasmgi.cluster.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This container's view of its cluster, the facts of the {@code cluster:members}, {@code cluster:plugins} and
 * {@code cluster:config} commands. Registered while the cluster bundle runs with clustering configured (a cluster
 * name given), member or not: each method throws {@link NotAMemberException} while this container is not a
 * member (still joining, or a bad configuration: the message says which). With clustering off it is not
 * registered.
 */
@ProviderType
public interface ClusterView {

    /** The cluster's name. */
    String name();

    /** Every member, oldest first. */
    List<MemberInfo> members();

    /** Every cluster plugin, by name, with its state on each member. */
    List<ClusterPlugin> plugins();

    /** The host configuration set cluster-wide with {@code cluster:config}, by key. */
    Map<String, String> configuration();
}
