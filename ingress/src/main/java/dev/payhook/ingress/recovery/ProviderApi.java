package dev.payhook.ingress.recovery;

import dev.payhook.ingress.provider.WebhookRequest;
import java.time.Instant;
import java.util.List;

/**
 * A provider's API, asked what its webhooks should have told payhook. Answers are webhook requests
 * as the provider would have pushed them, so they go through the source's own mapping.
 */
interface ProviderApi {

    /** Everything the provider reports as happened in {@code [from, to)}, oldest first. */
    List<WebhookRequest> eventsBetween(Instant from, Instant to) throws ProviderApiException;

    /** What the provider says about one payment now; empty when it does not know the payment. */
    List<WebhookRequest> payment(String paymentId) throws ProviderApiException;
}
