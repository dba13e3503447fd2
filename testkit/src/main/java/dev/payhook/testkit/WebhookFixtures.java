package dev.payhook.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.adyen.model.notification.Amount;
import com.adyen.model.notification.NotificationRequestItem;
import com.adyen.util.HMACValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook bodies in the providers' own shapes, under {@code webhooks/<provider>/<event>.json}: written
 * from the providers' published payloads (Adyen's adyen-java-api-library notification mocks and
 * webhook reference, Stripe's Event, Charge, Refund and Dispute objects as its API reference and
 * OpenAPI fixtures show them, razorpay-python's webhook mock and Razorpay's webhook payload
 * pages). Each provider's set tells one payment's whole life, reversals included, so the same
 * files serve the mapper specs, the state machine and the pipeline through a real broker.
 */
public final class WebhookFixtures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookFixtures() {}

    /** The fixture's bytes as the provider sends them. */
    public static String body(String provider, String name) {
        return resource("/webhooks/" + provider + "/" + name + ".json");
    }

    /**
     * A settlement report under {@code reports/<format>/<name>}, in a column set the provider exports:
     * Stripe's itemized report types with user-chosen columns (UTC and local-time), Adyen's settlement
     * detail report in its 30-, 34- and 49-column versions, Razorpay's settlement recon report.
     */
    public static String report(String format, String name) {
        return resource("/reports/" + format + "/" + name);
    }

    private static String resource(String path) {
        try (InputStream in = WebhookFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture signed for the local source of its provider, as the provider signs it. */
    public static SignedWebhook signed(String provider, String name) {
        return sign(provider, body(provider, name), name);
    }

    /**
     * The fixture with its ids and times replaced (each key by its value), signed: the same shapes for
     * a payment of a test's own, so tests sharing a broker never share a payment or an event id.
     */
    public static SignedWebhook signed(String provider, String name, Map<String, String> replacements) {
        String body = body(provider, name);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            body = body.replace(replacement.getKey(), replacement.getValue());
        }
        return sign(provider, body, name + replacements.hashCode());
    }

    private static SignedWebhook sign(String provider, String body, String name) {
        return switch (provider) {
            case "stripe" -> stripe(body);
            case "adyen" -> adyen(body);
            case "razorpay" -> razorpay(body, name);
            default -> throw new IllegalArgumentException("no fixtures for " + provider);
        };
    }

    private static SignedWebhook stripe(String body) {
        try {
            String header = com.stripe.net.Webhook.Signature.generateSignatureHeader(body, LocalSources.STRIPE_SECRET);
            return new SignedWebhook("stripe", body, Map.of("Stripe-Signature", header));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adyen signs each item: its HMAC goes into the item's {@code additionalData.hmacSignature}. */
    private static SignedWebhook adyen(String body) {
        ObjectNode notification = (ObjectNode) JSON.readTree(body);
        for (JsonNode wrapper : notification.path("notificationItems")) {
            ObjectNode item = (ObjectNode) wrapper.path("NotificationRequestItem");
            NotificationRequestItem signed = new NotificationRequestItem()
                    .setPspReference(item.path("pspReference").asString(null))
                    .setOriginalReference(item.path("originalReference").asString(null))
                    .setMerchantAccountCode(item.path("merchantAccountCode").asString(null))
                    .setMerchantReference(item.path("merchantReference").asString(null))
                    .setAmount(new Amount()
                            .currency(item.path("amount").path("currency").asString())
                            .value(item.path("amount").path("value").asLong()))
                    .setEventCode(item.path("eventCode").asString())
                    .setSuccess("true".equals(item.path("success").asString()));
            try {
                String hmac = new HMACValidator().calculateHMAC(signed, LocalSources.ADYEN_HMAC_KEY);
                ((ObjectNode) item.path("additionalData")).put("hmacSignature", hmac);
            } catch (java.security.SignatureException e) {
                throw new IllegalStateException(e);
            }
        }
        return new SignedWebhook("adyen", JSON.writeValueAsString(notification), Map.of());
    }

    /** Razorpay signs the body; each delivery carries an event id header. */
    private static SignedWebhook razorpay(String body, String name) {
        return new SignedWebhook(
                "razorpay",
                body,
                Map.of(
                        "X-Razorpay-Signature",
                        ProviderSigner.hexHmac(LocalSources.RAZORPAY_SECRET, body),
                        "X-Razorpay-Event-Id",
                        "evt_fixture_" + name));
    }
}
