/**
 * What a wasmgi cluster member tells other bundles (the web console, an operator's tool) about its cluster, as an
 * OSGi service ({@link io.wasmgi.cluster.api.ClusterView}): the members, the cluster's plugins and where each
 * serves or is refused and why, and the cluster-wide host configuration. Read only; the implementation stays
 * private to the cluster bundle. Text that came from another member or from a module is already made inert
 * (no control, format or separator characters) and bounded.
 */
@Export
@Version("1.0.0")
package io.wasmgi.cluster.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
