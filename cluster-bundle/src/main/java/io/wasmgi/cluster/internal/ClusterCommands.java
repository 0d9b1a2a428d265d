package io.wasmgi.cluster.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.wasmgi.cluster.api.ClusterPlugin;
import io.wasmgi.cluster.api.MemberInfo;
import io.wasmgi.cluster.api.NotAMemberException;
import io.wasmgi.cluster.api.Placement;
import io.wasmgi.wasm.host.api.PluginHostException;

/**
 * The {@code cluster:*} shell commands: what {@link ClusterMember} knows and does, in one line per fact and one
 * line per refusal (on standard error, starting with {@code cluster:}).
 */
@Component(
        service = ClusterCommands.class,
        property = {
            "osgi.command.scope=cluster",
            "osgi.command.function=members",
            "osgi.command.function=load",
            "osgi.command.function=unload",
            "osgi.command.function=plugins",
            "osgi.command.function=config"
        })
public class ClusterCommands {

    @Reference
    private ClusterMember member;

    @Descriptor("list the cluster's members: id, address, since when, how many cluster plugins each serves")
    public void members() {
        ClusterFacts facts = factsOrSayWhyNot();
        if (facts == null) {
            return;
        }
        PrintStream out = System.out;
        out.printf("%-36s %-21s %-30s %s%n", "ID", "ADDRESS", "SINCE", "SERVING");
        for (MemberInfo m : facts.members()) {
            out.printf(
                    "%-36s %-21s %-30s %d of %d%s%n",
                    m.id(),
                    m.address(),
                    m.since(),
                    m.serving(),
                    m.clusterPlugins(),
                    m.local() ? "  (this member)" : "");
        }
    }

    @Descriptor("store a raw .wasm module in the cluster: every member installs and serves it")
    public void load(@Descriptor("a path such as plugins/sub/sub.wasm, or a URL") String source) {
        String shown = ClusterMember.printable(source);
        ModuleSource.Module module;
        try {
            member.clusterName(); // not a member: say so before reading anything
            module = ModuleSource.read(source);
            ClusterMember.Stored stored = member.store(module);
            System.out.println("cluster: stored plugin '" + module.name() + "' (sha256:"
                    + stored.sha256().substring(0, 12) + ", " + module.bytes().length + " bytes) in cluster "
                    + member.clusterName() + (stored.replacedPrevious() ? ", replacing the previous module" : "")
                    + "; every member installs it");
        } catch (NotAMemberException e) {
            System.err.println("cluster: cannot load " + shown + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            System.err.println("cluster: cannot load " + shown + ": no such file");
        } catch (IOException | RuntimeException e) {
            System.err.println("cluster: cannot load " + shown + ": " + ClusterMember.oneLine(e));
        } catch (InterruptedException e) {
            System.err.println("cluster: stopped loading " + shown + ": interrupted");
        }
    }

    @Descriptor("remove a cluster plugin: every member uninstalls it")
    public void unload(@Descriptor("the plugin's name, as cluster:plugins shows it") String name) {
        try {
            if (member.remove(name)) {
                System.out.println("cluster: removed plugin '" + name + "' from cluster " + member.clusterName()
                        + "; every member uninstalls it");
            } else {
                System.err.println("cluster: no cluster plugin is named '" + ClusterMember.printable(name) + "'");
            }
        } catch (NotAMemberException e) {
            System.err.println("cluster: cannot unload: " + e.getMessage());
        }
    }

    @Descriptor("list the cluster's plugins: on how many members each serves, and on each member where it does"
            + " not, whether it was refused there (and why) or is still installing")
    public void plugins() {
        ClusterFacts facts = factsOrSayWhyNot();
        if (facts == null) {
            return;
        }
        PrintStream out = System.out;
        if (facts.plugins().isEmpty()) {
            out.println("No cluster plugin is loaded (cluster:load PATH|URL loads one).");
            return;
        }
        for (ClusterPlugin plugin : facts.plugins()) {
            out.printf(
                    "%-20s sha256:%s  serving on %d of %d members%n",
                    plugin.name(),
                    plugin.sha256().substring(0, 12),
                    plugin.serving(),
                    plugin.placements().size());
            for (Placement p : plugin.placements()) {
                if (p.state() == Placement.State.REFUSED) {
                    out.printf("  %-21s refused     %s%n", p.address(), p.reason());
                } else if (p.state() == Placement.State.INSTALLING) {
                    out.printf("  %-21s installing%n", p.address());
                }
            }
        }
    }

    @Descriptor("list the host configuration set cluster-wide")
    public void config() {
        Map<String, String> values;
        try {
            values = member.configuration(p -> System.err.println("cluster: " + p));
        } catch (NotAMemberException e) {
            System.err.println("cluster: " + e.getMessage());
            return;
        }
        if (values.isEmpty()) {
            System.out.println("No cluster-wide configuration (cluster:config KEY VALUE sets one on every member).");
        }
        values.forEach((k, v) -> System.out.println(k + " = " + v));
    }

    @Descriptor("set one host configuration key on every member, checked as calc:config checks it (memory.max,"
            + " timeout, pool.size, engine, memory.budget, plugin.<bundle symbolic name>.<key>); no value removes"
            + " it from the cluster and from every member")
    public void config(
            @Descriptor("the key, e.g. timeout") String key,
            @Descriptor("the value, e.g. 250ms, 32MiB, 4, interpreter") String... value) {
        String joined = value.length == 0 ? null : String.join(" ", value);
        try {
            List<String> notes = member.configure(key, joined);
            notes.forEach(note -> System.out.println("cluster: " + note));
            String cluster = member.clusterName();
            System.out.println(
                    joined == null
                            ? "cluster: removed " + key + " from cluster " + cluster + "; every member removes it"
                            : "cluster: " + key + " = " + joined + " in cluster " + cluster
                                    + "; every member applies it");
        } catch (NotAMemberException | IllegalStateException e) {
            System.err.println("cluster: cannot set " + ClusterMember.printable(key) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            System.err.println("cluster: " + ClusterMember.printable(e.getMessage()));
        } catch (PluginHostException e) {
            System.err.println("cluster: " + e.getMessage());
        }
    }

    /** The cluster's facts, what was left out of them said first; or null, said why. */
    private ClusterFacts factsOrSayWhyNot() {
        try {
            ClusterFacts facts = member.facts();
            facts.problems().forEach(p -> System.err.println("cluster: " + p));
            return facts;
        } catch (NotAMemberException e) {
            System.err.println("cluster: " + e.getMessage());
            return null;
        }
    }
}
