package dev.payhook.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.IsoInstants;
import dev.payhook.common.JsonSerde;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PayloadsTest {

    /** What providers send, each read by the fast path (not handed to the JDK's parsers). */
    private static final List<String> USUAL = List.of(
            "2026-12-06T05:11:41Z",
            "2026-12-06T05:11:41.1Z",
            "2026-12-06T05:11:41.123Z",
            "2026-12-06T05:11:41.123456789Z",
            "2024-02-29T23:59:59+01:00",
            "1970-01-01T00:00:00-05:30",
            "2019-03-01T12:00:00.000+17:59",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z");

    /** Near misses: each is read as the JDK reads it, or not at all. */
    private static final List<String> ODD = List.of(
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-32T00:00:00Z",
            "2026-12-06T24:00:00Z",
            "2026-12-06T23:60:00Z",
            "2016-12-31T23:59:60Z",
            "2026-12-06T05:11:41.Z",
            "2026-12-06T05:11:41.1234567891Z",
            "2026-12-06T05:11:41+18:00",
            "2026-12-06T05:11:41-18:00",
            "2026-12-06T05:11:41+18:01",
            "2026-12-06T05:11:41+01:00:30",
            "2026-12-06T05:11:41+0100",
            "2026-12-06T05:11:41-00:00",
            "2026-12-06T05:11:41z",
            "2026-12-06t05:11:41Z",
            "2026-12-06 05:11:41Z",
            "2026-12-06T05:11Z",
            "2026-12-06T05:11:41",
            "+12026-12-06T05:11:41Z",
            "2026-12-06T05:11:41Z ",
            "２026-12-06T05:11:41Z",
            "2026-12-06T0５:11:41Z",
            "",
            "Z");

    @Test
    void theUsualShapesAreReadWithoutTheJdksParsersAndAsTheyReadThem() {
        for (String text : USUAL) {
            assertThat(IsoInstants.parse(text)).as(text).isNotNull().isEqualTo(jdk(text));
        }
    }

    @Test
    void everyOtherTextIsReadAsTheJdkReadsIt() {
        for (String text : ODD) {
            assertThat(Payloads.instant(text)).as(text).isEqualTo(jdk(text));
        }
        // Random date-times, each also with one character changed: the fast path never disagrees.
        Random random = new Random(34);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String text = String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                    random.nextInt(10_000),
                    random.nextInt(14),
                    random.nextInt(33),
                    random.nextInt(26),
                    random.nextInt(62),
                    random.nextInt(62),
                    random.nextBoolean()
                            ? ""
                            : "." + Long.toString(Math.abs(random.nextLong())).substring(0, 1 + random.nextInt(10)),
                    random.nextBoolean()
                            ? "Z"
                            : String.format(
                                    "%s%02d:%02d",
                                    random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(62)));
            texts.add(text);
            char[] changed = text.toCharArray();
            changed[random.nextInt(changed.length)] = "0123456789:-+.TZ x".charAt(random.nextInt(18));
            texts.add(new String(changed));
        }
        int readByTheFastPath = 0;
        for (String text : texts) {
            Instant fast = IsoInstants.parse(text);
            if (fast != null) {
                readByTheFastPath++;
                assertThat(fast).as(text).isEqualTo(jdk(text));
            }
            assertThat(Payloads.instant(text)).as(text).isEqualTo(jdk(text));
        }
        assertThat(readByTheFastPath).as("valid texts among the random ones").isGreaterThan(1_000);
    }

    @Test
    void pointersReadTheSameFieldEveryTime() {
        JsonNode message =
                JsonSerde.MAPPER.readTree("{\"data\":{\"paymentId\":\"pay_1\",\"amount\":1500,\"a/b\":\"x\"}}");
        for (int i = 0; i < 3; i++) {
            assertThat(Payloads.text(message, "/data/paymentId")).isEqualTo("pay_1");
            assertThat(Payloads.integer(message, "/data/amount")).isEqualTo(1500L);
            assertThat(Payloads.text(message, "/data/a~1b")).isEqualTo("x");
            assertThat(Payloads.text(message, "/data/missing")).isNull();
        }
    }

    /** How the JDK reads it: an offset date-time, else an instant (a leap second), else nothing. */
    private static Instant jdk(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
