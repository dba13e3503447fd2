package dev.payhook.collector.recovery;

import dev.payhook.provider.WebhookRequest;
import java.time.Instant;
import java.util.List;

/**
 * A provider's API, asked what its webhooks should have told payhook. Answers are webhook requests
 * as the provider would have pushed them, so they go through the source's own mapping.
 */
interface ProviderApi {

    /** One page of a listing, as it arrives: the caller publishes it before the next is asked for. */
    interface Pages {
        void page(List<WebhookRequest> page) throws RecoveryJob.PublishFailure;
    }

    /**
     * Everything the provider reports as happened in {@code [from, to)}, a page at a time (in the
     * provider's order), so a busy window never has to fit in memory.
     */
    void eventsBetween(Instant from, Instant to, Pages pages) throws ProviderApiException, RecoveryJob.PublishFailure;

    /** What the provider says about one payment now; empty when it does not know the payment. */
    List<WebhookRequest> payment(String paymentId) throws ProviderApiException;
}
