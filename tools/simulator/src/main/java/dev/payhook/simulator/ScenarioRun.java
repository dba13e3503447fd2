package dev.payhook.simulator;

import dev.payhook.testkit.BankStatementScenario;
import dev.payhook.testkit.LocalSources;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.ProviderSigner.PaymentFact;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.SignedWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays a {@link SettlementScenario} against the local stack as providers would: every payment's
 * webhooks from one of the providers, shuffled across payments, some delivered twice (a provider
 * retry) and some out of order; then, once the processor has applied them, the provider's
 * settlement report is uploaded and the discrepancies payhook found are compared with the
 * planted ones.
 *
 * <pre>deploy/local/scenario.sh [adyen|stripe|generic|razorpay] [PAYMENTS_PER_PLANT]</pre>
 */
public final class ScenarioRun {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String ingress = System.getProperty("payhook.ingress", "http://localhost:8080");
    private final String processor = System.getProperty("payhook.processor", "http://localhost:8081");
    private final String reconciler = System.getProperty("payhook.reconciler", "http://localhost:8082");
    /** The provider API simulator the recovery job polls; empty to skip the dropped-deliveries step. */
    private final String providerApi = System.getProperty("payhook.provider-api", "http://127.0.0.1:8099");

    /** The local reconciler's payhook.bank.payout-window (reconciler-local.yml). */
    private static final int BANK_PAYOUT_WINDOW = 5;

    public static void main(String[] args) throws Exception {
        String format = args.length > 0 ? args[0] : "adyen";
        int perPlant = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path reports = Path.of(System.getProperty("payhook.reports", ".payhook-local/reports"));
        boolean matched = new ScenarioRun().run(format, perPlant, reports);
        System.exit(matched ? 0 : 1);
    }

    boolean run(String format, int perPlant, Path reports) throws Exception {
        long seed = System.currentTimeMillis() % 1_000_000;
        Instant settledAt = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        SettlementScenario scenario =
                SettlementScenario.generate(seed, SettlementScenario.plantsFor(format), perPlant, settledAt);
        Random random = new Random(seed);

        step("1. Providers send webhooks for " + scenario.payments().size()
                + " payments (shuffled, some twice, some out of order)");
        Map<String, String> sources = new TreeMap<>();
        List<SignedWebhook> deliveries = deliveries(scenario, random, sources);
        int accepted = 0;
        for (SignedWebhook webhook : deliveries) {
            HttpResponse<String> response =
                    post(ingress + "/webhooks/" + webhook.source(), webhook.body(), webhook.headers());
            accepted += response.statusCode() / 100 == 2 ? 1 : 0;
        }
        System.out.printf(
                "   %d deliveries of %d events, %d answered 2xx; the processor applies each event once%n",
                deliveries.size(),
                scenario.payments().stream().mapToInt(p -> p.webhooks().size()).sum(),
                accepted);
        awaitApplied(scenario);
        System.out.println("   Payment state (GET " + processor + "/payments/{id}):");
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            if (!payment.webhooks().isEmpty()) {
                JsonNode state = JSON.readTree(
                        get(processor + "/payments/" + payment.paymentId()).body());
                System.out.printf(
                        "   %-40s %-9s %-19s %d events, each applied once: %s%n",
                        payment.paymentId(),
                        sources.get(payment.paymentId()),
                        state.path("status").asString(),
                        state.path("appliedEventIds").size(),
                        payment.webhooks().stream()
                                .map(f -> f.type().substring(8))
                                .toList());
            }
        }

