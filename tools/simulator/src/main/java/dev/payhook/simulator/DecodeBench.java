package dev.payhook.simulator;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.PaymentState;
import java.time.Instant;
import java.util.function.ToIntFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * What decoding one canonical event costs the processor, with and without the provider's raw payload
 * ({@link PaymentEvent#WITHOUT_PAYLOAD}, what the processor reads), for the pipeline benchmark's small
 * payload and a Stripe-sized one (4.8 KB); then one payment state, what the reconciler reads. One
 * thread, 200,000 decodes per figure after 400,000 of warm-up; medians of 5 rounds, in µs per record.
 *
 * <pre>java -cp "tools/simulator/target/classes:tools/simulator/target/lib/*" dev.payhook.simulator.DecodeBench</pre>
 */
public final class DecodeBench {

    private static final int DECODES = 200_000;

    private DecodeBench() {}

    public static void main(String[] args) {
        ObjectNode small = JsonSerde.MAPPER.createObjectNode().put("type", "payment.captured");
        small.putObject("data").put("paymentId", "pay_1").put("amount", 1234).put("currency", "EUR");
        ObjectNode stripeSized = JsonSerde.MAPPER.createObjectNode();
        for (int i = 0; i < 60; i++) {
            stripeSized
                    .putObject("f" + i)
                    .put("id", "ch_3MmlLrLkdIwHu7ix0snN0B15")
                    .put("amount", 1099 + i)
                    .put("livemode", false);
        }
        System.out.println("decoding one canonical event (µs; median of 5 rounds of " + DECODES + ")");
        for (ObjectNode payload : new ObjectNode[] {small, stripeSized}) {
            PaymentEvent event = PaymentEvent.of("evt_1", PaymentEventType.CAPTURED, "pay_1")
                    .from("standard", "standard-webhooks", "payment.captured")
                    .orderId("ord_1")
                    .money(1234L, "EUR")
                    .times(Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T10:00:01Z"))
                    .payload(payload)
                    .build();
            byte[] bytes = JsonSerde.of(PaymentEvent.class).toBytes(event);
            JsonSerde<PaymentEvent> events = JsonSerde.of(PaymentEvent.class);
            ToIntFunction<byte[]> whole =
                    b -> events.deserialize(null, b).eventId().length();
            ToIntFunction<byte[]> withoutPayload = b ->
                    PaymentEvent.WITHOUT_PAYLOAD.deserialize(null, b).eventId().length();
            time(whole, bytes, 2);
            time(withoutPayload, bytes, 2);
            System.out.printf(
                    "  %,6d bytes: whole %.2f, without the payload %.2f%n",
                    bytes.length, time(whole, bytes, 5), time(withoutPayload, bytes, 5));
        }
        byte[] snapshot = SNAPSHOT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonSerde<PaymentState> states = JsonSerde.of(PaymentState.class);
        ToIntFunction<byte[]> state =
                b -> states.deserialize(null, b).paymentId().length();
        time(state, snapshot, 2);
        System.out.printf("one payment state (%,d bytes): %.2f%n", snapshot.length, time(state, snapshot, 5));
    }

    /** docs/DESIGN.md's payment state, as the shape test holds it: what the reconciler reads per change. */
    private static final String SNAPSHOT =
            """
            {"paymentId":"pi_shape","status":"PARTIALLY_REFUNDED","currency":"EUR","amount":10000,
            "authorizedAmount":10000,"capturedAmount":9000,"uncapturedAmount":1000,
            "captures":{"ch_1":{"amount":9000,"capturedAt":"2026-11-20T10:01:00Z"}},"refundedAmount":2500,
            "refunds":{"re_1":2500,"re_2":500},"reversedRefunds":["re_2"],"disputes":{"dp_1":"WON"},
            "disputeStages":{"dp_1":"CHARGEBACK_REVERSED"},"failedCaptures":["ch_0"],
            "anomalies":["CAPTURE_FAILED: capture ch_0 failed after it was reported"],
            "appliedEventIds":["stripe:evt_1","stripe:evt_2"],"deliveries":{"push":2},"limitsReached":["refunds"],
            "orderId":"ord_1","source":"stripe","account":"acct_1Shape","createdAt":"2026-11-20T10:00:00Z",
            "capturedAt":"2026-11-20T10:01:00Z","updatedAt":"2026-11-20T10:02:00Z"}
            """;

    /**
     * The median over rounds of µs per decode; {@code decode} returns something of what it read, so the
     * JIT cannot drop the decoding.
     */
    private static double time(ToIntFunction<byte[]> decode, byte[] bytes, int rounds) {
        double[] perDecode = new double[rounds];
        int kept = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < DECODES; i++) {
                kept += decode.applyAsInt(bytes);
            }
            perDecode[r] = (System.nanoTime() - start) / 1e3 / DECODES;
        }
        if (kept == 42) {
            System.out.print(""); // uses the results
        }
        java.util.Arrays.sort(perDecode);
        return perDecode[rounds / 2];
    }
}
