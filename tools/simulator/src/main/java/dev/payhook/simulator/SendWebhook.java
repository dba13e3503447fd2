package dev.payhook.simulator;

import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SignedWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sends one signed webhook to the local ingress and prints the request and the answer:
 * {@code [EVENT_ID=…] [CAPTURE_ID=…] send-webhook.sh SOURCE [TYPE] [PAYMENT_ID] [AMOUNT_MINOR] [CURRENCY]}.
 * {@code CAPTURE_ID} makes a capture one of several, naming itself (not for Razorpay, which
 * captures a payment once).
 */
public final class SendWebhook {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: send-webhook.sh SOURCE [TYPE] [PAYMENT_ID] [AMOUNT_MINOR] [CURRENCY]\n"
                    + "  SOURCE: stripe | standard | adyen | razorpay | generic\n"
                    + "  TYPE:   payment.created | payment.authorized | payment.captured (default) | "
                    + "payment.failed |\n"
                    + "          payment.canceled | payment.refunded | payment.dispute_opened | "
                    + "payment.dispute_won | payment.dispute_lost");
            System.exit(2);
        }
        String source = args[0];
        String type = args.length > 1 ? args[1] : "payment.captured";
        // EVENT_ID=evt_1 sends the same event again, as a provider's retry would.
        String suffix = System.getenv()
                .getOrDefault(
                        "EVENT_ID",
                        UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .replaceFirst("^evt_", "");
        String paymentId = args.length > 2 ? args[2] : "pay_" + suffix;
        long amount = args.length > 3 ? Long.parseLong(args[3]) : 2000;
        String currency = args.length > 4 ? args[4] : "EUR";
        String base = System.getProperty("payhook.ingress", "http://localhost:8080");

        var fact = new ProviderSigner.PaymentFact(
                "evt_" + suffix,
                type,
                paymentId,
                "ord_" + suffix,
                amount,
                currency,
                type.equals("payment.refunded")
                        ? "re_" + suffix
                        : type.equals("payment.captured") ? System.getenv("CAPTURE_ID") : null,
                Instant.now());
        SignedWebhook webhook = new ProviderSigner().sign(source, fact);

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/" + webhook.source()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body()));
        webhook.headers().forEach(request::header);
        System.out.println("POST " + base + "/webhooks/" + webhook.source());
        webhook.headers().forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println(webhook.body());
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("→ " + response.statusCode() + " " + response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }
}
