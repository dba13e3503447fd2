package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records read from topics and stores carry instants: {@link JsonSerde} reads the usual shape with
 * {@link IsoInstants} and must read every text (and number) exactly as Jackson's own reader does.
 */
class InstantReadingTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    record At(Instant at) {}

    @Test
    void instantsReadAsJacksonReadsThem() {
        List<String> values = new ArrayList<>(List.of(
                "\"2026-12-06T05:11:41Z\"",
                "\"2026-12-06T05:11:41.123456789Z\"",
                "\"2026-12-06T05:11:41.5+01:00\"",
                "\"2023-02-29T00:00:00Z\"",
                "\"2016-12-31T23:59:60Z\"",
                "\"2026-12-06T05:11:41+0100\"",
                "\"2026-12-06T05:11:41\"",
                "\"+12026-12-06T05:11:41Z\"",
                "\"\"",
                "\"soon\"",
                "1765000000",
                "1765000000.5",
                "null"));
        Random random = new Random(17);
        for (int i = 0; i < 5_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(253_402_300_799L), random.nextInt(1_000_000_000));
            String text = at.toString();
            values.add("\"" + text + "\"");
            char[] changed = text.toCharArray();
            changed[random.nextInt(changed.length)] = "0123456789:-+.TZ x".charAt(random.nextInt(18));
            values.add("\"" + new String(changed) + "\"");
        }
        for (String value : values) {
            byte[] json = ("{\"at\":" + value + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(read(JsonSerde.MAPPER, json)).as(value).isEqualTo(read(JACKSON, json));
        }
    }

    @Test
    void theUsualShapeIsReadByIsoInstants() {
        Instant at = Instant.parse("2026-12-06T05:11:41.120Z");

        assertThat(IsoInstants.parse(at.toString())).isEqualTo(at);
        assertThat(JsonSerde.of(At.class)
                        .deserialize("t", JsonSerde.of(At.class).toBytes(new At(at))))
                .isEqualTo(new At(at));
    }

    /** The instant read, or the kind of failure: both readers must fail alike too. */
    private static Object read(JsonMapper mapper, byte[] json) {
        try {
            return mapper.readValue(json, At.class);
        } catch (JacksonException e) {
            return e.getClass().getSimpleName();
        }
    }
}
