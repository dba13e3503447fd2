package dev.payhook.reconciler.console;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentTransition;
import dev.payhook.common.SettlementMatch;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.BankProperties;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.web.operators.Operator;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's live updates, pushed instead of polled: a consumer (no group: every instance reads
 * everything from the end) follows what the pipeline writes when something a view shows changes (the
 * discrepancies, payment transitions, matches, journal entries, closed periods, and the bank leg's
 * assessments), and each console connected over Server-Sent Events learns, at most once a {@link #TICK},
 * that something of an account it may see changed, and how much. The page then reads its view again; a
 * quiet pipeline sends nothing but a heartbeat. Nothing is read while no console is connected.
 */
@Component
public class LiveUpdates implements SmartLifecycle {

    /**
     * The topics followed, besides the bank leg's changelog (an internal topic of the reconciler's): the
     * reconciler reads them outside its topology, so its Kafka user needs Read on each (users.yaml).
     */
    public static final List<String> TOPICS = List.of(
            Topics.DISCREPANCIES, Topics.PAYMENT_TRANSITIONS, Topics.MATCHES, Topics.JOURNAL, Topics.PERIOD_CLOSES);

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private static final JsonSerde<Discrepancy> DISCREPANCIES = JsonSerde.of(Discrepancy.class);
    private static final JsonSerde<PaymentTransition> TRANSITIONS = JsonSerde.of(PaymentTransition.class);
    private static final JsonSerde<SettlementMatch> MATCHES = JsonSerde.of(SettlementMatch.class);
    private static final JsonSerde<JournalEntry> JOURNAL = JsonSerde.of(JournalEntry.class);

    /** At most one update a second per console: a surge of changes is one refresh, not thousands. */
    static final Duration TICK = Duration.ofSeconds(1);

    /** A comment every so often keeps proxies from closing an idle stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** A connected console: whose it is (narrowed to the account it shows), and what changed since the last tick. */
    private record Viewer(
            Operator operator, SseEmitter emitter, AtomicLong discrepancies, AtomicLong payments, AtomicLong other) {}

    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> consumerConfig;
    private final Map<String, List<String>> merchantAccountsByBankAccount = new java.util.HashMap<>();

    /**
     * The bank leg's assessment of each bank account (key: the account's number), as the reconciler's
     * store keeps it in its changelog: a payout matched changes nothing else a topic carries.
     */
    private final String bankLeg;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "payhook-live-updates-tick");
        thread.setDaemon(true);
        return thread;
    });
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread follower;
    private long sinceHeartbeat;

    LiveUpdates(KafkaProperties kafka, BankProperties bank) {
        bank.accounts().values().forEach(a -> merchantAccountsByBankAccount.put(a.account(), a.merchantAccounts()));
        this.bankLeg =
                kafka.getStreams().getApplicationId() + "-" + ReconciliationTopology.BANK_ACCOUNTS_STORE + "-changelog";
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only what was committed: a discrepancy of an aborted transaction never reached the stores either.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "payhook-reconciler-live-updates");
        // Asking for a topic that is not there yet (a changelog before the streams make it) must never make
        // it: a broker that creates topics on request would make it with its default partitions, not the
        // ones the streams need.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumerConfig = config;
    }

    /** A console that wants updates of what {@code operator} may see. */
    SseEmitter connect(Operator operator) {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Viewer viewer = new Viewer(operator, emitter, new AtomicLong(), new AtomicLong(), new AtomicLong());
        emitter.onCompletion(() -> viewers.remove(viewer));
        emitter.onTimeout(() -> viewers.remove(viewer));
        emitter.onError(error -> viewers.remove(viewer));
        viewers.add(viewer);
        try {
            // At once, so the page knows the stream is open (and reads its view once more, to miss nothing).
            emitter.send(SseEmitter.event().name("connected").data("{}"));
        } catch (IOException e) {
            viewers.remove(viewer);
        }
        return emitter;
    }

    @Override
    public void start() {
        running = true;
        follower = new Thread(this::follow, "payhook-live-updates");
        follower.setDaemon(true);
        follower.start();
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> following = consumer;
        if (following != null) {
            following.wakeup();
        }
        ticker.shutdownNow();
        viewers.forEach(viewer -> viewer.emitter().complete());
        viewers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> following =
                    new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = following;
                List<String> topics = new java.util.ArrayList<>(TOPICS);
                topics.add(bankLeg);
                List<TopicPartition> partitions = new java.util.ArrayList<>();
                long lookAgainAt = 0;
                boolean paused = false;
                while (running) {
                    if (partitions.size() < topics.size() && System.nanoTime() - lookAgainAt >= 0) {
                        // A topic not there yet (the bank leg's changelog, before the streams first start) is
                        // looked for again every half minute, and followed from its beginning once it is there.
                        List<TopicPartition> found = missing(following, topics, partitions);
                        if (!found.isEmpty()) {
                            List<TopicPartition> all = new java.util.ArrayList<>(partitions);
                            all.addAll(found);
                            following.assign(all);
                            if (partitions.isEmpty()) {
                                following.seekToEnd(found);
                            } else {
                                following.seekToBeginning(found);
                            }
                            if (paused) {
                                following.pause(found);
                            }
                            partitions = all;
                        }
                        lookAgainAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                    if (viewers.isEmpty() != paused) {
                        paused = viewers.isEmpty();
                        if (paused) {
                            following.pause(partitions);
                        } else {
                            // What happened while nobody watched is in the view the page reads when it connects;
                            // from a few seconds before, so a change committed between that read and this seek
                            // still sends an update.
                            rewind(following, partitions);
                            following.resume(partitions);
                        }
                    }
                    if (partitions.isEmpty()) {
                        sleep(Duration.ofMillis(500));
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : following.poll(Duration.ofMillis(500))) {
                        changed(record);
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                // A broker away or a topic not there yet: consoles fall back to reading on their own.
                log.warn("live updates: following the topics failed, again in 10 s: {}", e.getMessage());
                sleep(Duration.ofSeconds(10));
            }
        }
    }

    /** The partitions of the topics not followed yet that exist now. */
    private static List<TopicPartition> missing(
            KafkaConsumer<String, byte[]> consumer, List<String> topics, List<TopicPartition> followed) {
        java.util.Set<String> have = new java.util.HashSet<>();
        followed.forEach(partition -> have.add(partition.topic()));
        List<TopicPartition> found = new java.util.ArrayList<>();
        for (String topic : topics) {
            if (!have.contains(topic)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return found;
    }

    /** How far before a console connected its updates start. */
    static final Duration REWIND = Duration.ofSeconds(5);

    private static void rewind(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        long since = System.currentTimeMillis() - REWIND.toMillis();
        Map<TopicPartition, Long> times = new java.util.HashMap<>();
        partitions.forEach(partition -> times.put(partition, since));
        consumer.offsetsForTimes(times).forEach((partition, offset) -> {
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        });
    }

    private void changed(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String topic = record.topic();
        Predicate<Operator> sees;
        try {
            if (topic.equals(bankLeg)) {
                // A bank account is seen by whoever sees every merchant account it takes payouts of.
                List<String> merchants = merchantAccountsByBankAccount.getOrDefault(record.key(), List.of());
                sees = operator -> operator.seesAll(merchants);
            } else {
                sees = switch (topic) {
                    case Topics.DISCREPANCIES ->
                        seeing(DISCREPANCIES.deserialize(topic, record.value()).account());
                    case Topics.PAYMENT_TRANSITIONS ->
                        seeing(TRANSITIONS.deserialize(topic, record.value()).account());
                    case Topics.MATCHES ->
                        seeing(MATCHES.deserialize(topic, record.value()).account());
                    case Topics.JOURNAL ->
                        seeing(JOURNAL.deserialize(topic, record.value()).account());
                    // A closed period's statements total every account.
                    default -> operator -> !operator.isScoped();
                };
            }
        } catch (RuntimeException unreadable) {
            return; // a record of another build: the page's next read shows it anyway
        }
        for (Viewer viewer : viewers) {
            if (sees.test(viewer.operator())) {
                (topic.equals(Topics.DISCREPANCIES)
                                ? viewer.discrepancies()
                                : topic.equals(Topics.PAYMENT_TRANSITIONS) ? viewer.payments() : viewer.other())
                        .incrementAndGet();
            }
        }
    }

    private static Predicate<Operator> seeing(String account) {
        return operator -> operator.sees(account);
    }

    private void tick() {
        boolean heartbeat = ++sinceHeartbeat * TICK.toMillis() >= HEARTBEAT.toMillis();
        if (heartbeat) {
            sinceHeartbeat = 0;
        }
        for (Viewer viewer : viewers) {
            long discrepancies = viewer.discrepancies().getAndSet(0);
            long payments = viewer.payments().getAndSet(0);
            long other = viewer.other().getAndSet(0);
            try {
                if (discrepancies + payments + other > 0) {
                    viewer.emitter()
                            .send(SseEmitter.event()
                                    .name("changed")
                                    .data("{\"discrepancies\":" + discrepancies + ",\"payments\":" + payments
                                            + ",\"other\":" + other + "}"));
                } else if (heartbeat) {
                    viewer.emitter().send(SseEmitter.event().comment("still here"));
                }
            } catch (IOException | IllegalStateException gone) {
                viewers.remove(viewer);
            }
        }
    }

    /** How many consoles are connected now. */
    int viewers() {
        return viewers.size();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
