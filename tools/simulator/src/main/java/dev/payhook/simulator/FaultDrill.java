package dev.payhook.simulator;

import dev.payhook.testkit.Decimals;
import dev.payhook.testkit.LocalSources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A fault drill on the running local stack: an open-model load with the pipeline audit
 * ({@link SurgeLoad}, {@link PipelineAudit}) while a fault is injected on a schedule through
 * {@code deploy/local/service.sh}. It prints what the ingress answered around the fault, second by
 * second, and a summary row for RELIABILITY.md: answers, zero loss, exactly-once (no event applied
 * twice, no transition emitted twice), no discrepancy found twice under a new id, time to recover,
 * and the ingress's latency around the fault.
 *
 * <pre>deploy/local/chaos.sh broker-kill|processor-kill|reconciler-kill|ingress-restart|ingress-kill
 *                       |duplicate-storm|processor-join-leave|all [--rate 300] [--seconds 60] [--fault-at 20] [--down
 * 10]</pre>
 */
public final class FaultDrill {

    static final List<String> DRILLS = List.of(
            "broker-kill",
            "processor-kill",
            "reconciler-kill",
            "ingress-restart",
            "ingress-kill",
            "duplicate-storm",
            "processor-join-leave");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String OPERATOR = "Bearer " + LocalSources.operatorToken();
    /** Payments of a reconciler drill's report whose line is off by one cent: the only breaks it may find. */
    private static final int PLANTED_MISMATCHES = 5;
    /** Drills whose fault is behind Kafka: the ingress keeps answering, the state falls behind and catches up. */
    private static final Set<String> CONSUMER_FAULTS =
            Set.of("processor-kill", "reconciler-kill", "processor-join-leave");

    private final Path root;
    private final double rate;
    private final double seconds;
    private final double faultAt;
    private final double down;

