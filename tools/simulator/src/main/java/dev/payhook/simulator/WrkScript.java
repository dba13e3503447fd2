package dev.payhook.simulator;

import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SignedWebhook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a wrk script that posts one webhook, signed with the local dev secret, over and over:
 * {@code WrkScript FILE [SOURCE]} (default {@code standard}). One request repeated is what lets wrk
 * saturate the ingress; the ingress publishes every one, the processor drops all but the first as
 * duplicates. Signed now: Standard Webhooks accepts it for five minutes.
 */
public final class WrkScript {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String source = args.length > 1 ? args[1] : "standard";
        long now = Instant.now().getEpochSecond();
        SignedWebhook webhook = new ProviderSigner()
                .sign(
                        source,
                        new ProviderSigner.PaymentFact(
                                "evt_bench_" + now,
                                "payment.captured",
                                "pay_bench_" + now,
                                "ord_bench_" + now,
                                2_000,
                                "EUR",
                                null,
                                Instant.now()));
        StringBuilder lua = new StringBuilder("-- written by WrkScript: one signed ")
                .append(source)
                .append(" webhook\nwrk.method = \"POST\"\nwrk.body = [==[")
                .append(webhook.body())
                .append("]==]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
        webhook.headers().forEach((name, value) -> lua.append("wrk.headers[\"")
                .append(name)
                .append("\"] = [==[")
                .append(value)
                .append("]==]\n"));
        Files.writeString(file, lua, StandardCharsets.UTF_8);
    }
}
