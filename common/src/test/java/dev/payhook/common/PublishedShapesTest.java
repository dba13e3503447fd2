package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The records other teams read keep their exact JSON, field for field and in order, however the
 * code composes them: a fully populated payment state and discrepancy serialize to the checked-in
 * shapes (written from the records as they were before they were composed), and read back equal.
 * {@code -Dpayhook.shapes.write=true} rewrites them, for a deliberate change of the contract.
 */
class PublishedShapesTest {

    private static final Path SHAPES = Path.of("src", "test", "resources", "shapes");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    static PaymentState paymentState() {
        return PaymentState.of("pi_shape", PaymentStatus.PARTIALLY_REFUNDED)
                .amounts(new PaymentState.Amounts("EUR", 10_000L, 10_000L, 9_000L, 1_000L))
                .captures(
                        new TreeMap<>(Map.of("ch_1", new Capture(9_000, T.plusSeconds(60)))),
                        new TreeSet<>(List.of("ch_0")))
                .refunds(new PaymentState.Refunds(
                        2_500L, new TreeMap<>(Map.of("re_1", 2_500L, "re_2", 500L)), new TreeSet<>(List.of("re_2"))))
                .disputes(new PaymentState.Disputes(
                        new TreeMap<>(Map.of("dp_1", DisputeStatus.WON)),
                        new TreeMap<>(Map.of("dp_1", DisputeStage.CHARGEBACK_REVERSED))))
                .audit(new PaymentState.Audit(
                        List.of("CAPTURE_FAILED: capture ch_0 failed after it was reported"),
                        new TreeSet<>(List.of("stripe:evt_1", "stripe:evt_2")),
                        new TreeMap<>(Map.of("push", 2L)),
                        new TreeSet<>(List.of("refunds"))))
                .lineage(new PaymentState.Lineage(
                        "ord_1", "stripe", "acct_1Shape", T, T.plusSeconds(60), T.plusSeconds(120)))
                .build();
    }

    static Discrepancy discrepancy() {
        return new Discrepancy(
                "dsc_shape",
                DiscrepancyType.AMOUNT_MISMATCH,
                "pi_shape",
                "acct_1Shape",
                new Discrepancy.Finding("capture of 90.00 EUR", "capture of 89.00 EUR settled (txn_1)"),
                DiscrepancyStatus.RESOLVED,
                T,
                new Discrepancy.Evidence("stl_1", "txn_1", 100L, "EUR"),
                new Discrepancy.Resolution(T.plusSeconds(3600), "written off", Discrepancy.BY_OPERATOR, "alice"));
    }

    static PaymentEvent paymentEvent() {
        return PaymentEvent.of("evt_shape", PaymentEventType.DISPUTE_LOST, "pi_shape")
                .from("stripe", "stripe", "charge.dispute.closed")
                .account("acct_1Shape")
                .orderId("ord_1")
                .money(9_000L, "EUR")
                .refundId("re_1")
                .disputeId("dp_1")
                .captureId("ch_1")
                .times(T, T.plusSeconds(2))
                .payload(JsonSerde.MAPPER.createObjectNode().put("id", "evt_shape"))
                .delivery(PaymentEvent.POLL)
                .disputeStage(DisputeStage.DECIDED_LOST)
                .build();
    }

    @Test
    void aPaymentEventKeepsItsPublishedShape() throws IOException {
        check("payment-event.json", paymentEvent(), PaymentEvent.class);
    }

    @Test
    void aPaymentStateKeepsItsPublishedShape() throws IOException {
        check("payment-state.json", paymentState(), PaymentState.class);
    }

    @Test
    void aDiscrepancyKeepsItsPublishedShape() throws IOException {
        check("discrepancy.json", discrepancy(), Discrepancy.class);
    }

    static <T> void check(String file, T value, Class<T> type) throws IOException {
        check(SHAPES.resolve(file), value, type);
    }

    /** The value's JSON is the shape on disk, byte for byte, and the shape reads back as the value. */
    public static <T> void check(Path shape, T value, Class<T> type) throws IOException {
        JsonSerde<T> serde = JsonSerde.of(type);
        String json = new String(serde.toBytes(value), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("payhook.shapes.write")) {
            Files.createDirectories(shape.getParent());
            Files.writeString(shape, json + "\n", StandardCharsets.UTF_8);
        }
        String published = Files.readString(shape, StandardCharsets.UTF_8).strip();
        assertThat(json)
                .as(shape + " (rewrite with -Dpayhook.shapes.write=true)")
                .isEqualTo(published);
        assertThat(serde.deserialize("shape", published.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(value);
    }
}