    private FaultDrill(Path root, double rate, double seconds, double faultAt, double down) {
        this.root = root;
        this.rate = rate;
        this.seconds = seconds;
        this.faultAt = faultAt;
        this.down = down;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(DRILLS.contains(args[0]) || args[0].equals("all"))) {
            System.err.println("usage: chaos.sh " + String.join("|", DRILLS) + "|all [--rate 300] [--seconds 60]"
                    + " [--fault-at 20] [--down 10]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        FaultDrill drill = new FaultDrill(
                Path.of(System.getProperty("payhook.root", ".")),
                Double.parseDouble(options.getOrDefault("rate", "300")),
                Double.parseDouble(options.getOrDefault("seconds", "60")),
                Double.parseDouble(options.getOrDefault("fault-at", "20")),
                Double.parseDouble(options.getOrDefault("down", "10")));
        List<String> rows = new ArrayList<>();
        boolean allPassed = true;
        for (String name : args[0].equals("all") ? DRILLS : List.of(args[0])) {
            Outcome outcome = drill.run(name);
            rows.add(outcome.row());
            allPassed &= outcome.passed();
        }
        System.out.printf(
                "%n| drill | 2xx | 503 | other answers / connection errors | not sent | zero loss | exactly once"
                        + " | discrepancies found twice | recovered | ingress p99 around the fault (worst second) |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
        System.exit(allPassed ? 0 : 1);
    }

    /** What one drill showed; its row goes into RELIABILITY.md. */
    record Outcome(
            String drill,
            Timeline timeline,
            boolean zeroLoss,
            long duplicateTransitions,
            long foundTwice,
            String recovered,
            double worstP99,
            String note) {

        boolean passed() {
            return zeroLoss && duplicateTransitions == 0 && foundTwice == 0 && !recovered.startsWith("NOT");
        }

        String row() {
            return String.format(
                    "| %s | %,d | %,d | %,d / %,d | %,d | %s | %s | %d | %s | %.0f ms |%s",
                    drill,
                    timeline.accepted(),
                    timeline.unavailable(),
                    timeline.otherAnswers(),
                    timeline.errors(),
                    timeline.notSent(),
                    zeroLoss ? "yes" : "**NO**",
                    duplicateTransitions == 0 ? "yes" : "**NO** (" + duplicateTransitions + ")",
                    foundTwice,
                    recovered,
                    worstP99,
                    note.isEmpty() ? "" : " " + note);
        }
    }

    /** The seconds (after the warm-up) at which the fault began and at which the stack was whole again. */
    private record Fault(double began, double restored, String note) {}

    Outcome run(String drill) throws Exception {
        System.out.printf(
                "%n=== drill %s: %.0f webhooks/s for %.0f s, fault at %.0f s, down %.0f s ===%n",
                drill, rate, seconds, faultAt, down);
        String run = drill.replace("-", "") + Long.toString(System.currentTimeMillis(), 36);
        Timeline timeline = new Timeline((int) Math.ceil(seconds) + 1);
        SurgeLoad load = new SurgeLoad(run, drill.equals("duplicate-storm") ? 3 : 1, timeline);
        SurgeLoad.Plan plan = new SurgeLoad.Plan(rate, seconds, rate, 0, 0, 5, 5_000, 64);
        CompletableFuture<Fault> fault = CompletableFuture.supplyAsync(() -> inject(drill, load, run));
        SurgeLoad.Result result = load.runAudited(
                plan,
                "standard",
                URI.create("http://localhost:8080/webhooks/standard"),
                "localhost:9092",
                audit -> audit.allowRedeliveriesOnTopic());
        Fault injected = fault.join();

        PipelineAudit audit = result.audit();
        String note = injected.note();
        if (drill.equals("reconciler-kill")) {
            // The report planted exactly PLANTED_MISMATCHES breaks; the restarted reconciler must find those, once.
            Set<String> expected = plantedMismatches(run);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!audit.discrepancyIds().keySet().containsAll(expected) && System.nanoTime() < deadline) {
                Thread.sleep(1_000); // the API answered them; their records commit with the same transaction
            }
        }
        Map<String, Set<String>> found = audit.discrepancyIds();
        long foundTwice = found.values().stream().filter(ids -> ids.size() > 1).count();
        if (drill.equals("reconciler-kill")) {
            boolean exact = found.keySet().equals(plantedMismatches(run));
            note += String.format(
                    " The %d planted AMOUNT_MISMATCHes were found%s.",
                    PLANTED_MISMATCHES, exact ? ", and nothing else" : " NOT exactly: " + found.keySet());
            foundTwice += exact ? 0 : 1;
        }
        int restoredSecond = (int) Math.ceil(injected.restored());
        int clean = timeline.firstCleanSecondFrom(restoredSecond);
        String recovered;
        if (CONSUMER_FAULTS.contains(drill)) {
            // The ingress never noticed; recovery is the stream catching up: every 2xx'd event applied.
            recovered = audit.caughtUpSeconds() < 0
                    ? "NOT within 2 min"
                    : String.format(
                            "state caught up %.1f s after the load ended; worst 2xx → state %.1f s",
                            audit.caughtUpSeconds(), audit.worstEndToEndSeconds());
        } else {
            recovered = injected.restored() == injected.began()
                    ? "no outage"
                    : clean < 0
                            ? "NOT within the run"
                            : String.format(
                                    "answering 2xx promptly %d s after the fault, %d s after %s was back",
                                    clean - (int) injected.began(),
                                    clean - restoredSecond,
                                    drill.startsWith("broker") ? "the broker" : "it");
        }
        int from = (int) injected.began() - 3;
        int to = Math.max(restoredSecond, clean) + 4;
        timeline.print(from, to);
        return new Outcome(
                drill,
                timeline,
                result.zeroLoss(),
                audit.duplicateTransitions(),
                foundTwice,
                recovered,
                timeline.worstP99(from, to),
                note.trim());
    }

    /** Runs on its own thread: waits for the fault's second, injects it, and returns when the stack is whole again. */
    private Fault inject(String drill, SurgeLoad load, String run) {
        try {
            while (load.measuredFromNanos() == 0) {
                Thread.sleep(50);
            }
            long zero = load.measuredFromNanos();
            sleepUntil(zero, faultAt);
            double began = secondsSince(zero);
            String note = "";
            switch (drill) {
                case "broker-kill" -> {
                    service("kill", "kafka");
                    sleepUntil(zero, faultAt + down);
                    service("start", "kafka");
                }
                case "processor-kill" -> {
                    service("kill", "processor");
                    sleepUntil(zero, faultAt + down);
                    service("start", "processor");
                }
                case "reconciler-kill" -> {
                    long lines = uploadReport(run, (long) (rate * (faultAt - 2)));
                    service("kill", "reconciler");
                    double killed = secondsSince(zero);
                    sleepUntil(zero, faultAt + down);
                    service("start", "reconciler");
                    double restarted = secondsSince(zero);
                    awaitPlantedBreaks(run);
                    double found = secondsSince(zero);
                    note = String.format(
                            "Killed while matching a %,d-line report; its planted breaks were all answered by"
                                    + " the restarted reconciler %.0f s after it was ready (%.0f s after the kill).",
                            lines, found - restarted, found - killed);
                }
                case "ingress-restart" -> {
                    service("stop", "ingress");
                    service("start", "ingress");
                }
                case "ingress-kill" -> {
                    service("kill", "ingress");
                    service("start", "ingress");
                }
                case "processor-join-leave" -> {
                    service("start", "processor-2");
                    note = queryBothInstances(run, (long) (rate * faultAt));
                    sleepUntil(zero, faultAt + down);
                    service("stop", "processor-2");
                }
                case "duplicate-storm" -> {
                    return new Fault(began, began, "Every webhook delivered 3 times at once.");
                }
                default -> throw new IllegalArgumentException(drill);
            }
            return new Fault(began, secondsSince(zero), note);
        } catch (Exception e) {
            throw new IllegalStateException("drill " + drill + ": " + e.getMessage(), e);
        }
    }

