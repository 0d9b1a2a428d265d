package io.wasmgi.wasm.host.internal.log;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/** The only class that names the OSGi Log API: loaded only when the host is wired to it. */
final class OsgiLogSink implements HostLog.Sink {

    private final LoggerFactory factory;

    private OsgiLogSink(LoggerFactory factory) {
        this.factory = factory;
    }

    static HostLog.Sink of(Object factory) {
        return new OsgiLogSink((LoggerFactory) factory);
    }

    @Override
    public void log(String logger, boolean warning, String message) {
        Logger target = factory.getLogger(logger);
        if (warning) {
            target.warn(message);
        } else {
            target.info(message);
        }
    }
}
