package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every record payhook publishes or stores writes its instants through {@link JsonSerde}, which builds
 * the text with {@link IsoInstants#format}: it must be exactly what Jackson's own writer (and
 * {@link Instant#toString()}) write, for any instant, or a published shape would change.
 */
class InstantWritingTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    record At(Instant at) {}

    @Test
    void instantsAreWrittenAsJacksonWritesThem() {
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("2026-12-06T05:11:41Z"),
                Instant.parse("2026-12-06T05:11:41.100Z"),
                Instant.parse("2026-12-06T05:11:41.120300Z"),
                Instant.parse("2026-12-06T05:11:41.000000001Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("0999-01-01T00:00:00Z"),
                Instant.MIN,
                Instant.MAX));
        Random random = new Random(18);
        int[] fractions = {0, 1_000_000, 1_000, 1};
        for (int i = 0; i < 20_000; i++) {
            long seconds = i % 10 == 0
                    ? random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                    : random.nextLong(-1_000_000_000L, 253_402_300_800L + 1_000_000L);
            int unit = fractions[random.nextInt(fractions.length)];
            int nanos = unit == 0 ? 0 : random.nextInt(1_000_000_000 / unit) * unit;
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant at : instants) {
            assertThat(IsoInstants.format(at)).as(at.toString()).isEqualTo(at.toString());
            assertThat(JsonSerde.MAPPER.writeValueAsString(new At(at)))
                    .as(at.toString())
                    .isEqualTo(JACKSON.writeValueAsString(new At(at)));
        }
    }

    @Test
    void whatIsWrittenIsReadBackExactly() {
        Instant at = Instant.parse("2026-12-06T09:00:00.123456Z");

        byte[] json = JsonSerde.of(At.class).toBytes(new At(at));

        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"at\":\"2026-12-06T09:00:00.123456Z\"}");
        assertThat(JsonSerde.of(At.class).deserialize("t", json)).isEqualTo(new At(at));
    }
}