    private void service(String action, String name) throws Exception {
        System.out.printf("[drill] service.sh %s %s%n", action, name);
        Process process = new ProcessBuilder(
                        root.resolve("deploy/local/service.sh").toString(), action, name)
                .inheritIO()
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("service.sh " + action + " " + name + " failed");
        }
    }

    /**
     * Uploads a generic settlement report for the run's first payments (all answered by now), each
     * line the payment's amount except {@link #PLANTED_MISMATCHES} off by a cent, and returns when
     * the ingress has published it: the reconciler is matching it from then on.
     */
    private static long uploadReport(String run, long payments) throws Exception {
        StringBuilder csv = new StringBuilder("payment_id,type,amount,currency,settled_at,reference\n");
        String settledAt = Instant.now().toString();
        for (long n = 0; n < payments; n++) {
            long cents = SurgeLoad.amountOf(n) + (n < PLANTED_MISMATCHES ? 1 : 0);
            csv.append(SurgeLoad.paymentPrefix(run))
                    .append(n)
                    .append(",capture,")
                    .append(Decimals.major(cents, "EUR").toPlainString())
                    .append(",EUR,")
                    .append(settledAt)
                    .append(",stl_")
                    .append(run)
                    .append('_')
                    .append(n)
                    .append('\n');
        }
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:8080/settlements/generic"))
                        .header("Authorization", OPERATOR)
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException(
                    "the settlement upload was answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf(
                "[drill] uploaded a %,d-line settlement report: %s%n",
                payments,
                response.body().substring(0, Math.min(200, response.body().length())));
        return payments;
    }

    /** Waits (at most 3 minutes) until the reconciler's API answers every planted break. */
    private static void awaitPlantedBreaks(String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int n = 0; n < PLANTED_MISMATCHES; n++) {
            URI uri = URI.create(
                    "http://localhost:8082/reconciliation/discrepancies?paymentId=" + SurgeLoad.paymentPrefix(run) + n);
            while (true) {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + LocalSources.operatorToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("AMOUNT_MISMATCH")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the planted break of " + uri + " was not found within 3 minutes");
                }
                Thread.sleep(250);
            }
        }
    }

    private static Set<String> plantedMismatches(String run) {
        Set<String> expected = new java.util.HashSet<>();
        for (int n = 0; n < PLANTED_MISMATCHES; n++) {
            expected.add(SurgeLoad.paymentPrefix(run) + n + " AMOUNT_MISMATCH");
        }
        return expected;
    }

    /**
     * While a second instance owns half the partitions, asks both instances for the run's payments:
     * each answers for every key, forwarding to the owner. Returns what they answered, by status.
     */
    private static String queryBothInstances(String run, long payments) throws Exception {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (long n = 0; n < Math.min(payments, 200); n++) {
            for (int port : List.of(8081, 8083)) {
                HttpResponse<Void> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/payments/" + SurgeLoad.paymentPrefix(run) + n))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                byStatus.merge(response.statusCode(), 1, Integer::sum);
            }
        }
        String answers = byStatus.entrySet().stream()
                .map(e -> e.getValue() + "× " + e.getKey())
                .collect(Collectors.joining(", "));
        System.out.printf("[drill] queries to both instances for the run's payments: %s%n", answers);
        return "Queries to both instances while both ran: " + answers + ".";
    }

    private static void sleepUntil(long zero, double second) throws InterruptedException {
        long wait = zero + (long) (second * 1e9) - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static double secondsSince(long zero) {
        return (System.nanoTime() - zero) / 1e9;
    }
}
