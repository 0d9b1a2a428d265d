package io.wasmgi.cluster.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This container's view of its cluster, the facts of the {@code cluster:members}, {@code cluster:plugins} and
 * {@code cluster:config} commands. Registered while the cluster bundle runs, member or not: each method throws
 * {@link NotAMemberException} while this container is not a member.
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
