package dev.payhook.collector.recovery;

import com.razorpay.Dispute;
import com.razorpay.Payment;
import com.razorpay.Refund;
import dev.payhook.common.JsonSerde;
import dev.payhook.provider.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.json.JSONObject;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Razorpay's REST API with Spring's HTTP client and basic auth (razorpay-java hard-codes its host,
 * so it cannot be pointed at a simulator); its entity types parse the answers. A sweep lists the
 * payments created in the window ({@code GET /v1/payments?from=&to=}) and their refunds; a payment
 * is fetched by id. Razorpay's API gives states, not events: each is told as the webhook its status
 * implies, built from the entity exactly as the API returned it, so the same state always gives the
 * same body and the same event id (the mapper derives Razorpay event ids from the body).
 *
 * <p>Disputes are swept too ({@code GET /v1/disputes?from=&to=}). Not covered: a payment created
 * before the window and captured inside it is found as a stuck payment, not by the sweep, and a
 * dispute opened before the window and decided inside it is not found (both lists are by creation
 * time); a payment's disputes are not looked up by payment.
 */
final class RazorpayApi implements ProviderApi {

    /** Razorpay's largest page. */
    private static final int PAGE = 100;

    private final String source;
    private final RestClient http;

    RazorpayApi(String source, String apiKey, String apiBase) {
        this.source = source;
        String credentials = Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8));
        this.http = RestClient.builder()
                .requestFactory(HttpTimeouts.requestFactory())
                .baseUrl(apiBase != null ? apiBase : "https://api.razorpay.com")
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Basic " + credentials)
                .build();
    }

    @Override
    public void eventsBetween(Instant from, Instant to, Pages pages)
            throws ProviderApiException, RecoveryJob.PublishFailure {
        for (int skip = 0; ; skip += PAGE) {
            // Razorpay's from and to are inclusive epoch seconds.
            JsonNode items = get("/v1/payments?from=" + from.getEpochSecond() + "&to=" + (to.getEpochSecond() - 1)
                            + "&count=" + PAGE + "&skip=" + skip)
                    .path("items");
            List<WebhookRequest> page = new ArrayList<>();
            for (JsonNode payment : items) {
                page.addAll(told(payment));
            }
            pages.page(page);
            if (items.size() < PAGE) {
                break;
            }
        }
        for (int skip = 0; ; skip += PAGE) {
            JsonNode items = get("/v1/disputes?from=" + from.getEpochSecond() + "&to=" + (to.getEpochSecond() - 1)
                            + "&count=" + PAGE + "&skip=" + skip)
                    .path("items");
            List<WebhookRequest> page = new ArrayList<>();
            for (JsonNode dispute : items) {
                page.addAll(toldDispute(dispute));
            }
            pages.page(page);
            if (items.size() < PAGE) {
                return;
            }
        }
    }

    /**
     * A dispute as the webhook its status implies. {@code closed} (the merchant accepted it, or
     * Razorpay closed it) is not told: which way the money went is for the settlement report.
     */
    private List<WebhookRequest> toldDispute(JsonNode entity) {
        Dispute dispute = new Dispute(new JSONObject(entity.toString()));
        String event =
                switch (String.valueOf((Object) dispute.get("status"))) {
                    case "open", "under_review" -> "payment.dispute.created";
                    case "won" -> "payment.dispute.won";
                    case "lost" -> "payment.dispute.lost";
                    default -> null;
                };
        if (event == null) {
            return List.of();
        }
        ObjectNode payment = JsonSerde.MAPPER.createObjectNode();
        payment.put("id", entity.path("payment_id").asString());
        payment.put("entity", "payment");
        return List.of(webhook(event, "dispute", entity, payment, entity.path("created_at")));
    }

    @Override
    public List<WebhookRequest> payment(String paymentId) throws ProviderApiException {
        JsonNode payment;
        try {
            payment = get("/v1/payments/" + paymentId);
        } catch (ProviderApiException e) {
            if (e.getCause() instanceof RestClientResponseException response
                    && (response.getStatusCode().value() == 404
                            || response.getStatusCode().value() == 400)) {
                return List.of(); // Razorpay answers 400 "The id provided does not exist"
            }
            throw e;
        }
        return told(payment);
    }

    /** A payment as the webhooks its state implies: its outcome, then each processed refund. */
    private List<WebhookRequest> told(JsonNode entity) throws ProviderApiException {
        Payment payment = new Payment(new JSONObject(entity.toString()));
        String status = payment.get("status");
        String event =
                switch (String.valueOf(status)) {
                    case "authorized" -> "payment.authorized";
                    case "captured", "refunded" -> "payment.captured";
                    case "failed" -> "payment.failed";
                    default -> null; // created: nothing has happened yet
                };
        List<WebhookRequest> told = new ArrayList<>();
        if (event == null) {
            return told;
        }
        told.add(webhook(event, "payment", entity, null, entity.path("created_at")));
        if (entity.path("amount_refunded").asLong(0) > 0) {
            for (JsonNode refundEntity :
                    get("/v1/payments/" + payment.get("id") + "/refunds").path("items")) {
                Refund refund = new Refund(new JSONObject(refundEntity.toString()));
                if ("processed".equals(refund.get("status"))) {
                    told.add(webhook(
                            "refund.processed", "refund", refundEntity, entity, refundEntity.path("created_at")));
                }
            }
        }
        return told;
    }

    private WebhookRequest webhook(String event, String kind, JsonNode entity, JsonNode payment, JsonNode createdAt) {
        ObjectNode body = JsonSerde.MAPPER.createObjectNode();
        body.put("entity", "event");
        body.put("event", event);
        body.putArray("contains").add(kind);
        ObjectNode payload = body.putObject("payload");
        payload.putObject(kind).set("entity", entity);
        if (payment != null) {
            payload.putObject("payment").set("entity", payment);
        }
        body.set("created_at", createdAt);
        HttpHeaders headers = new HttpHeaders();
        // Razorpay sends one; the mapper derives the event id from the body, the same for the same state.
        headers.set("X-Razorpay-Event-Id", "poll_" + entity.path("id").asString() + "_" + event);
        return new WebhookRequest(
                source, "razorpay", headers, body.toString().getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private JsonNode get(String path) throws ProviderApiException {
        try {
            return JsonSerde.MAPPER.readTree(http.get().uri(path).retrieve().body(String.class));
        } catch (RestClientResponseException e) {
            int status = e.getStatusCode().value();
            String retryAfter = e.getResponseHeaders() == null
                    ? null
                    : e.getResponseHeaders().getFirst("Retry-After");
            throw new ProviderApiException(
                    "Razorpay answered " + status + " to GET " + path,
                    ProviderApiException.retryableStatus(status),
                    retryAfter != null && retryAfter.matches("\\d{1,4}")
                            ? java.time.Duration.ofSeconds(Long.parseLong(retryAfter))
                            : null,
                    e);
        } catch (ResourceAccessException e) {
            throw new ProviderApiException("Razorpay unreachable: " + e.getMessage(), true, null, e);
        }
    }
}
