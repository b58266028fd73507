package org.edgegen.cluster;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node has sent to and received from other nodes over Artery: messages and serialized bytes, in total
 * and per message class. {@link WireCounter}, Artery's remote instrument, counts; nothing else does, so a local
 * run counts nothing (its messages never cross a wire).
 */
public final class WireTraffic implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(WireTraffic.class);

    /** Messages and bytes of one direction and message class. */
    private static final class Count {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
    }

    /** A count as read at one moment. */
    public record Line(String messageClass, long messages, long bytes) {}

    /** Totals and the classes of one direction, largest byte count first. */
    public record Totals(long messages, long bytes, List<Line> byClass) {}

    private final Map<String, Count> sent = new ConcurrentHashMap<>();
    private final Map<String, Count> received = new ConcurrentHashMap<>();

    /** The extension's id: one {@code WireTraffic} per actor system. */
    public static final class Id extends AbstractExtensionId<WireTraffic> {
        static final Id INSTANCE = new Id();

        @Override
        public WireTraffic createExtension(ExtendedActorSystem system) {
            return new WireTraffic();
        }
    }

    public static WireTraffic get(akka.actor.ActorSystem system) {
        return Id.INSTANCE.get(system);
    }

    public static WireTraffic get(ActorSystem<?> system) {
        return get(Adapter.toClassic(system));
    }

    void sent(Object message, int bytes) {
        add(sent, message, bytes);
    }

    void received(Object message, int bytes) {
        add(received, message, bytes);
    }

    private static void add(Map<String, Count> counts, Object message, int bytes) {
        Count count = counts.computeIfAbsent(name(message), k -> new Count());
        count.messages.increment();
        count.bytes.add(bytes);
    }

    /** Each message class's name, worked out by reflection once per class, not once per message. */
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Class<?> outer = type.getEnclosingClass();
            return outer == null ? type.getSimpleName() : outer.getSimpleName() + "." + type.getSimpleName();
        }
    };

    static String name(Object message) {
        return message == null ? "null" : NAMES.get(message.getClass());
    }

    public Totals sentTotals() {
        return totals(sent);
    }

    public Totals receivedTotals() {
        return totals(received);
    }

    private static Totals totals(Map<String, Count> counts) {
        List<Line> lines = new ArrayList<>();
        long messages = 0;
        long bytes = 0;
        for (Map.Entry<String, Count> e : counts.entrySet()) {
            Line line = new Line(e.getKey(), e.getValue().messages.sum(), e.getValue().bytes.sum());
            lines.add(line);
            messages += line.messages();
            bytes += line.bytes();
        }
        lines.sort(Comparator.comparingLong(Line::bytes).reversed().thenComparing(Line::messageClass));
        return new Totals(messages, bytes, List.copyOf(lines));
    }

    /**
     * Logs the totals sent and received (and the largest classes sent) every {@code period} while they change, so a
     * node's log gives the traffic of a run as the difference of two lines.
     */
    public static void logEvery(ActorSystem<?> system, Duration period) {
        WireTraffic traffic = get(system);
        long[] last = {-1};
        system.scheduler().scheduleWithFixedDelay(period, period, () -> {
            Totals out = traffic.sentTotals();
            Totals in = traffic.receivedTotals();
            if (out.messages() + in.messages() == last[0]) {
                return;
            }
            last[0] = out.messages() + in.messages();
            StringBuilder top = new StringBuilder();
            for (Line line : out.byClass().subList(0, Math.min(8, out.byClass().size()))) {
                top.append(String.format(Locale.ROOT, " %s=%,d/%,dB", line.messageClass(), line.messages(),
                        line.bytes()));
            }
            LOG.info(String.format(Locale.ROOT, "wire: sent %,d messages %,d bytes, received %,d messages %,d "
                    + "bytes; sent by class:%s", out.messages(), out.bytes(), in.messages(), in.bytes(), top));
        }, system.executionContext());
    }
}
