package io.wasmgi.cluster.internal;

import java.time.Instant;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/** The embedded Hazelcast member's configuration: TCP join only, bound to one address, secret-derived name. */
final class EngineConfig {

    static final String MODULES = "wasmgi.modules";
    static final String NAMES = "wasmgi.module-names";
    /** Each member's state of every cluster plugin, by member id: see {@link MemberStates}. */
    static final String STATES = "wasmgi.member-states";
    /** The host configuration set cluster-wide, key to value: see {@link ClusterConfig}. */
    static final String CONFIG = "wasmgi.config";

    static final String SINCE = "wasmgi.since";

    private EngineConfig() {}

    static Config of(ClusterSettings settings, ClassLoader classLoader) {
        Config config = new Config();
        config.setClassLoader(classLoader);
        config.setClusterName(settings.engineClusterName());
        config.setInstanceName(
                "wasmgi-" + settings.name() + "-" + ProcessHandle.current().pid());
        // no calls home, no JVM shutdown hook of its own (the framework's stop shuts the member down), logs
        // through java.util.logging
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // listen on the given address only, not on every interface
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(!settings.portGiven());
        network.getInterfaces().setEnabled(true).addInterface(settings.bind());
        // the REST endpoint is off by default in 5.x; the memcache protocol too, said here as well
        network.getMemcacheProtocolConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        // the modules survive the loss of any one member: one synchronous backup of every entry
        config.getMapConfig(MODULES).setBackupCount(1);
        config.getMapConfig(NAMES).setBackupCount(1);
        config.getMapConfig(CONFIG).setBackupCount(1);
        config.getJetConfig().setEnabled(false);
        config.getMemberAttributeConfig().setAttribute(SINCE, Instant.now().toString());
        return config;
    }
}
