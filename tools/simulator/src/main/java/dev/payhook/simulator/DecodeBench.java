package dev.payhook.simulator;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * What decoding one canonical event costs the processor, with and without the provider's raw payload
 * ({@link PaymentEvent#WITHOUT_PAYLOAD}, what the processor reads), for the pipeline benchmark's small
 * payload and a Stripe-sized one (4.8 KB). One thread, 200,000 decodes per figure after 400,000 of
 * warm-up; medians of 5 rounds, in µs per event.
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
            JsonSerde<PaymentEvent> whole = JsonSerde.of(PaymentEvent.class);
            time(whole, bytes, 2);
            time(PaymentEvent.WITHOUT_PAYLOAD, bytes, 2);
            System.out.printf(
                    "  %,6d bytes: whole %.2f, without the payload %.2f%n",
                    bytes.length, time(whole, bytes, 5), time(PaymentEvent.WITHOUT_PAYLOAD, bytes, 5));
        }
    }

    /** The median over rounds of µs per decode. */
    private static double time(JsonSerde<PaymentEvent> serde, byte[] bytes, int rounds) {
        double[] perDecode = new double[rounds];
        int kept = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < DECODES; i++) {
                kept += serde.deserialize(null, bytes).eventId().length();
            }
            perDecode[r] = (System.nanoTime() - start) / 1e3 / DECODES;
        }
        if (kept == 42) {
            System.out.print(""); // uses the results, so the JIT cannot drop the decoding
        }
        java.util.Arrays.sort(perDecode);
        return perDecode[rounds / 2];
    }
}
