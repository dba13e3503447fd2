package dev.payhook.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Capture;
import dev.payhook.common.DisputeStage;
import dev.payhook.common.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A running processor's store holds facts written by earlier builds: however {@link PaymentFacts} is
 * composed, the facts serialize to the same JSON properties as the shape written before it was
 * composed (order aside: the store reads by name), and that shape reads back as the same facts.
 */
class StoredFactsShapeTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final JsonSerde<PaymentFacts> FACTS = JsonSerde.of(PaymentFacts.class);

    @Test
    void factsKeepTheShapeTheStoreHolds() throws Exception {
        PaymentFacts facts = facts();
        byte[] stored = Files.readAllBytes(Path.of("src", "test", "resources", "shapes", "payment-facts.json"));

        assertThat(JsonSerde.MAPPER.readTree(FACTS.toBytes(facts))).isEqualTo(JsonSerde.MAPPER.readTree(stored));
        assertThat(FACTS.deserialize("shape", stored)).isEqualTo(facts);
    }

    /** Facts stored before payments had a merchant account read as facts of no account, the rest unchanged. */
    @Test
    void factsStoredBeforeAccountsStillRead() throws Exception {
        byte[] stored =
                Files.readAllBytes(Path.of("src", "test", "resources", "shapes", "payment-facts-before-accounts.json"));
        PaymentFacts read = FACTS.deserialize("shape", stored);

        assertThat(read.accounts()).isEmpty();
        PaymentFacts.Audit audit = facts().audit();
        assertThat(read)
                .isEqualTo(new PaymentFacts(
                        facts().paymentId(),
                        facts().amounts(),
                        facts().lifecycle(),
                        facts().captureFacts(),
                        facts().refundFacts(),
                        facts().disputes(),
                        new PaymentFacts.Audit(
                                audit.orderId(),
                                audit.source(),
                                null,
                                audit.appliedEventIds(),
                                audit.deliveries(),
                                audit.limitsReached(),
                                audit.createdAt(),
                                audit.updatedAt())));
    }

    static PaymentFacts facts() {
        return new PaymentFacts(
                "pi_shape",
                new PaymentFacts.Amounts(10_000L, 10_000L, new TreeSet<>(List.of("EUR"))),
                new PaymentFacts.Lifecycle(true, true, false, false),
                new PaymentFacts.CaptureFacts(
                        4_000L,
                        new TreeMap<>(Map.of("ch_1", new Capture(9_000, T.plusSeconds(60)))),
                        new TreeSet<>(List.of("ch_0")),
                        T.plusSeconds(60)),
                new PaymentFacts.RefundFacts(
                        new TreeMap<>(Map.of("re_1", 2_500L)),
                        new TreeSet<>(List.of("re_full")),
                        new TreeMap<>(Map.of("ch_1", 3_000L)),
                        new TreeMap<>(Map.of("re_1", new RefundReversal("re_1", 2_500L)))),
                new TreeMap<>(Map.of("dp_1", DisputeStage.CHARGEBACK)),
                new PaymentFacts.Audit(
                        "ord_1",
                        "stripe",
                        new TreeSet<>(List.of("acct_1Shape")),
                        new TreeSet<>(List.of("stripe:evt_1", "stripe:evt_2")),
                        new TreeMap<>(Map.of("push", 1L, "poll", 1L)),
                        new TreeSet<>(List.of("disputes")),
                        T,
                        T.plusSeconds(120)));
    }
}
