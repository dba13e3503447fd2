package dev.payhook.ingress.settlement;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressApplication;
import dev.payhook.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Generated settlement files of every format, with hostile numbers, currencies, dates, quoting,
 * encodings and sizes, uploaded over HTTP to the ingress on the real test broker. Each upload is
 * answered 202 (its bad lines rejected with reasons) or 4xx (refused whole), never 5xx; the answer is
 * small and quick; a refused file publishes nothing and an accepted one publishes exactly the lines it
 * reports; the ingress stays alive.
 */
class HostileSettlementFilesIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BOOTSTRAP = System.getProperty("spring.embedded.kafka.brokers");
    private static final String TOKEN = "hostile-files-operator-token";
    private static final Pattern BATCH_ID = Pattern.compile("\"batchId\":\"([^\"]+)\"");
    private static final Pattern LINES = Pattern.compile("\"lines\":(\\d+)");
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static ConfigurableApplicationContext ingress;
    private static int port;
    private static int partitions;
    private static TopicReader.Tail settlements;

    @BeforeContainer
    static void start() {
        ingress = new SpringApplicationBuilder(IngressApplication.class)
                .properties(IngressApplication.CONFIG_NAME)
                .profiles("local")
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + BOOTSTRAP,
                        "--payhook.operators.hostile=" + TOKEN);
        port = Integer.parseInt(ingress.getEnvironment().getProperty("local.server.port"));
        partitions = TopicReader.partitions(BOOTSTRAP, Topics.SETTLEMENTS);
        settlements = TopicReader.tail(BOOTSTRAP, Topics.SETTLEMENTS);
    }

    @AfterContainer
    static void stop() {
        settlements.close();
        ingress.close();
    }

    /** One line's values before they are written in a format's columns; any of them may be hostile. */
    record Line(String paymentId, String type, String amount, String currency, String settledAt, Quoting quoting) {}

    enum Quoting {
        PLAIN,
        QUOTED,
        UNBALANCED,
        EXTRA_COLUMN
    }

    enum Encoding {
        UTF8,
        BOM,
        INVALID_BYTE,
        CRLF,
        NO_FINAL_NEWLINE,
        NUL_BYTES
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("generic", "stripe", "adyen");
    }

    /** Stands for the format's own word for a capture, so most lines are plausible and one field is hostile. */
    private static final String VALID_TYPE = "<valid type>";

    @Provide
    Arbitrary<Encoding> encodings() {
        return Arbitraries.frequencyOf(
                Tuple.of(17, Arbitraries.just(Encoding.UTF8)), Tuple.of(4, Arbitraries.of(Encoding.class)));
    }

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<String> ids = Arbitraries.frequencyOf(
                Tuple.of(
                        40,
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)),
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars(",\"\n\r\u0000\u202e\\;=+-@\t")
                                .ofMinLength(1)
                                .ofMaxLength(30)),
                Tuple.of(2, Arbitraries.strings().ofMinLength(256).ofMaxLength(2_000)),
                // Past the 64 KiB record limit: the file is refused whole.
                Tuple.of(1, Arbitraries.just("x".repeat(70_000))));
        Arbitrary<String> types = Arbitraries.frequencyOf(
                Tuple.of(17, Arbitraries.just(VALID_TYPE)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "capture",
                                "refund",
                                "chargeback",
                                "payout",
                                "fee",
                                "CAPTURE",
                                "",
                                "transfer",
                                "charge",
                                "Settled",
                                "Refunded",
                                "SentForSettle",
                                "=cmd|' /C calc'!A0")),
                Tuple.of(1, Arbitraries.strings().ofMinLength(0).ofMaxLength(400)));
        Arbitrary<String> amounts = Arbitraries.frequencyOf(
                Tuple.of(
                        17,
                        Arbitraries.bigDecimals()
                                .between(java.math.BigDecimal.ZERO, new java.math.BigDecimal("100000"))
                                .ofScale(2)
                                .map(Object::toString)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "0.01",
                                "-5.00",
                                "1.234",
                                "1e999999999",
                                "-1e-999999999",
                                "NaN",
                                "Infinity",
                                "1,000.00",
                                "\u0661\u0662\u0663",
                                "0x10",
                                "",
                                " 5.00 ",
                                "5.",
                                ".5",
                                "-0",
                                "+1",
                                "9223372036854775807",
                                "92233720368547758.08")),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(5_000)));
        Arbitrary<String> currencies = Arbitraries.frequencyOf(
                Tuple.of(17, Arbitraries.of("EUR", "usd", "JPY", "KWD")),
                Tuple.of(2, Arbitraries.of("XAU", "XXX", "XDR", "", "\u20ac", "EURO", "E")),
                Tuple.of(1, Arbitraries.strings().ofMinLength(0).ofMaxLength(300)));
        Arbitrary<String> dates = Arbitraries.frequencyOf(
                Tuple.of(17, Arbitraries.of("2026-11-20T10:00:00Z", "2026-11-19T23:59:59Z")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "9999-12-31T23:59:59Z",
                                "+999999999-12-31T23:59:59Z",
                                "0000-01-01T00:00:00Z",
                                "2026-02-30T10:00:00Z",
                                "2026-11-20",
                                "yesterday",
                                "1795000000",
                                "")),
                Tuple.of(1, Arbitraries.strings().ofMinLength(0).ofMaxLength(500)));
        Arbitrary<Quoting> quoting = Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.of(Quoting.PLAIN, Quoting.QUOTED)),
                Tuple.of(1, Arbitraries.of(Quoting.UNBALANCED, Quoting.EXTRA_COLUMN)));
        return Combinators.combine(ids, types, amounts, currencies, dates, quoting)
                .as(Line::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(20);
    }

    @Property(tries = 60, seed = "20261122")
    void aHostileSettlementFileIsRefusedWholeOrItsBadLinesAreRejectedAndNothingElseIsPublished(
            @ForAll("formats") String format, @ForAll("lines") List<Line> lines, @ForAll("encodings") Encoding encoding)
            throws Exception {
        String run = "hostile" + TRIES.incrementAndGet() + "_";
        byte[] file = file(format, run, lines, encoding);

        long started = System.nanoTime();
        HttpResponse<String> response = upload(format, file);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Statistics.collect(
                format,
                response.statusCode() == 202
                        ? "accepted"
                        : response.body().replaceAll(".*urn:payhook:problem:([a-z-]+).*", "$1"));
        String described = format + " " + encoding + " " + lines.size() + " line(s) → " + response.statusCode() + " "
                + abbreviated(response.body());
        assertThat(response.statusCode()).as(described).isIn(202, 400, 413, 415);
        assertThat(response.body().length())
                .as("answer size: " + described)
                .isLessThanOrEqualTo(2_048 + 512 * lines.size());
        assertThat(took).as("answer time: " + described).isLessThan(Duration.ofSeconds(5));

        List<ConsumerRecord<String, String>> published = publishedSinceLastTry();
        if (response.statusCode() == 202) {
            String batchId = group(BATCH_ID, response.body());
            assertThat(published).as("only this file's batch: " + described).allMatch(r -> r.value()
                    .contains(batchId));
            assertThat(published.stream().filter(r -> r.value().contains("\"record\":\"line\"")))
                    .as("exactly the lines the answer reports: " + described)
                    .hasSize(Integer.parseInt(group(LINES, response.body())));
            assertThat(published.stream().filter(r -> r.value().contains("\"record\":\"batch\"")))
                    .hasSize(partitions);
        } else {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(published)
                    .as("a refused file publishes nothing: " + described)
                    .isEmpty();
        }
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    /**
     * Uploads a well-formed marker file and returns every record published before its batch markers
     * (which close every partition), except the marker's own: what the previous upload published.
     */
    private static List<ConsumerRecord<String, String>> publishedSinceLastTry() throws Exception {
        String reference = "marker_" + TRIES.get();
        HttpResponse<String> marker = upload(
                "generic",
                ("payment_id,type,amount,currency,settled_at,reference\n" + "pay_" + reference
                                + ",capture,1.00,EUR,2026-11-20T10:00:00Z," + reference + "\n")
                        .getBytes(UTF_8));
        assertThat(marker.statusCode()).as(marker.body()).isEqualTo(202);
        String markerBatch = group(BATCH_ID, marker.body());
        List<ConsumerRecord<String, String>> read = settlements.through(
                r -> r.value().contains(markerBatch) && r.value().contains("\"record\":\"batch\""), partitions);
        List<ConsumerRecord<String, String>> before = new ArrayList<>(read);
        before.removeIf(r -> r.value().contains(markerBatch));
        return before;
    }

    private static byte[] file(String format, String run, List<Line> lines, Encoding encoding) {
        String newline = encoding == Encoding.CRLF ? "\r\n" : "\n";
        StringBuilder csv = new StringBuilder(
                switch (format) {
                    case "generic" -> "payment_id,type,amount,currency,fee,settled_at,reference";
                    case "stripe" ->
                        "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,"
                                + "payment_intent_id";
                    default ->
                        "Psp Reference,Creation Date,TimeZone,Type,Gross Currency,Gross Debit (GC),Gross Credit (GC),"
                                + "Net Currency,Net Debit (NC),Net Credit (NC)";
                });
        int n = 0;
        for (Line line : lines) {
            n++;
            String id = run + line.paymentId();
            String local = line.settledAt().replace('T', ' ').replace("Z", "");
            String type = !line.type().equals(VALID_TYPE)
                    ? line.type()
                    : switch (format) {
                        case "generic" -> "capture";
                        case "stripe" -> "charge";
                        default -> "Settled";
                    };
            List<String> cells =
                    switch (format) {
                        case "generic" ->
                            List.of(id, type, line.amount(), line.currency(), "", line.settledAt(), run + "ref" + n);
                        case "stripe" ->
                            List.of(
                                    "txn_" + run + n,
                                    local,
                                    line.currency(),
                                    line.amount(),
                                    "0.10",
                                    line.amount(),
                                    type,
                                    id);
                        default ->
                            List.of(
                                    id,
                                    local,
                                    "UTC",
                                    type,
                                    line.currency(),
                                    line.amount(),
                                    line.amount(),
                                    line.currency(),
                                    "",
                                    line.amount());
                    };
            csv.append(newline).append(row(cells, line.quoting()));
        }
        if (encoding != Encoding.NO_FINAL_NEWLINE) {
            csv.append(newline);
        }
        byte[] bytes = csv.toString().getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (encoding) {
            case BOM -> out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case INVALID_BYTE -> {
                int at = bytes.length / 2;
                out.write(bytes, 0, at);
                out.write(0xC3); // a lead byte followed by ASCII: not UTF-8
                out.write(bytes, at, bytes.length - at);
                return out.toByteArray();
            }
            case NUL_BYTES -> {
                out.write(bytes, 0, bytes.length / 3);
                out.writeBytes(new byte[16]);
                out.write(bytes, bytes.length / 3, bytes.length - bytes.length / 3);
                return out.toByteArray();
            }
            default -> {}
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static String row(List<String> cells, Quoting quoting) {
        List<String> written = new ArrayList<>();
        for (String cell : cells) {
            written.add(
                    switch (quoting) {
                        case QUOTED -> "\"" + cell.replace("\"", "\"\"") + "\"";
                        case UNBALANCED -> "\"" + cell;
                        default -> cell;
                    });
        }
        if (quoting == Quoting.EXTRA_COLUMN) {
            written.add("surplus");
        }
        return String.join(",", written);
    }

    private static HttpResponse<String> upload(String format, byte[] file) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/settlements/" + format))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "text/csv")
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + abbreviated(text)).isTrue();
        return matcher.group(1);
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + " chars)";
    }
}
