package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.testsupport.Wat;

/**
 * Any bundle can follow the plugins' lives through Event Admin: here, an EventHandler of the test bundle. The
 * topics and keys are written out as docs/api.md gives them (PluginEvents in the host's API names them).
 */
class EventsTest extends FrameworkTest {

    private static final String TOPICS = "io/wasmgi/plugin/*";
    private static final String SERVING = "io/wasmgi/plugin/SERVING";
    private static final String REFUSED = "io/wasmgi/plugin/REFUSED";
    private static final String FAULT = "io/wasmgi/plugin/FAULT";
    private static final String REMOVED = "io/wasmgi/plugin/REMOVED";

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @BeforeEach
    void listen() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPICS);
        handler = context.registerService(EventHandler.class, events::add, properties);
    }

    @AfterEach
    void stopListening() {
        handler.unregister();
    }

    @Test
    void servingRefusedFaultAndRemovedArePosted() throws Exception {
        Bundle add = installPlugin("add");
        Event serving = next(SERVING, add);
        assertEquals("add", serving.getProperty("plugin.name"));
        assertEquals("+", serving.getProperty("plugin.symbol"));
        assertEquals(add.getSymbolicName(), serving.getProperty("bundle.symbolicName"));

        Bundle refused = installModule(
                "io.wasmgi.test.events.refused", "not wasm".getBytes(StandardCharsets.US_ASCII), Map.of());
        Event refusal = next(REFUSED, refused);
        assertTrue(
                String.valueOf(refusal.getProperty("reason")).contains("not a valid wasm module"),
                String.valueOf(refusal.getProperty("reason")));

        Bundle trap = installModule("io.wasmgi.test.events.trap", Wat.module("unreachable"), Map.of());
        next(SERVING, trap);
        assertThrows(CalcException.class, () -> operator("trap").calc(1, 2));
        Event fault = next(FAULT, trap);
        assertEquals("FAULT", fault.getProperty("fault.reason"));

        add.uninstall();
        next(REMOVED, add);
    }

    /** The next event of {@code topic} about {@code bundle}, within 30 s; others are passed over. */
    private Event next(String topic, Bundle bundle) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Event event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null
                    && event.getTopic().equals(topic)
                    && Long.valueOf(bundle.getBundleId()).equals(event.getProperty("bundle.id"))) {
                return event;
            }
        }
        throw new AssertionError("no " + topic + " event for bundle " + bundle.getBundleId());
    }
}
