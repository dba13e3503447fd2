package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.answered;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.api.DiscrepancyPage;
import dev.payhook.common.api.ProcessorApi;
import dev.payhook.common.api.ReconcilerApi;
import dev.payhook.testkit.SettlementScenario;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP contracts one service reads from another (common's {@code api} package): each server's
 * real answer, read strictly (no field the shared type lacks) into the type its callers compile
 * against. A field renamed or added on one side fails here, not in a running peer.
 */
class ServiceContractsIT {

    private static final JsonMapper STRICT = JsonSerde.MAPPER
            .rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void theAnswersOtherServicesReadAreExactlyTheSharedTypes() throws Exception {
        ConfigurableApplicationContext ingress = Services.ingress();
        ConfigurableApplicationContext processor = Services.processor(
                Files.createTempDirectory("processor").toString(),
                "--spring.kafka.streams.application-id=payhook-processor-contracts");
        ConfigurableApplicationContext reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=payhook-reconciler-contracts");
        try {
            long seed = System.nanoTime() % 1_000_000;
            SettlementScenario scenario = SettlementScenario.generate(
                    seed, 1, Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
            Services.deliverWebhooks(scenario, port(ingress), port(processor));
            assertThat(post(
                                    "http://localhost:" + port(ingress) + "/settlements/adyen",
                                    scenario.report("adyen"),
                                    Services.OPERATOR)
                            .statusCode())
                    .isEqualTo(202);
            String processorUrl = "http://localhost:" + port(processor);
            String reconcilerUrl = "http://localhost:" + port(reconciler);
            String paymentId = scenario.payments().get(0).paymentId();

            PaymentState payment = STRICT.readValue(
                    answered(processorUrl + ProcessorApi.PAYMENT.replace("{paymentId}", paymentId))
                            .body(),
                    PaymentState.class);
            assertThat(payment.paymentId()).isEqualTo(paymentId);

            List<PaymentState> waiting = STRICT.readValue(
                    answered(processorUrl + ProcessorApi.waitingPayments(PaymentStatus.AUTHORIZED, Instant.now(), 10))
                            .body(),
                    new TypeReference<List<PaymentState>>() {});
            assertThat(waiting).allSatisfy(p -> assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED));

            // Each service publishes its HTTP contract as OpenAPI, with the paths its callers build from common's api.
            assertThat(answered(processorUrl + "/v3/api-docs").body())
                    .contains("\"" + ProcessorApi.PAYMENT + "\"")
                    .contains("\"" + ProcessorApi.WAITING_PAYMENTS + "\"");
            assertThat(answered(reconcilerUrl + "/v3/api-docs").body())
                    .contains("\"" + ReconcilerApi.DISCREPANCY_PAGE + "\"")
                    .contains("\"/reconciliation/batches/{batchId}\"");
            assertThat(answered("http://localhost:" + port(ingress) + "/v3/api-docs")
                            .body())
                    .contains("\"/webhooks/{source}\"")
                    .contains("\"/settlements/{format}\"");
            assertThat(Services.get(reconcilerUrl + "/swagger-ui/index.html").statusCode())
                    .isEqualTo(200);

            Awaitility.await("the unknown settlement the recovery job reads")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        DiscrepancyPage page = STRICT.readValue(
                                answered(reconcilerUrl
                                                + ReconcilerApi.discrepancyPage(
                                                        DiscrepancyStatus.OPEN,
                                                        DiscrepancyType.UNKNOWN_SETTLEMENT,
                                                        true,
                                                        50))
                                        .body(),
                                DiscrepancyPage.class);
                        assertThat(page.items())
                                .extracting(d -> d.type())
                                .isNotEmpty()
                                .containsOnly(DiscrepancyType.UNKNOWN_SETTLEMENT);
                    });
        } finally {
            reconciler.close();
            processor.close();
            ingress.close();
        }
    }
}
