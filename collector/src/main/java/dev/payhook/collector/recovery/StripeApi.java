package dev.payhook.collector.recovery;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;
import com.stripe.param.EventListParams;
import dev.payhook.provider.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * Stripe's API through stripe-java: {@code GET /v1/events} for a sweep (every event Stripe created
 * in the window, delivered or not: its Event objects are the webhook bodies), and
 * {@code GET /v1/payment_intents/{id}} for one payment, told as the event its status implies under
 * an id derived from that status ({@code poll_<id>_<status>}), since the API gives a state, not an event.
 */
final class StripeApi implements ProviderApi {

    /** Stripe's largest page. */
    private static final long PAGE = 100;

    private final String source;
    private final StripeClient client;

    StripeApi(String source, String apiKey, String apiBase) {
        this.source = source;
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey)
                .setMaxNetworkRetries(0)
                .setConnectTimeout((int) HttpTimeouts.CONNECT.toMillis())
                .setReadTimeout((int) HttpTimeouts.READ.toMillis());
        if (apiBase != null) {
            builder.setApiBase(apiBase);
        }
        this.client = builder.build();
    }

    @Override
    public void eventsBetween(Instant from, Instant to, Pages pages)
            throws ProviderApiException, RecoveryJob.PublishFailure {
        String after = null;
        StripeCollection<Event> page;
        do {
            EventListParams.Builder params = EventListParams.builder()
                    .setCreated(EventListParams.Created.builder()
                            .setGte(from.getEpochSecond())
                            .setLt(to.getEpochSecond())
                            .build())
                    .setLimit(PAGE);
            if (after != null) {
                params.setStartingAfter(after);
            }
            page = call(() -> client.v1().events().list(params.build()));
            pages.page(
                    page.getData().stream().map(event -> request(json(event))).toList());
            after = page.getData().isEmpty()
                    ? null
                    : page.getData().get(page.getData().size() - 1).getId();
        } while (Boolean.TRUE.equals(page.getHasMore()) && after != null);
    }

    @Override
    public List<WebhookRequest> payment(String paymentId) throws ProviderApiException {
        PaymentIntent intent;
        try {
            intent = client.v1().paymentIntents().retrieve(paymentId);
        } catch (StripeException e) {
            if (Integer.valueOf(404).equals(e.getStatusCode())) {
                return List.of();
            }
            throw failure(e);
        }
        String type =
                switch (String.valueOf(intent.getStatus())) {
                    case "succeeded" -> "payment_intent.succeeded";
                    case "requires_capture" -> "payment_intent.amount_capturable_updated";
                    case "canceled" -> "payment_intent.canceled";
                    case "requires_payment_method" ->
                        intent.getLastPaymentError() != null ? "payment_intent.payment_failed" : null;
                    default -> null; // processing, requires_action…: nothing has happened yet
                };
        if (type == null) {
            return List.of();
        }
        JsonObject event = new JsonObject();
        event.addProperty("id", "poll_" + intent.getId() + "_" + intent.getStatus() + "_" + intent.getAmountReceived());
        event.addProperty("object", "event");
        event.addProperty("type", type);
        event.addProperty("created", intent.getCreated());
        JsonObject data = new JsonObject();
        data.add("object", json(intent));
        event.add("data", data);
        return List.of(request(event));
    }

    private WebhookRequest request(JsonElement body) {
        return new WebhookRequest(
                source, "stripe", new HttpHeaders(), body.toString().getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** The object as Stripe sent it, fields this SDK version does not model included. */
    private static JsonElement json(StripeObject object) {
        return object.getRawJsonObject() != null ? object.getRawJsonObject() : ApiResource.GSON.toJsonTree(object);
    }

    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private static <T> T call(StripeCall<T> call) throws ProviderApiException {
        try {
            return call.call();
        } catch (StripeException e) {
            throw failure(e);
        }
    }

    private static ProviderApiException failure(StripeException e) {
        Integer status = e.getStatusCode();
        boolean retryable =
                e instanceof ApiConnectionException || status == null || ProviderApiException.retryableStatus(status);
        return new ProviderApiException(
                "Stripe answered " + (status == null ? "nothing" : status) + ": " + e.getMessage(), retryable, null, e);
    }
}
