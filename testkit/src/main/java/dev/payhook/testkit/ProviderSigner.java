package dev.payhook.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.adyen.model.notification.Amount;
import com.adyen.model.notification.NotificationRequestItem;
import com.adyen.util.HMACValidator;
import com.standardwebhooks.Webhook;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds and signs provider webhooks the way each provider does, with the provider's own SDK
 * where one exists (stripe-java, standardwebhooks, Adyen's HMACValidator), so what the local
 * stack receives is what it would receive from the provider.
 */
public final class ProviderSigner {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One payment event in provider-neutral terms; each provider renders it in its own format.
     *
     * @param modificationId a refund's id; for a payment captured in parts, the capture's id; else null
     */
    public record PaymentFact(
            String eventId,
            String type,
            String paymentId,
            String orderId,
            long amount,
            String currency,
            String modificationId,
            Instant occurredAt) {

        boolean isRefund() {
            return type.equals("payment.refunded");
        }
    }

    public SignedWebhook stripe(PaymentFact fact) {
        String stripeType =
                switch (fact.type()) {
                    case "payment.created" -> "payment_intent.created";
                    case "payment.authorized" -> "payment_intent.amount_capturable_updated";
                    // A capture that names itself is one of several: a charge of its own.
                    case "payment.captured" ->
                        fact.modificationId() != null ? "charge.captured" : "payment_intent.succeeded";
                    case "payment.failed" -> "payment_intent.payment_failed";
                    case "payment.canceled" -> "payment_intent.canceled";
                    case "payment.refunded" -> "refund.created";
                    case "payment.dispute_opened" -> "charge.dispute.created";
                    default -> "charge.dispute.closed";
                };
        ObjectNode object = JSON.createObjectNode();
        if (stripeType.startsWith("payment_intent.")) {
            object.put("id", fact.paymentId())
                    .put("object", "payment_intent")
                    .put("amount", fact.amount())
                    .put("amount_capturable", fact.amount())
                    .put("amount_received", fact.type().equals("payment.captured") ? fact.amount() : 0);
        } else if (stripeType.equals("charge.captured")) {
            object.put("id", fact.modificationId())
                    .put("object", "charge")
                    .put("amount", fact.amount())
                    .put("amount_captured", fact.amount())
                    .put("captured", true)
                    .put("payment_intent", fact.paymentId());
        } else if (stripeType.startsWith("refund.")) {
            object.put("id", fact.modificationId())
                    .put("object", "refund")
                    .put("amount", fact.amount())
                    .put("payment_intent", fact.paymentId())
                    .put("status", "succeeded");
        } else {
            object.put("id", "dp_" + fact.paymentId())
                    .put("object", "dispute")
                    .put("amount", fact.amount())
                    .put("payment_intent", fact.paymentId())
                    .put(
                            "status",
                            fact.type().equals("payment.dispute_won")
                                    ? "won"
                                    : fact.type().equals("payment.dispute_lost") ? "lost" : "needs_response");
        }
        object.put("currency", fact.currency().toLowerCase());
        object.putObject("metadata").put("order_id", fact.orderId());
        return signedStripeEvent(fact.eventId(), stripeType, fact.occurredAt().getEpochSecond(), object);
    }

    public SignedWebhook standard(PaymentFact fact) {
        ObjectNode message = JSON.createObjectNode()
                .put("type", fact.type())
                .put("timestamp", fact.occurredAt().toString());
        ObjectNode data = message.putObject("data")
                .put("paymentId", fact.paymentId())
                .put("amount", fact.amount())
                .put("currency", fact.currency())
                .put("orderId", fact.orderId());
        if (fact.modificationId() != null) {
            data.put(fact.isRefund() ? "refundId" : "captureId", fact.modificationId());
        }
        return standard(fact.eventId(), message);
    }

    /** A Standard Webhooks message of the local {@code standard} source, signed now. */
    public SignedWebhook standard(String messageId, ObjectNode message) {
        String body = JSON.writeValueAsString(message);
        try {
            long now = Instant.now().getEpochSecond();
            String signature = new Webhook(LocalSources.STANDARD_SECRET).sign(messageId, now, body);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("webhook-id", messageId);
            headers.put("webhook-timestamp", Long.toString(now));
            headers.put("webhook-signature", signature);
            return new SignedWebhook("standard", body, headers);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SignedWebhook adyen(PaymentFact fact) {
        String eventCode =
                switch (fact.type()) {
                    case "payment.authorized", "payment.failed", "payment.created" -> "AUTHORISATION";
                    case "payment.captured" -> "CAPTURE";
                    case "payment.canceled" -> "CANCELLATION";
                    case "payment.refunded" -> "REFUND";
                    case "payment.dispute_opened" -> "NOTIFICATION_OF_CHARGEBACK";
                    case "payment.dispute_won" -> "CHARGEBACK_REVERSED";
                    default -> "CHARGEBACK";
                };
        boolean modification =
                eventCode.equals("CAPTURE") || eventCode.equals("CANCELLATION") || eventCode.equals("REFUND");
        String psp = modification
                ? (fact.modificationId() != null ? fact.modificationId() : fact.eventId())
                : fact.paymentId();
        NotificationRequestItem item = new NotificationRequestItem()
                .setPspReference(psp)
                .setOriginalReference(modification ? fact.paymentId() : null)
                .setMerchantAccountCode("PayhookLocalECOM")
                .setMerchantReference(fact.orderId())
                .setAmount(new Amount().currency(fact.currency()).value(fact.amount()))
                .setEventCode(eventCode)
                .setSuccess(!fact.type().equals("payment.failed"));
        try {
            String signature = new HMACValidator().calculateHMAC(item, LocalSources.ADYEN_HMAC_KEY);
            ObjectNode json = JSON.createObjectNode();
            json.put("pspReference", item.getPspReference());
            if (item.getOriginalReference() != null) {
                json.put("originalReference", item.getOriginalReference());
            }
            json.put("merchantAccountCode", item.getMerchantAccountCode())
                    .put("merchantReference", item.getMerchantReference())
                    .put("eventCode", eventCode)
                    .put("eventDate", fact.occurredAt().toString())
                    .put("success", Boolean.toString(item.isSuccess()));
            json.putObject("amount").put("currency", fact.currency()).put("value", fact.amount());
            json.putObject("additionalData").put("hmacSignature", signature);
            ObjectNode notification = JSON.createObjectNode().put("live", "false");
            notification.putArray("notificationItems").addObject().set("NotificationRequestItem", json);
            return new SignedWebhook("adyen", JSON.writeValueAsString(notification), Map.of());
        } catch (java.security.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adyen's {@code REPORT_AVAILABLE} (docs.adyen.com, "Automatically get reports"): the report's file
     * name as {@code pspReference}, its download URL as {@code reason}, signed like any notification item.
     */
    public SignedWebhook adyenReportAvailable(String fileName, String url) {
        NotificationRequestItem item = new NotificationRequestItem()
                .setPspReference(fileName)
                .setMerchantAccountCode("PayhookLocalECOM")
                .setMerchantReference("")
                .setAmount(new Amount().currency("EUR").value(0L))
                .setEventCode("REPORT_AVAILABLE")
                .setSuccess(true);
        try {
            String signature = new HMACValidator().calculateHMAC(item, LocalSources.ADYEN_HMAC_KEY);
            ObjectNode json = JSON.createObjectNode();
            json.putObject("amount").put("currency", "EUR").put("value", 0);
            json.put("eventCode", "REPORT_AVAILABLE")
                    .put("eventDate", java.time.Instant.now().toString())
                    .put("merchantAccountCode", item.getMerchantAccountCode())
                    .put("merchantReference", "")
                    .put("pspReference", fileName)
                    .put("reason", url)
                    .put("success", "true");
            json.putObject("additionalData").put("hmacSignature", signature);
            ObjectNode notification = JSON.createObjectNode().put("live", "false");
            notification.putArray("notificationItems").addObject().set("NotificationRequestItem", json);
            return new SignedWebhook("adyen", JSON.writeValueAsString(notification), Map.of());
        } catch (java.security.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any Stripe event about {@code object} (a report run, say), signed with the local secret. */
    public SignedWebhook stripeEvent(String eventId, String type, ObjectNode object) {
        return signedStripeEvent(eventId, type, java.time.Instant.now().getEpochSecond(), object);
    }

    /** A Stripe Event around {@code object}, signed with the local secret as Stripe signs (its own SDK). */
    private static SignedWebhook signedStripeEvent(String eventId, String type, long created, ObjectNode object) {
        ObjectNode event = JSON.createObjectNode()
                .put("id", eventId)
                .put("object", "event")
                .put("api_version", "2025-10-29.clover")
                .put("created", created)
                .put("type", type)
                .put("livemode", false);
        event.putObject("data").set("object", object);
        String body = JSON.writeValueAsString(event);
        try {
            String header = com.stripe.net.Webhook.Signature.generateSignatureHeader(body, LocalSources.STRIPE_SECRET);
            return new SignedWebhook("stripe", body, Map.of("Stripe-Signature", header));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public SignedWebhook razorpay(PaymentFact fact) {
        String event =
                switch (fact.type()) {
                    case "payment.authorized", "payment.created" -> "payment.authorized";
                    case "payment.captured" -> "payment.captured";
                    case "payment.refunded" -> "refund.processed";
                    case "payment.dispute_opened" -> "payment.dispute.created";
                    case "payment.dispute_won" -> "payment.dispute.won";
                    case "payment.dispute_lost" -> "payment.dispute.lost";
                    default -> "payment.failed";
                };
        ObjectNode root = JSON.createObjectNode()
                .put("entity", "event")
                .put("account_id", "acc_payhooklocal")
                .put("event", event)
                .put("created_at", fact.occurredAt().getEpochSecond());
        ObjectNode payload = root.putObject("payload");
        payload.putObject("payment")
                .putObject("entity")
                .put("id", fact.paymentId())
                .put("entity", "payment")
                .put("amount", fact.amount())
                .put("currency", fact.currency())
                .put("order_id", fact.orderId())
                .put("status", event.replace("payment.", ""));
        if (fact.isRefund() && fact.modificationId() != null) {
            payload.putObject("refund")
                    .putObject("entity")
                    .put("id", fact.modificationId())
                    .put("entity", "refund")
                    .put("payment_id", fact.paymentId())
                    .put("amount", fact.amount())
                    .put("currency", fact.currency());
        }
        if (event.startsWith("payment.dispute")) {
            payload.putObject("dispute")
                    .putObject("entity")
                    .put("id", "disp_" + fact.paymentId())
                    .put("payment_id", fact.paymentId())
                    .put("amount", fact.amount())
                    .put("currency", fact.currency());
        }
        String body = JSON.writeValueAsString(root);
        return new SignedWebhook(
                "razorpay",
                body,
                Map.of(
                        "X-Razorpay-Signature", hexHmac(LocalSources.RAZORPAY_SECRET, body),
                        "X-Razorpay-Event-Id", fact.eventId()));
    }

    public SignedWebhook generic(PaymentFact fact) {
        String status =
                switch (fact.type()) {
                    case "payment.created" -> "pending";
                    case "payment.authorized" -> "authorized";
                    case "payment.captured" -> "completed";
                    case "payment.canceled" -> "canceled";
                    case "payment.refunded" -> "refunded";
                    default -> "failed";
                };
        ObjectNode root = JSON.createObjectNode()
                .put("id", fact.eventId())
                .put("event", "payment.updated")
                .put("timestamp", fact.occurredAt().toString());
        root.putObject("data")
                .put("paymentId", fact.paymentId())
                .put("status", status)
                .put("amount", dev.payhook.testkit.Decimals.major(fact.amount(), fact.currency()))
                .put("currency", fact.currency())
                .put("orderId", fact.orderId());
        if (fact.type().equals("payment.captured") && fact.modificationId() != null) {
            ((ObjectNode) root.get("data")).put("captureId", fact.modificationId());
        }
        String body = JSON.writeValueAsString(root);
        return new SignedWebhook("generic", body, Map.of("X-Signature", hexHmac(LocalSources.GENERIC_SECRET, body)));
    }

    /** Every source the signer speaks, in a fixed order. */
    public static final List<String> SOURCES = List.of("stripe", "standard", "adyen", "razorpay", "generic");

    /**
     * The sources whose webhooks can tell this payment's story: the generic payload has no refunds
     * or disputes, and Razorpay captures a payment once.
     */
    public static List<String> sourcesFor(List<PaymentFact> facts) {
        boolean refundsOrDisputes =
                facts.stream().anyMatch(f -> f.type().startsWith("payment.dispute") || f.isRefund());
        boolean capturedInParts =
                facts.stream().anyMatch(f -> f.type().equals("payment.captured") && f.modificationId() != null);
        return SOURCES.stream()
                .filter(source -> !refundsOrDisputes || !source.equals("generic"))
                .filter(source -> !capturedInParts || !source.equals("razorpay"))
                .toList();
    }

    public SignedWebhook sign(String source, PaymentFact fact) {
        return switch (source) {
            case "stripe" -> stripe(fact);
            case "standard" -> standard(fact);
            case "adyen" -> adyen(fact);
            case "razorpay" -> razorpay(fact);
            case "generic" -> generic(fact);
            default ->
                throw new IllegalArgumentException(
                        "unknown source " + source + " (stripe, standard, adyen, razorpay, generic)");
        };
    }

    static String hexHmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
