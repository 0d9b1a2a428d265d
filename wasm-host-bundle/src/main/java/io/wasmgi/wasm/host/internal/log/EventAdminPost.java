package io.wasmgi.wasm.host.internal.log;

import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The only class that names the Event Admin's types: loaded only once such a service is there. */
final class EventAdminPost {

    private EventAdminPost() {}

    static void post(Object admin, String topic, Map<String, Object> properties) {
        ((EventAdmin) admin).postEvent(new Event(topic, properties));
    }
}
