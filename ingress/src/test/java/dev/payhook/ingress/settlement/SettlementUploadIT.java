package dev.payhook.ingress.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressApplication;
import dev.payhook.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code POST /settlements/{format}} against a real in-process KRaft broker. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            IngressApplication.CONFIG_NAME,
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "payhook.operators.finance=" + SettlementUploadIT.TOKEN,
            "payhook.settlements.max-concurrent-uploads=1"
        })
class SettlementUploadIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonSerde<SettlementMessage> MESSAGES = JsonSerde.of(SettlementMessage.class);
    private static final String HEADER = "payment_id,type,amount,currency,fee,settled_at,reference\n";
    static final String TOKEN = "finance-operator-token-for-tests";

    @LocalServerPort
    int port;

    @Value("${spring.embedded.kafka.brokers}")
    String bootstrap;

    @Autowired
    MeterRegistry meters;

    private HttpResponse<String> upload(String format, String csv) throws Exception {
        return upload(
                format,
                HttpRequest.BodyPublishers.ofByteArray(csv.getBytes(StandardCharsets.UTF_8)),
                "Bearer " + TOKEN);
    }

    private HttpResponse<String> upload(String format, HttpRequest.BodyPublisher body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/settlements/" + format))
                .header("Content-Type", "text/csv")
                .POST(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptedLinesAreOnTheTopicKeyedByPaymentAndTheBatchClosesEveryPartition() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = HEADER
                + "pay_" + run + "_1,capture,100.00,EUR,2.00,2026-11-20T10:00:00Z,set_" + run + "_1\n"
                + "pay_" + run + "_2,refund,5.5,eur,,2026-11-20T11:00:00Z,rf_" + run + "\n"
                + "pay_" + run + "_3,capture,1.234,EUR,,2026-11-20T11:00:00Z,bad_" + run + "\n"
                + ",payout,-94.50,EUR,,2026-11-21T00:00:00Z,po_" + run + "\n";

        HttpResponse<String> response = upload("generic", csv);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body())
                .contains(
                        "\"accepted\":3",
                        "\"lines\":2",
                        "\"batchRows\":1",
                        "\"rejectedCount\":1",
                        "\"line\":4",
                        "1.234",
                        "\"cutoff\":\"2026-11-21T00:00:00Z\"",
                        "\"payout\":{\"EUR\":-9450}");
        String batchId = response.body().replaceAll(".*\"batchId\":\"([^\"]+)\".*", "$1");

        List<ConsumerRecord<String, String>> lines = TopicReader.await(
                bootstrap,
                Topics.SETTLEMENTS,
                r -> r.value().contains(batchId) && r.value().contains("\"record\":\"line\""),
                2);
        assertThat(lines)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("pay_" + run + "_1", "pay_" + run + "_2");
        SettlementLine refund = (SettlementLine) lines.stream()
                .map(r -> decode(r.value()))
                .filter(l -> ((SettlementLine) l).paymentId().endsWith("_2"))
                .findFirst()
                .orElseThrow();
        assertThat(refund.amount()).isEqualTo(550);
        assertThat(refund.currency()).isEqualTo("EUR");
        assertThat(refund.line()).isEqualTo(3);

        int partitions = TopicReader.partitions(bootstrap, Topics.SETTLEMENTS);
        List<ConsumerRecord<String, String>> markers = TopicReader.await(
                bootstrap,
                Topics.SETTLEMENTS,
                r -> r.value().contains(batchId) && r.value().contains("\"record\":\"batch\""),
                partitions);
        assertThat(markers)
                .extracting(ConsumerRecord::partition)
                .doesNotHaveDuplicates()
                .hasSize(partitions);
        assertThat(((SettlementBatch) decode(markers.get(0).value())).lines()).isEqualTo(2);
    }

    @Test
    void theSameFileIsTheSameBatch() throws Exception {
        String csv = HEADER + "pay_same,capture,1.00,USD,,2026-11-20T10:00:00Z,same_1\n";

        String first = upload("generic", csv).body();
        String second = upload("generic", csv).body();

        assertThat(first.replaceAll(".*\"batchId\":\"([^\"]+)\".*", "$1"))
                .isEqualTo(second.replaceAll(".*\"batchId\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void aFileWithNoUsableLineIsABadRequestWithTheReasons() throws Exception {
        HttpResponse<String> response = upload("generic", HEADER + "pay_x,transfer,1.00,USD,,2026-11-20T10:00:00Z,r\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:payhook:problem:no-usable-line", "\"line\":2", "transfer");
    }

    @Test
    void aHeaderWithoutTheFormatsColumnsIsABadRequest() throws Exception {
        HttpResponse<String> response = upload("stripe", HEADER + "pay_x,capture,1.00,USD,,2026-11-20T10:00:00Z,r\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("urn:payhook:problem:missing-columns", "balance_transaction_id");
    }

    @Test
    void anUnknownFormatIsNotFound() throws Exception {
        HttpResponse<String> response = upload("paypal", HEADER);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .contains("urn:payhook:problem:unknown-settlement-format", "adyen", "stripe", "generic");
    }

    @Test
    void anUploadWithoutAnOperatorTokenIsRefusedAndNothingIsPublished() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = HEADER + "pay_" + run + ",capture,1.00,USD,,2026-11-20T10:00:00Z,anon_" + run + "\n";

        HttpResponse<String> anonymous = upload("generic", HttpRequest.BodyPublishers.ofString(csv), null);
        HttpResponse<String> forged =
                upload("generic", HttpRequest.BodyPublishers.ofString(csv), "Bearer guessed-token-000000");

        for (HttpResponse<String> response : List.of(anonymous, forged)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer realm=\"payhook-ingress\""));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("urn:payhook:problem:operator-token-required");
        }
        // A marker written afterwards proves the reader saw everything before it.
        assertThat(upload(
                                "generic",
                                HEADER + "pay_" + run + "_after,capture,1.00,USD,,2026-11-20T10:00:00Z,after_" + run
                                        + "\n")
                        .statusCode())
                .isEqualTo(202);
        TopicReader.await(bootstrap, Topics.SETTLEMENTS, r -> r.value().contains("after_" + run), 1);
        assertThat(TopicReader.all(bootstrap, Topics.SETTLEMENTS, r -> r.value().contains("anon_" + run)))
                .isEmpty();
    }

    @Test
    void aFileThatCannotBeReadToItsEndIsRefusedWholeAndNothingOfItIsPublished() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String brokenQuote = HEADER + "pay_" + run + ",capture,1.00,USD,,2026-11-20T10:00:00Z,ok_" + run + "\n" + "pay_"
                + run + ",capture,\"2.00,USD,,2026-11-20T10:00:00Z,bad_" + run + "\n";
        byte[] invalidUtf8 = (HEADER + "pay_" + run + ",capture,1.00,USD,,2026-11-20T10:00:00Z,ok2_" + run + "\n"
                        + "pay_" + run + ",capture,2.00,USD,,2026-11-20T10:00:00Z,caf\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> quoted = upload("generic", brokenQuote);
        HttpResponse<String> encoded =
                upload("generic", HttpRequest.BodyPublishers.ofByteArray(invalidUtf8), "Bearer " + TOKEN);

        assertThat(quoted.statusCode()).isEqualTo(400);
        assertThat(quoted.body()).contains("urn:payhook:problem:malformed-file", "\"line\":3");
        assertThat(encoded.statusCode()).isEqualTo(400);
        assertThat(encoded.body()).contains("urn:payhook:problem:malformed-file", "\"line\":3", "UTF-8");
        assertThat(upload(
                                "generic",
                                HEADER + "pay_" + run + "_after,capture,1.00,USD,,2026-11-20T10:00:00Z,after_" + run
                                        + "\n")
                        .statusCode())
                .isEqualTo(202);
        TopicReader.await(bootstrap, Topics.SETTLEMENTS, r -> r.value().contains("after_" + run), 1);
        assertThat(TopicReader.all(
                        bootstrap,
                        Topics.SETTLEMENTS,
                        r -> r.value().contains("ok_" + run) || r.value().contains("ok2_" + run)))
                .isEmpty();
    }

    @Test
    void uploadsBeyondTheConcurrencyLimitAreTurnedAwayWithRetryAfter() throws Exception {
        byte[] body =
                (HEADER + "pay_slow,capture,1.00,USD,,2026-11-20T10:00:00Z,slow_1\n").getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket slow = new java.net.Socket("localhost", port)) {
            // An upload whose body is still arriving: headers and half of it, the rest later.
            java.io.OutputStream out = slow.getOutputStream();
            out.write(("POST /settlements/generic HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                            + "\r\nContent-Type: text/csv\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> meters.get("payhook.settlements.uploads.active")
                                    .gauge()
                                    .value()
                            == 1.0);

            HttpResponse<String> second =
                    upload("generic", HEADER + "pay_second,capture,1.00,USD,,2026-11-20T10:00:00Z,second_1\n");

            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(second.body()).contains("urn:payhook:problem:too-many-uploads");
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 202");
        }
        assertThat(meters.get("payhook.settlements.uploads.active").gauge().value())
                .isZero();
        assertThat(meters.get("payhook.settlements.spooled").gauge().value()).isZero();
    }

    private static SettlementMessage decode(String json) {
        return MESSAGES.deserialize(Topics.SETTLEMENTS, json.getBytes(StandardCharsets.UTF_8));
    }
}
