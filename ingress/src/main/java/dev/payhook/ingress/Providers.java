package dev.payhook.ingress;

import dev.payhook.ingress.provider.Provider;
import dev.payhook.ingress.provider.adyen.AdyenHmacVerifier;
import dev.payhook.ingress.provider.adyen.AdyenNotificationMapper;
import dev.payhook.ingress.provider.generic.GenericEventMapper;
import dev.payhook.ingress.provider.generic.GenericHmacVerifier;
import dev.payhook.ingress.provider.razorpay.RazorpayEventMapper;
import dev.payhook.ingress.provider.razorpay.RazorpaySignatureVerifier;
import dev.payhook.ingress.provider.standardwebhooks.StandardWebhooksEventMapper;
import dev.payhook.ingress.provider.standardwebhooks.StandardWebhooksVerifier;
import dev.payhook.ingress.provider.stripe.StripeEventMapper;
import dev.payhook.ingress.provider.stripe.StripeSignatureVerifier;
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

    static List<Provider> all() {
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
