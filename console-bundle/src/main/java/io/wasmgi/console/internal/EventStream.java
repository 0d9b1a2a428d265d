package io.wasmgi.console.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The host's events, fanned out to the open {@code /wasmgi/api/events} streams. Each stream has a bounded queue;
 * a client too slow to keep up loses events (and is told so), never the host's memory. At most
 * {@value #MAX_SUBSCRIBERS} streams at once: each holds a server thread.
 */
final class EventStream {

    static final int MAX_SUBSCRIBERS = 16;
    private static final int QUEUE = 256;
    /** Put in a queue to end its stream. */
    static final String END = "";

    private final List<BlockingQueue<String>> subscribers = new CopyOnWriteArrayList<>();

    /** @return the new stream's queue, or null if there are too many streams already */
    synchronized BlockingQueue<String> subscribe() {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            return null;
        }
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        subscribers.add(queue);
        return queue;
    }

    void unsubscribe(BlockingQueue<String> queue) {
        subscribers.remove(queue);
    }

    /** Hands one event (a JSON object) to every stream, without waiting for any. */
    void publish(String json) {
        for (BlockingQueue<String> queue : subscribers) {
            if (!queue.offer(json)) {
                queue.clear(); // too slow: it starts again from a note that it lost events
                queue.offer("{\"type\":\"LOST\",\"reason\":\"the stream fell behind; events were dropped\"}");
            }
        }
    }

    /** Ends every stream: the console is going away. */
    void close() {
        for (BlockingQueue<String> queue : subscribers) {
            queue.clear();
            queue.offer(END);
        }
        subscribers.clear();
    }

    /** The next event of a stream, or null if none came within {@code seconds}. */
    static String next(BlockingQueue<String> queue, int seconds) throws InterruptedException {
        return queue.poll(seconds, TimeUnit.SECONDS);
    }
}
