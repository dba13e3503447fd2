package dev.payhook.processor.state;

import dev.payhook.common.JsonSerde;
import java.util.Arrays;

/**
 * What reading and writing one payment's facts costs the processor (it reads them for every event after
 * a payment's first): the shape test's facts (726 bytes: captures, refunds, a dispute, four instants),
 * one thread, 200,000 of each per round after 400,000 of warm-up; medians of 5 rounds, in µs. A program,
 * not a test (BENCHMARKS.md, "Issue 34, session 17"):
 *
 * <pre>
 * mvn -q -o -pl processor dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "processor/target/test-classes:processor/target/classes:$(cat processor/target/cp.txt)" \
 *     dev.payhook.processor.state.FactsDecodeBench
 * </pre>
 */
public final class FactsDecodeBench {

    private static final int OPERATIONS = 200_000;

    private FactsDecodeBench() {}

    public static void main(String[] args) {
        JsonSerde<PaymentFacts> serde = JsonSerde.of(PaymentFacts.class);
        PaymentFacts facts = StoredFactsShapeTest.facts();
        byte[] bytes = serde.toBytes(facts);
        round(serde, facts, bytes, 2);
        double[] read = new double[5];
        double[] written = new double[5];
        for (int r = 0; r < 5; r++) {
            double[] both = round(serde, facts, bytes, 1);
            read[r] = both[0];
            written[r] = both[1];
        }
        Arrays.sort(read);
        Arrays.sort(written);
        System.out.printf(
                "one payment's facts, %,d bytes: read %.2f µs, written %.2f µs (median of 5 rounds of %,d)%n",
                bytes.length, read[2], written[2], OPERATIONS);
    }

    /** µs per read and per write over {@code rounds} rounds. */
    private static double[] round(JsonSerde<PaymentFacts> serde, PaymentFacts facts, byte[] bytes, int rounds) {
        long kept = 0;
        long start = System.nanoTime();
        for (int i = 0; i < OPERATIONS * rounds; i++) {
            kept += serde.deserialize(null, bytes).paymentId().length();
        }
        long readAll = System.nanoTime();
        for (int i = 0; i < OPERATIONS * rounds; i++) {
            kept += serde.toBytes(facts).length;
        }
        long writtenAll = System.nanoTime();
        if (kept == 42) {
            System.out.print(""); // uses the results, so the JIT cannot drop the work
        }
        return new double[] {
            (readAll - start) / 1e3 / OPERATIONS / rounds, (writtenAll - readAll) / 1e3 / OPERATIONS / rounds
        };
    }
}
