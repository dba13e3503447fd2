package dev.payhook.ingress.settlement;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressApplication;
import dev.payhook.testkit.BankStatementScenario;
import dev.payhook.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
 * Generated bank statements of every format, damaged the ways files are (cut short, bytes flipped, a
 * record doubled, invalid UTF-8, an XML external entity or an entity bomb, absurd amounts), uploaded over
 * HTTP to the ingress on the real test broker. Each is answered 202 or 4xx (refused whole), never 5xx,
 * small and quick; a refused file publishes nothing, an accepted one exactly the lines it reports and
 * its marker; the ingress stays alive.
 */
class HostileBankStatementsIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BOOTSTRAP = System.getProperty("spring.embedded.kafka.brokers");
    private static final String TOKEN = "hostile-statements-operator-token";
    private static final Pattern STATEMENT_ID = Pattern.compile("\"statementId\":\"([^\"]+)\"");
    private static final Pattern LINES = Pattern.compile("\"lines\":(\\d+)");
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static ConfigurableApplicationContext ingress;
    private static int port;
    private static TopicReader.Tail statements;

    @BeforeContainer
    static void start() {
        ingress = new SpringApplicationBuilder(IngressApplication.class)
                .properties(IngressApplication.CONFIG_NAME)
                .profiles("local")
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + BOOTSTRAP,
                        "--payhook.operators.hostile=" + TOKEN,
                        "--payhook.bank-statements.max-file-size=64KB");
        port = Integer.parseInt(ingress.getEnvironment().getProperty("local.server.port"));
        statements = TopicReader.tail(BOOTSTRAP, Topics.BANK_STATEMENTS);
    }

    @AfterContainer
    static void stop() {
        statements.close();
        ingress.close();
    }

    enum Damage {
        NONE,
        CUT_SHORT,
        FLIPPED_BYTES,
        DOUBLED_RECORD,
        INVALID_UTF8,
        EXTERNAL_ENTITY,
        ENTITY_BOMB,
        ABSURD_AMOUNT,
        TOO_LARGE
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("camt053", "mt940", "bai2");
    }

    @Provide
    Arbitrary<Damage> damages() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Damage.NONE)), Tuple.of(12, Arbitraries.of(Damage.class)));
    }

    @Property(tries = 60, seed = "20261205")
    void aHostileStatementIsRefusedWholeOrPublishedExactly(
            @ForAll("formats") String format, @ForAll("damages") Damage damage, @ForAll long seed) throws Exception {
        byte[] file = damaged(statement(format, seed), damage, seed);

        long started = System.nanoTime();
        HttpResponse<String> response = upload(format, file);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Statistics.collect(format, damage, response.statusCode());
        String described = format + " " + damage + " → " + response.statusCode() + " " + abbreviated(response.body());
        assertThat(response.statusCode()).as(described).isIn(202, 400, 413);
        assertThat(response.body().length()).as("answer size: " + described).isLessThanOrEqualTo(16_384);
        assertThat(took).as("answer time: " + described).isLessThan(Duration.ofSeconds(5));
        if (damage == Damage.NONE) {
            assertThat(response.statusCode()).as(described).isEqualTo(202);
        }
        if (damage == Damage.EXTERNAL_ENTITY) {
            assertThat(response.body())
                    .as("no file content echoed: " + described)
                    .doesNotContain("root:");
        }

        List<ConsumerRecord<String, String>> published = publishedSinceLastTry();
        if (response.statusCode() == 202) {
            String statementId = group(STATEMENT_ID, response.body());
            assertThat(published.stream().filter(r -> r.value().contains("\"record\":\"line\"")))
                    .as("exactly the lines the answer reports: " + described)
                    .hasSize(Integer.parseInt(group(LINES, response.body())));
            assertThat(published.stream().filter(r -> r.value().contains("\"record\":\"statement\"")))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).contains(statementId));
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

    private static String statement(String format, long seed) {
        List<BankStatementScenario.Payout> payouts = List.of(new BankStatementScenario.Payout(
                "po_hostile" + Math.floorMod(seed, 1000),
                "stripe",
                10_000 + Math.floorMod(seed, 5000),
                "EUR",
                LocalDate.of(2026, 11, 2),
                "po_hostile" + Math.floorMod(seed, 1000)));
        return BankStatementScenario.plan(
                        seed, payouts, Set.of(BankStatementScenario.Outcome.ARRIVES), true, "adyen", 5)
                .statement(format);
    }

    private static byte[] damaged(String text, Damage damage, long seed) {
        java.util.Random random = new java.util.Random(seed);
        byte[] bytes = text.getBytes(UTF_8);
        return switch (damage) {
            case NONE -> bytes;
            case CUT_SHORT -> Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
            case FLIPPED_BYTES -> {
                byte[] copy = bytes.clone();
                for (int i = 0; i < 1 + random.nextInt(5); i++) {
                    copy[random.nextInt(copy.length)] = (byte) (32 + random.nextInt(95));
                }
                yield copy;
            }
            case DOUBLED_RECORD -> {
                String[] lines = text.split("\n");
                int at = random.nextInt(lines.length);
                List<String> doubled = new ArrayList<>(Arrays.asList(lines));
                doubled.add(at, lines[at]);
                yield String.join("\n", doubled).getBytes(UTF_8);
            }
            case INVALID_UTF8 -> {
                byte[] copy = bytes.clone();
                copy[random.nextInt(copy.length)] = (byte) 0xC3;
                copy[Math.min(copy.length - 1, random.nextInt(copy.length) + 1)] = (byte) 0x28;
                yield copy;
            }
            case EXTERNAL_ENTITY ->
                text.replaceFirst(
                                "<Document",
                                "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Document")
                        .replaceFirst("<MsgId>", "<MsgId>&xxe;")
                        .getBytes(UTF_8);
            case ENTITY_BOMB -> {
                StringBuilder doctype = new StringBuilder("<!DOCTYPE Document [<!ENTITY a0 \"ha\">");
                for (int i = 1; i <= 12; i++) {
                    doctype.append("<!ENTITY a")
                            .append(i)
                            .append(" \"")
                            .append(("&a" + (i - 1) + ";").repeat(10))
                            .append("\">");
                }
                yield text.replaceFirst("<Document", doctype + "]><Document")
                        .replaceFirst("<MsgId>", "<MsgId>&a12;")
                        .getBytes(UTF_8);
            }
            case ABSURD_AMOUNT ->
                text.replaceFirst("(\\d+)([.,]\\d\\d)", "99999999999999999999999$2")
                        .replaceFirst(",195,(\\d+),", ",195,99999999999999999999999,")
                        .getBytes(UTF_8);
            case TOO_LARGE -> (text + " ".repeat(70_000)).getBytes(UTF_8);
        };
    }

    /**
     * Uploads a well-formed statement and returns every record published before its marker, except its
     * own: what the previous upload published (one producer, one partition, in order).
     */
    private static List<ConsumerRecord<String, String>> publishedSinceLastTry() throws Exception {
        String marker = statement("bai2", 7_000_000 + TRIES.incrementAndGet());
        HttpResponse<String> response = upload("bai2", marker.getBytes(UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String markerId = group(STATEMENT_ID, response.body());
        List<ConsumerRecord<String, String>> read = statements.through(
                r -> r.value().contains("\"record\":\"statement\"") && r.value().contains(markerId), 1);
        List<ConsumerRecord<String, String>> before = new ArrayList<>(read);
        before.removeIf(r -> r.value().contains(markerId));
        return before;
    }

    private static HttpResponse<String> upload(String format, byte[] file) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/bank-statements/" + format))
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