        Files.createDirectories(reports);
        Path report = reports.resolve("scenario-" + seed + "." + format + ".csv");
        Files.writeString(report, scenario.report(format));
        String batchId;
        if (format.equals("adyen") && !providerApi.isEmpty()) {
            batchId = collect(seed, report);
        } else {
            step("2. The provider's " + format + " settlement report is uploaded");
            HttpResponse<String> receipt = post(
                    ingress + "/settlements/" + format,
                    Files.readString(report),
                    Map.of("Content-Type", "text/csv", "Authorization", "Bearer " + LocalSources.operatorToken()));
            System.out.println("   " + report + " → " + receipt.statusCode() + " " + receipt.body());
            batchId = JSON.readTree(receipt.body()).path("batchId").asString();
        }

        step("3. The reconciler reports what it found (planted → found)");
        Map<String, String> breaks = new java.util.LinkedHashMap<>(scenario.expectedDiscrepancies());
        scenario.expectedPayoutMismatches(format)
                .keySet()
                .forEach(currency -> breaks.put(payout(currency), "PAYOUT_MISMATCH"));
        Map<String, String> found = awaitDiscrepancies(
                scenario.payments().get(0).paymentId().replaceAll("^(pay_\\d+_).*", "$1"), batchId, breaks);
        boolean allMatched = true;
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            String planted = payment.plant().discrepancy;
            String reported = found.get(payment.paymentId());
            boolean ok = java.util.Objects.equals(planted, reported);
            allMatched &= ok;
            System.out.printf(
                    "   %s %-40s %-22s → %s%n",
                    ok ? "✓" : "✗",
                    payment.paymentId(),
                    payment.plant(),
                    reported == null ? "no discrepancy" : reported);
        }
        for (Map.Entry<String, Long> shortPaid :
                scenario.expectedPayoutMismatches(format).entrySet()) {
            String reported = found.get(payout(shortPaid.getKey()));
            boolean ok = "PAYOUT_MISMATCH".equals(reported);
            allMatched &= ok;
            System.out.printf(
                    "   %s %-40s %-22s → %s%n",
                    ok ? "✓" : "✗",
                    "the batch's " + shortPaid.getKey() + " payout",
                    "PAYOUT_SHORT",
                    reported == null ? "no discrepancy" : reported);
        }
        step("4. Summary  (GET " + reconciler + "/reconciliation/summary)");
        System.out.println(JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(JSON.readTree(
                        get(reconciler + "/reconciliation/summary").body())));
        System.out.println(
                allMatched
                        ? "Every planted discrepancy was found, and nothing else."
                        : "The discrepancies found differ from the planted ones.");
        System.out.println("As CSV: curl -H 'Authorization: Bearer " + LocalSources.operatorToken()
                + "' -H 'Accept: text/csv' '" + reconciler + "/reconciliation/discrepancies?status=OPEN'");
        List<BankStatementScenario.Payout> payouts = scenario.bankPayouts(format);
        if (!payouts.isEmpty()) {
            allMatched &= bankStatementArrives(seed, payouts, reports);
        }
        if (!providerApi.isEmpty()) {
            try {
                allMatched &= droppedDeliveriesAreRecovered(seed);
            } catch (java.net.ConnectException e) {
                System.out.println("   (no provider API simulator at " + providerApi
                        + ": the recovery step needs deploy/local/run.sh's stack)");
            }
        }
        step("Now look at it in the console: " + reconciler + "/console");
        System.out.println("   the breaks above:   " + reconciler + "/console/discrepancies?status=OPEN");
        return allMatched;
    }

    /**
     * The merchant's bank statement (camt.053) for the days of the payouts' window: one payout arrived, one
     * arrived short, one never arrived, and a credit names a provider whose report has no payout for it.
     * What the reconciler found, payout by payout.
     */
    private boolean bankStatementArrives(long seed, List<BankStatementScenario.Payout> payouts, Path reports)
            throws Exception {
        BankStatementScenario bank = BankStatementScenario.inOrder(
                seed,
                payouts,
                List.of(
                        BankStatementScenario.Outcome.ARRIVES,
                        BankStatementScenario.Outcome.ARRIVES_SHORT,
                        BankStatementScenario.Outcome.NEVER_ARRIVES),
                payouts.get(0).provider().equals("stripe") ? "adyen" : "stripe",
                BANK_PAYOUT_WINDOW);
        step("5. The bank's camt.053 statement through " + bank.coveredThrough()
                + " arrives: one payout arrived, one arrived short, one never arrived");
        Path file = reports.resolve("scenario-" + seed + ".camt053.xml");
        Files.writeString(file, bank.statement("camt053"));
        HttpResponse<String> receipt = post(
                ingress + "/bank-statements/camt053",
                Files.readString(file),
                Map.of("Content-Type", "application/xml", "Authorization", "Bearer " + LocalSources.operatorToken()));
        System.out.println("   " + file + " → " + receipt.statusCode() + " " + receipt.body());
        Map<String, String> planted = bank.expectedDiscrepancies();
        Map<String, JsonNode> found = new TreeMap<>();
        Map<String, String> breaks = new TreeMap<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            found.clear();
            breaks.clear();
            for (JsonNode p : JSON.readTree(get(reconciler + "/reconciliation/payouts?limit=1000")
                            .body())
                    .path("payouts")) {
                found.put(p.path("payoutId").asString(), p);
            }
            for (JsonNode d : JSON.readTree(get(reconciler + "/reconciliation/discrepancies?status=OPEN")
                    .body())) {
                if (d.path("paymentId").isNull()
                        && d.path("type")
                                .asString()
                                .matches("PAYOUT_NOT_RECEIVED|BANK_AMOUNT_MISMATCH|UNEXPECTED_PAYOUT_CREDIT")) {
                    breaks.put(d.path("reference").asString(), d.path("type").asString());
                }
            }
            if (planted.keySet().stream().allMatch(breaks::containsKey)) {
                break;
            }
            Thread.sleep(200);
        }
        boolean ok = true;
        for (BankStatementScenario.Payout payout : payouts) {
            JsonNode status = found.get(payout.payoutId());
            String expected = planted.get(payout.payoutId());
            String reported = breaks.get(payout.payoutId());
            boolean same = java.util.Objects.equals(expected, reported);
            ok &= same;
            System.out.printf(
                    "   %s %-20s %14s %s → %-12s %s%n",
                    same ? "✓" : "✗",
                    payout.payoutId(),
                    dev.payhook.testkit.Decimals.major(payout.amount(), payout.currency())
                            .toPlainString(),
                    payout.currency(),
                    status == null ? "not known" : status.path("status").asString(),
                    reported == null ? "" : reported);
        }
        for (Map.Entry<String, String> stray : planted.entrySet()) {
            if (stray.getValue().equals("UNEXPECTED_PAYOUT_CREDIT")) {
                boolean same = stray.getValue().equals(breaks.get(stray.getKey()));
                ok &= same;
                System.out.printf(
                        "   %s a credit %-11s naming a provider, no payout → %s%n",
                        same ? "✓" : "✗", stray.getKey(), breaks.getOrDefault(stray.getKey(), "nothing"));
            }
        }
        System.out.println("   in the console: " + reconciler + "/console/payouts");
        return ok;
    }

    /**
     * Providers fail to deliver: a Stripe payment's capture and a whole Razorpay payment are never
     * pushed, only recorded at the providers' APIs (the simulator), which the ingress's recovery job
     * polls. Their state is shown missing, then recovered.
     */
    private boolean droppedDeliveriesAreRecovered(long seed) throws Exception {
        step("6. Deliveries the providers dropped, recovered by polling their APIs (" + providerApi + ")");
        ProviderSigner signer = new ProviderSigner();
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String stripe = "pi_dropped_" + seed;
        String razorpay = "pay_dropped_" + seed;
        List<SignedWebhook> pushed = List.of(signer.sign("stripe", dropped(stripe, "payment.authorized", "EUR", at)));
        List<SignedWebhook> dropped = List.of(
                signer.sign("stripe", dropped(stripe, "payment.captured", "EUR", at.plusSeconds(1))),
                signer.sign("razorpay", dropped(razorpay, "payment.authorized", "INR", at)),
                signer.sign("razorpay", dropped(razorpay, "payment.captured", "INR", at.plusSeconds(1))));
        for (SignedWebhook webhook : pushed) {
            recordAtProvider(webhook);
            post(ingress + "/webhooks/" + webhook.source(), webhook.body(), webhook.headers());
        }
        Instant applied = Instant.now().plusSeconds(30);
        while (!describe(stripe).startsWith("AUTHORIZED") && Instant.now().isBefore(applied)) {
            Thread.sleep(200);
        }
        System.out.printf("   %-40s pushed: authorized; dropped: captured → now %s%n", stripe, describe(stripe));
        System.out.printf("   %-40s dropped: authorized, captured        → now %s%n", razorpay, describe(razorpay));
        // The provider's retries ran out: its API lists the events it never delivered.
        for (SignedWebhook webhook : dropped) {
            recordAtProvider(webhook);
        }
        System.out.println("   waiting for the recovery job (every 15 s on the local stack)…");
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)
                && !(describe(stripe).startsWith("CAPTURED")
                        && describe(razorpay).startsWith("CAPTURED"))) {
            Thread.sleep(1_000);
        }
        boolean recovered =
                describe(stripe).startsWith("CAPTURED") && describe(razorpay).startsWith("CAPTURED");
        System.out.printf("   %s %-40s → %s%n", recovered ? "✓" : "✗", stripe, describe(stripe));
        System.out.printf("   %s %-40s → %s%n", recovered ? "✓" : "✗", razorpay, describe(razorpay));
        System.out.println(
                recovered
                        ? "Both recovered; the processor logged each event that only polling brought"
                                + " (payhook.processor.events.recovered)."
                        : "Not recovered within 90 s: is the ingress running with the local-recovery profile?");
        return recovered;
    }

    private static PaymentFact dropped(String paymentId, String type, String currency, Instant at) {
        return new PaymentFact(
                "evt_" + type.substring("payment.".length()) + "_" + paymentId,
                type,
                paymentId,
                "ord_" + paymentId,
                2_500,
                currency,
                null,
                at);
    }

    private void recordAtProvider(SignedWebhook webhook) throws Exception {
        post(providerApi + "/simulator/webhooks", webhook.body(), Map.of("X-Simulator-Provider", webhook.source()));
    }

    /** A payment's status and how its events arrived, or that payhook has never heard of it. */
    private String describe(String paymentId) throws Exception {
        HttpResponse<String> response = get(processor + "/payments/" + paymentId);
        if (response.statusCode() == 404) {
            return "unknown to payhook";
        }
        JsonNode state = JSON.readTree(response.body());
        return state.path("status").asString() + " " + state.path("deliveries");
    }

    /**
     * Every webhook from the payment's provider, shuffled across payments; a quarter sent twice; each payment's own
     * order kept or reversed.
     */
    private static List<SignedWebhook> deliveries(
            SettlementScenario scenario, Random random, Map<String, String> sources) {
        ProviderSigner signer = new ProviderSigner();
        List<SignedWebhook> deliveries = new ArrayList<>();
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            List<String> able = ProviderSigner.sourcesFor(payment.webhooks());
            String source = able.get(random.nextInt(able.size()));
            sources.put(payment.paymentId(), source);
            List<PaymentFact> facts = new ArrayList<>(payment.webhooks());
            if (random.nextBoolean()) {
                java.util.Collections.reverse(facts); // the capture before the authorization
            }
            for (PaymentFact fact : facts) {
                SignedWebhook webhook = signer.sign(source, fact);
                deliveries.add(webhook);
                if (random.nextInt(4) == 0) {
                    deliveries.add(signer.sign(source, fact)); // the provider's retry: same event id
                }
            }
        }
        java.util.Collections.shuffle(deliveries, random);
        return deliveries;
    }

    /** Settlement comes days after the webhooks; here, once the processor has applied every one. */
    private void awaitApplied(SettlementScenario scenario) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            if (payment.webhooks().isEmpty()) {
                continue;
            }
            while (true) {
                HttpResponse<String> response = get(processor + "/payments/" + payment.paymentId());
                if (response.statusCode() == 200
                        && JSON.readTree(response.body())
                                        .path("appliedEventIds")
                                        .size()
                                >= payment.webhooks().size()) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "the processor did not apply " + payment.paymentId() + "'s webhooks in 60 s");
                }
                Thread.sleep(200);
            }
        }
    }

    /** What a batch's payout break is listed under, next to the payments' breaks. */
    private static String payout(String currency) {
        return "payout " + currency;
    }

    /**
     * The open discrepancies of this scenario: its payments' (by payment id) and its batch's (by payout currency).
     *
     * @param prefix the scenario's payment ids start with it
     */
    private Map<String, String> awaitDiscrepancies(String prefix, String batchId, Map<String, String> planted)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        Map<String, String> found = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            found.clear();
            HttpResponse<String> response = get(reconciler + "/reconciliation/discrepancies?status=OPEN");
            if (response.statusCode() == 200) {
                for (JsonNode d : JSON.readTree(response.body())) {
                    String paymentId =
                            d.path("paymentId").isString() ? d.path("paymentId").asString() : null;
                    if (paymentId != null && paymentId.startsWith(prefix)) {
                        found.put(paymentId, d.path("type").asString());
                    } else if (paymentId == null
                            && batchId.equals(d.path("batchId").asString())) {
                        found.put(
                                payout(d.path("currency").asString()),
                                d.path("type").asString());
                    }
                }
                if (found.equals(planted)) {
                    break;
                }
            }
            Thread.sleep(300);
        }
        return found;
    }

    private static void step(String title) {
        System.out.println();
        System.out.println("\u001b[1m" + title + "\u001b[0m");
    }

    /**
     * No upload: Adyen makes the report available on its report host (the simulator) and says so with
     * a signed REPORT_AVAILABLE webhook; the collector reads the announcement, downloads the file with
     * the report user's credentials, and publishes it as a batch.
     */
    private String collect(long seed, Path report) throws Exception {
        String file = "settlement_detail_report_batch_" + seed + ".csv";
        step("2. Adyen announces its settlement details report " + file
                + " (REPORT_AVAILABLE); the collector downloads it: nobody uploads anything");
        String url = post(
                        providerApi + "/simulator/adyen-reports/PayhookLocalECOM/" + file,
                        Files.readString(report),
                        Map.of("Content-Type", "text/csv"))
                .body();
        var announcement = new ProviderSigner().adyenReportAvailable(file, url);
        HttpResponse<String> accepted = post(ingress + "/webhooks/adyen", announcement.body(), announcement.headers());
        System.out.println("   REPORT_AVAILABLE " + url + " → " + accepted.statusCode() + " " + accepted.body());
        System.out.println("   waiting for the collector (it reads announced reports every 15 s on the local stack)…");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode batch :
                    JSON.readTree(get(reconciler + "/reconciliation/batches").body())) {
                if (batch.path("origin").asString("").contains(file)) {
                    System.out.println("   ✓ batch " + batch.path("batchId").asString() + ": "
                            + batch.path("origin").asString() + ", "
                            + batch.path("lines").asLong() + " lines");
                    return batch.path("batchId").asString();
                }
            }
            Thread.sleep(1_000);
        }
        System.out.println(
                "   ✗ the collector did not publish the report within 90 s: see .payhook-local/logs/collector.log");
        return null;
    }

    private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        // The reconciler answers operators only; the processor ignores the header.
                        .header("Authorization", "Bearer " + LocalSources.operatorToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
