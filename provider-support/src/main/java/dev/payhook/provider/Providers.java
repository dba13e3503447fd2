package dev.payhook.provider;

import dev.payhook.provider.adyen.AdyenHmacVerifier;
import dev.payhook.provider.adyen.AdyenNotificationMapper;
import dev.payhook.provider.generic.GenericEventMapper;
import dev.payhook.provider.generic.GenericHmacVerifier;
import dev.payhook.provider.razorpay.RazorpayEventMapper;
import dev.payhook.provider.razorpay.RazorpaySignatureVerifier;
import dev.payhook.provider.standardwebhooks.StandardWebhooksEventMapper;
import dev.payhook.provider.standardwebhooks.StandardWebhooksVerifier;
import dev.payhook.provider.stripe.StripeEventMapper;
import dev.payhook.provider.stripe.StripeSignatureVerifier;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The provider schemes a source can name. Adding a provider is one package and one line here. */
public final class Providers {

    private Providers() {}

    /** The scheme of that name (the {@code provider} a source names). */
    public static Provider named(String name) {
        return all().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no provider scheme " + name));
    }

    public static List<Provider> all() {
        return List.of(
                Provider.of("stripe", new StripeSignatureVerifier(), new StripeEventMapper()),
                Provider.of("standard-webhooks", new StandardWebhooksVerifier(), new StandardWebhooksEventMapper()),
                // Adyen treats any answer but "[accepted]" as a failed delivery and retries it.
                new Provider(
                        "adyen",
                        new AdyenHmacVerifier(),
                        new AdyenNotificationMapper(),
                        ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("[accepted]")),
                Provider.of("razorpay", new RazorpaySignatureVerifier(), new RazorpayEventMapper()),
                Provider.of("generic-hmac", new GenericHmacVerifier(), new GenericEventMapper()));
    }
}
