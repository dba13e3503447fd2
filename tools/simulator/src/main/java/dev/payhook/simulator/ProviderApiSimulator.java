package dev.payhook.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.payhook.testkit.SignedWebhook;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Stripe and Razorpay API endpoints payhook's recovery job polls, answering in the providers'
 * JSON shapes (their SDKs deserialize them: the tests check it). It knows every webhook the
 * simulated provider sent, including those it dropped instead of delivering, and reports them the
 * way the provider's API would:
 *
 * <ul>
 *   <li>Stripe: {@code GET /v1/events} (newest first, {@code created[gte|lt]}, {@code limit},
 *       {@code starting_after}) and {@code GET /v1/payment_intents/{id}}, with a Bearer secret key;
 *   <li>Razorpay: {@code GET /v1/payments} and {@code GET /v1/disputes} ({@code from}, {@code to},
 *       {@code count}, {@code skip}), {@code GET /v1/payments/{id}} and {@code GET /v1/payments/{id}/refunds},
 *       with basic auth.
 * </ul>
 *
 * Faults for drills and tests: {@link #down} answers 503 to everything, {@link #rateLimit} answers
 * 429 with {@code Retry-After} to the next calls. {@code POST /simulator/webhooks} records a webhook
 * (body = the webhook's body, header {@code X-Simulator-Provider}), so a separate process can feed it;
 * {@code POST /simulator/adyen-reports/{merchantAccount}/{file}} puts an Adyen report on the report
 * host and answers its download URL.
 *
 * <p>Reports, for the collector: Stripe's Reporting API ({@code GET /v1/reporting/report_types/{type}},
 * {@code POST /v1/reporting/report_runs}, {@code GET /v1/reporting/report_runs/{id}}) and Files API
 * ({@code GET /v1/files/{id}/contents}); Adyen's report download
 * ({@code GET /reports/download/MerchantAccount/{account}/{file}}, basic auth with the report user);
 * Razorpay's {@code GET /v1/settlements/recon/combined}.
 *
 * <pre>java -cp simulator.jar dev.payhook.simulator.ProviderApiSimulator [PORT]</pre>
 */
public final class ProviderApiSimulator implements AutoCloseable {

    public static final String STRIPE_KEY = "sk_test_payhook_local";
    public static final String RAZORPAY_KEY = "rzp_test_payhooklocal:payhook_local_razorpay_key_secret";
    public static final int DEFAULT_PORT = 8099;
    /** Adyen's report user (basic auth on the report host), as the local collector is configured. */
    public static final String ADYEN_REPORT_USER = "report_payhook_local@Company.PayhookLocal";

    public static final String ADYEN_REPORT_PASSWORD = "payhook_local_report_password";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<ObjectNode> stripeEvents = new ArrayList<>();
    private final Map<String, ObjectNode> razorpayPayments = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> razorpayRefunds = new LinkedHashMap<>();
    private final Map<String, ObjectNode> razorpayDisputes = new LinkedHashMap<>();
    private final Map<String, String> stripeReports = new LinkedHashMap<>();
    private final Map<String, ObjectNode> reportRuns = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> adyenReports = new LinkedHashMap<>();
    private final Map<java.time.LocalDate, ArrayNode> razorpayRecon = new LinkedHashMap<>();
    private final AtomicInteger cutDownloads = new AtomicInteger();
    private final AtomicInteger reportRunsCreated = new AtomicInteger();
    private final AtomicInteger fileDownloads = new AtomicInteger();
    private volatile int pendingRetrievals;
    private volatile String adyenReportPassword = ADYEN_REPORT_PASSWORD;
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile boolean down;

    private ProviderApiSimulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** @param port 0 for any free port */
    public static ProviderApiSimulator start(int port) throws IOException {
        return new ProviderApiSimulator(port);
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        start(port);
        System.out.println(
                "provider API simulator on http://127.0.0.1:" + port + " (Stripe /v1/events, Razorpay /v1/payments)");
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Provider API calls answered so far, faults included. */
    public int apiCalls() {
        return apiCalls.get();
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** The next {@code calls} API calls are answered 429 with {@code Retry-After: 1}. */
    public void rateLimit(int calls) {
        rateLimited.set(calls);
    }

    /** What a Stripe report run of {@code reportType} for {@code day} (UTC) returns: the report's CSV. */
    public synchronized void stripeReport(String reportType, java.time.LocalDate day, String csv) {
        stripeReports.put(reportType + "/" + day, csv);
    }

    /** A report run is answered {@code pending} this many times before it succeeds. */
    public void pendingRetrievals(int times) {
        pendingRetrievals = times;
    }

    /** The report run as Stripe's API shows it now, e.g. for a {@code reporting.report_run.succeeded} webhook. */
    public synchronized ObjectNode reportRun(String id) {
        return reportRuns.get(id).deepCopy();
    }

    /** The ids of the report runs created so far, oldest first. */
    public synchronized List<String> reportRunIds() {
        return List.copyOf(reportRuns.keySet());
    }

    /** Marks a run succeeded now (its file ready), as Stripe does before it sends the webhook. */
    public synchronized ObjectNode finishReportRun(String id) {
        succeed(reportRuns.get(id));
        return reportRun(id);
    }

    /** The password Adyen's report host accepts from now on (a credential rotated at Adyen). */
    public void adyenReportPassword(String password) {
        adyenReportPassword = password;
    }

    /** Report files downloaded in full so far (Stripe's and Adyen's). */
    public int fileDownloads() {
        return fileDownloads.get();
    }

    /** The next {@code downloads} report downloads send half the file, then close the connection. */
    public void cutDownloads(int downloads) {
        cutDownloads.set(downloads);
    }

    /** An Adyen report file, served with basic auth; returns its download URL, as REPORT_AVAILABLE's reason has it. */
    public synchronized String adyenReport(String merchantAccount, String fileName, String csv) {
        String path = "/reports/download/MerchantAccount/" + merchantAccount + "/" + fileName;
        adyenReports.put(path, csv);
        return base() + path;
    }

    /**
     * Razorpay's settlement recon items of {@code day}, from the report's CSV (the Dashboard's export
     * has the API's field names as columns): numbers and booleans as the API types them.
     */
    public synchronized void razorpayRecon(java.time.LocalDate day, String csv) {
        ArrayNode items = JSON.createArrayNode();
        try (org.apache.commons.csv.CSVParser rows = org.apache.commons.csv.CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .get()
                .parse(new java.io.StringReader(csv))) {
            for (org.apache.commons.csv.CSVRecord row : rows) {
                ObjectNode item = items.addObject();
                for (String column : rows.getHeaderNames()) {
                    String value = row.get(column);
                    if (value.isEmpty()) {
                        item.putNull(column);
                    } else if (value.equals("true") || value.equals("false")) {
                        item.put(column, Boolean.parseBoolean(value));
                    } else if (value.matches("-?[0-9]{1,18}") && !column.endsWith("_utr")) {
                        item.put(column, Long.parseLong(value));
                    } else {
                        item.put(column, value);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        razorpayRecon.put(day, items);
    }

    /** A webhook the provider sent, or meant to and dropped: from now on its API reports it. */
    public synchronized void record(SignedWebhook webhook) {
        record(webhook.source(), webhook.body());
    }

    private synchronized void record(String provider, String body) {
        JsonNode event = JSON.readTree(body);
        switch (provider) {
            case "stripe" -> stripeEvents.add((ObjectNode) event);
            case "razorpay" -> recordRazorpay(event);
            default -> throw new IllegalArgumentException("the simulator has no " + provider + " API");
        }
    }

    /** Razorpay's API keeps payments, not events: a webhook updates the payment it is about. */
    private void recordRazorpay(JsonNode event) {
        String type = event.path("event").asString();
        ObjectNode told = (ObjectNode) event.at("/payload/payment/entity");
        String id = told.path("id").asString();
        ObjectNode payment = razorpayPayments.computeIfAbsent(id, k -> {
            ObjectNode created = told.deepCopy();
            created.put("created_at", event.path("created_at").asLong());
            created.put("amount_refunded", 0);
            created.put("captured", false);
            return created;
        });
        if (type.equals("refund.processed")) {
            ObjectNode refund = ((ObjectNode) event.at("/payload/refund/entity")).deepCopy();
            refund.put("status", "processed");
            refund.put("created_at", event.path("created_at").asLong());
            if (razorpayRefunds
                            .computeIfAbsent(id, k -> new LinkedHashMap<>())
                            .put(refund.path("id").asString(), refund)
                    == null) {
                long refunded = payment.path("amount_refunded").asLong()
                        + refund.path("amount").asLong();
                payment.put("amount_refunded", refunded);
                if (refunded >= payment.path("amount").asLong()) {
                    payment.put("status", "refunded");
                }
            }
        } else if (type.startsWith("payment.dispute.")) {
            ObjectNode disputeTold = (ObjectNode) event.at("/payload/dispute/entity");
            ObjectNode dispute =
                    razorpayDisputes.computeIfAbsent(disputeTold.path("id").asString(), k -> {
                        ObjectNode opened = disputeTold.deepCopy();
                        opened.put("entity", "dispute");
                        opened.put("created_at", event.path("created_at").asLong());
                        opened.put("status", "open");
                        return opened;
                    });
            String status = type.substring("payment.dispute.".length());
            if (!status.equals("created")) {
                dispute.put("status", status);
            }
        } else if (type.startsWith("payment.")) {
            String status = type.substring("payment.".length());
            if (rank(status) >= rank(payment.path("status").asString())) {
                payment.put("status", status);
                payment.put("captured", status.equals("captured"));
            }
        }
    }

    /** How far a Razorpay payment has gone: a late webhook never takes it back. */
    private static int rank(String status) {
        return switch (status) {
            case "authorized" -> 1;
            case "captured", "failed" -> 2;
            case "refunded" -> 3;
            default -> 0;
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            if (path.equals("/simulator/webhooks")
                    && exchange.getRequestMethod().equals("POST")) {
                try (InputStream body = exchange.getRequestBody()) {
                    record(
                            exchange.getRequestHeaders().getFirst("X-Simulator-Provider"),
                            new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                answer(exchange, 204, null, null);
                return;
            }
            if (path.startsWith("/simulator/adyen-reports/")
                    && exchange.getRequestMethod().equals("POST")) {
                String[] parts =
                        path.substring("/simulator/adyen-reports/".length()).split("/", 2);
                try (InputStream body = exchange.getRequestBody()) {
                    String url =
                            adyenReport(parts[0], parts[1], new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    byte[] bytes = url.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
                return;
            }
            apiCalls.incrementAndGet();
            if (down) {
                answer(exchange, 503, error("api_error", "the provider is down (simulated)"), null);
                return;
            }
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 429, error("rate_limit_error", "too many requests (simulated)"), "1");
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (path.startsWith("/v1/reporting/") || path.startsWith("/v1/files/")) {
                if (!("Bearer " + STRIPE_KEY).equals(auth)) {
                    answer(exchange, 401, error("invalid_request_error", "Invalid API Key provided"), null);
                } else {
                    stripeReporting(exchange, path);
                }
            } else if (path.startsWith("/reports/download/")) {
                String basic = "Basic "
                        + Base64.getEncoder()
                                .encodeToString((ADYEN_REPORT_USER + ":" + adyenReportPassword)
                                        .getBytes(StandardCharsets.UTF_8));
                String csv;
                synchronized (this) {
                    csv = adyenReports.get(path);
                }
                if (!basic.equals(auth)) {
                    answer(exchange, 401, null, null);
                } else if (csv == null) {
                    answer(exchange, 404, null, null);
                } else {
                    file(exchange, csv);
                }
            } else if (path.equals("/v1/settlements/recon/combined")) {
                String basic =
                        "Basic " + Base64.getEncoder().encodeToString(RAZORPAY_KEY.getBytes(StandardCharsets.UTF_8));
                if (!basic.equals(auth)) {
                    answer(exchange, 401, razorpayError("The api key provided is invalid"), null);
                } else {
                    recon(exchange, query);
                }
            } else if (path.startsWith("/v1/events") || path.startsWith("/v1/payment_intents/")) {
                if (!("Bearer " + STRIPE_KEY).equals(auth)) {
                    answer(exchange, 401, error("invalid_request_error", "Invalid API Key provided"), null);
                } else if (path.equals("/v1/events")) {
                    answer(exchange, 200, stripeEvents(query), null);
                } else {
                    paymentIntent(exchange, path.substring("/v1/payment_intents/".length()));
                }
            } else if (path.startsWith("/v1/payments") || path.equals("/v1/disputes")) {
                String basic =
                        "Basic " + Base64.getEncoder().encodeToString(RAZORPAY_KEY.getBytes(StandardCharsets.UTF_8));
                if (!basic.equals(auth)) {
                    answer(exchange, 401, razorpayError("The api key provided is invalid"), null);
                } else {
                    razorpay(exchange, path, query);
                }
            } else {
                answer(exchange, 404, error("invalid_request_error", "Unrecognized request URL " + path), null);
            }
        } catch (RuntimeException e) {
            answer(exchange, 500, error("api_error", String.valueOf(e.getMessage())), null);
        }
    }

    /**
     * Stripe's Reporting API (docs.stripe.com/api/reporting/report_run): report types with their data
     * availability, report runs made from the day's report, and the Files API serving their results.
     */
    private void stripeReporting(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.startsWith("/v1/reporting/report_types/")) {
            long today = java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                    .atStartOfDay(java.time.ZoneOffset.UTC)
                    .toEpochSecond();
            ObjectNode type = JSON.createObjectNode()
                    .put("id", path.substring("/v1/reporting/report_types/".length()))
                    .put("object", "reporting.report_type")
                    .put("data_available_start", today - 90 * 86_400L)
                    .put("data_available_end", today)
                    .put("livemode", false)
                    .put("name", "Itemized balance change from activity")
                    .put("updated", today)
                    .put("version", 3);
            type.putArray("default_columns");
            answer(exchange, 200, type, null);
        } else if (path.equals("/v1/reporting/report_runs") && method.equals("POST")) {
            Map<String, String> form;
            try (InputStream body = exchange.getRequestBody()) {
                form = query(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            answer(exchange, 200, createRun(form), null);
        } else if (path.startsWith("/v1/reporting/report_runs/")) {
            ObjectNode run = retrieveRun(path.substring("/v1/reporting/report_runs/".length()));
            answer(
                    exchange,
                    run == null ? 404 : 200,
                    run == null ? error("invalid_request_error", "No such run") : run,
                    null);
        } else if (path.startsWith("/v1/files/") && path.endsWith("/contents")) {
            String csv;
            synchronized (this) {
                csv = files.get(path.substring("/v1/files/".length(), path.length() - "/contents".length()));
            }
            if (csv == null) {
                answer(exchange, 404, error("invalid_request_error", "No such file"), null);
            } else {
                file(exchange, csv);
            }
        } else {
            answer(exchange, 404, error("invalid_request_error", "Unrecognized request URL " + path), null);
        }
    }

    private synchronized ObjectNode createRun(Map<String, String> form) {
        String id = "frr_sim" + reportRunsCreated.incrementAndGet();
        long start = Long.parseLong(form.get("parameters[interval_start]"));
        ObjectNode run = JSON.createObjectNode()
                .put("id", id)
                .put("object", "reporting.report_run")
                .put("created", java.time.Instant.now().getEpochSecond())
                .putNull("error")
                .put("livemode", false)
                .put("report_type", form.get("report_type"))
                .putNull("result")
                .put("status", "pending")
                .putNull("succeeded_at");
        ObjectNode parameters = run.putObject("parameters")
                .put("interval_start", start)
                .put("interval_end", Long.parseLong(form.get("parameters[interval_end]")))
                .put("timezone", form.getOrDefault("parameters[timezone]", "Etc/UTC"));
        ArrayNode columns = parameters.putArray("columns");
        form.keySet().stream()
                .filter(k -> k.startsWith("parameters[columns]"))
                .sorted(Comparator.comparingInt(k -> Integer.parseInt(k.replaceAll("[^0-9]", ""))))
                .forEach(k -> columns.add(form.get(k)));
        run.put("retrievals", 0);
        reportRuns.put(id, run);
        return visible(run);
    }

    private synchronized ObjectNode retrieveRun(String id) {
        ObjectNode run = reportRuns.get(id);
        if (run == null) {
            return null;
        }
        int retrievals = run.path("retrievals").asInt() + 1;
        run.put("retrievals", retrievals);
        if (run.path("status").asString().equals("pending") && retrievals > pendingRetrievals) {
            succeed(run);
        }
        return visible(run);
    }

    private void succeed(ObjectNode run) {
        if (!run.path("status").asString().equals("pending")) {
            return;
        }
        java.time.LocalDate day = java.time.LocalDate.ofInstant(
                java.time.Instant.ofEpochSecond(
                        run.at("/parameters/interval_start").asLong()),
                java.time.ZoneOffset.UTC);
        String fileId = "file_sim" + run.path("id").asString().substring("frr_sim".length());
        files.put(
                fileId,
                stripeReports.getOrDefault(
                        run.path("report_type").asString() + "/" + day,
                        "balance_transaction_id,created_utc,currency,gross,fee,net,"
                                + "reporting_category,source_id,payment_intent_id\n"));
        long now = java.time.Instant.now().getEpochSecond();
        run.put("status", "succeeded").put("succeeded_at", now);
        run.putObject("result")
                .put("id", fileId)
                .put("object", "file")
                .put("created", now)
                .put("filename", fileId + ".csv")
                .put("purpose", "finance_report_run")
                .put("size", files.get(fileId).length())
                .put("type", "csv")
                .put("url", base() + "/v1/files/" + fileId + "/contents");
    }

    /** The run without the simulator's own bookkeeping. */
    private static ObjectNode visible(ObjectNode run) {
        ObjectNode copy = run.deepCopy();
        copy.remove("retrievals");
        return copy;
    }

    private synchronized void recon(HttpExchange exchange, Map<String, String> query) throws IOException {
        java.time.LocalDate day = java.time.LocalDate.of(
                Integer.parseInt(query.get("year")),
                Integer.parseInt(query.get("month")),
                Integer.parseInt(query.get("day")));
        int count = Integer.parseInt(query.getOrDefault("count", "10"));
        int skip = Integer.parseInt(query.getOrDefault("skip", "0"));
        ArrayNode all = razorpayRecon.getOrDefault(day, JSON.createArrayNode());
        ObjectNode page = JSON.createObjectNode().put("entity", "collection");
        ArrayNode items = page.putArray("items");
        for (int i = skip; i < Math.min(all.size(), skip + count); i++) {
            items.add(all.get(i));
        }
        page.put("count", items.size());
        answer(exchange, 200, page, null);
    }

    /** A report file; a cut download promises the whole length and sends half. */
    private void file(HttpExchange exchange, String csv) throws IOException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/csv");
        exchange.sendResponseHeaders(200, bytes.length);
        if (cutDownloads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
            exchange.getResponseBody().flush();
            return;
        }
        exchange.getResponseBody().write(bytes);
        fileDownloads.incrementAndGet();
    }

    private synchronized ObjectNode stripeEvents(Map<String, String> query) {
        long gte = Long.parseLong(query.getOrDefault("created[gte]", "0"));
        long lt = Long.parseLong(query.getOrDefault("created[lt]", String.valueOf(Long.MAX_VALUE)));
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        List<ObjectNode> matching = stripeEvents.stream()
                .filter(e ->
                        e.path("created").asLong() >= gte && e.path("created").asLong() < lt)
                .sorted(Comparator.comparingLong(
                                (ObjectNode e) -> e.path("created").asLong())
                        .thenComparing(e -> e.path("id").asString())
                        .reversed())
                .toList();
        int start = 0;
        String after = query.get("starting_after");
        if (after != null) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).path("id").asString().equals(after)) {
                    start = i + 1;
                }
            }
        }
        List<ObjectNode> page = matching.subList(start, Math.min(matching.size(), start + limit));
        ObjectNode list = JSON.createObjectNode()
                .put("object", "list")
                .put("url", "/v1/events")
                .put("has_more", start + limit < matching.size());
        ArrayNode data = list.putArray("data");
        page.forEach(data::add);
        return list;
    }

    /** The PaymentIntent as its latest {@code payment_intent.*} event left it, with the status that event implies. */
    private synchronized void paymentIntent(HttpExchange exchange, String id) throws IOException {
        ObjectNode latest = null;
        String status = null;
        long created = 0;
        for (ObjectNode event : stripeEvents.stream()
                .sorted(Comparator.comparingLong(e -> e.path("created").asLong()))
                .toList()) {
            String type = event.path("type").asString();
            JsonNode object = event.at("/data/object");
            if (!type.startsWith("payment_intent.")
                    || !object.path("id").asString().equals(id)) {
                continue;
            }
            created = created == 0 ? event.path("created").asLong() : created;
            String implied =
                    switch (type) {
                        case "payment_intent.succeeded" -> "succeeded";
                        case "payment_intent.amount_capturable_updated" -> "requires_capture";
                        case "payment_intent.canceled" -> "canceled";
                        default -> "requires_payment_method";
                    };
            if (status == null || !status.equals("succeeded")) {
                latest = ((ObjectNode) object).deepCopy();
                status = implied;
                if (type.equals("payment_intent.payment_failed")) {
                    latest.putObject("last_payment_error")
                            .put("type", "card_error")
                            .put("code", "card_declined");
                }
            }
        }
        if (latest == null) {
            ObjectNode error = error("invalid_request_error", "No such payment_intent: '" + id + "'");
            ((ObjectNode) error.get("error")).put("code", "resource_missing");
            answer(exchange, 404, error, null);
            return;
        }
        latest.put("status", status);
        latest.put("created", created);
        answer(exchange, 200, latest, null);
    }

    private synchronized void razorpay(HttpExchange exchange, String path, Map<String, String> query)
            throws IOException {
        String[] parts = path.split("/");
        if (path.equals("/v1/disputes")) {
            answer(exchange, 200, collection(page(razorpayDisputes.values(), query)), null);
            return;
        }
        if (parts.length == 3) {
            answer(exchange, 200, collection(page(razorpayPayments.values(), query)), null);
            return;
        }
        ObjectNode payment = razorpayPayments.get(parts[3]);
        if (payment == null) {
            answer(exchange, 400, razorpayError("The id provided does not exist"), null);
        } else if (parts.length == 4) {
            answer(exchange, 200, payment, null);
        } else {
            answer(
                    exchange,
                    200,
                    collection(List.copyOf(
                            razorpayRefunds.getOrDefault(parts[3], Map.of()).values())),
                    null);
        }
    }

    /** Razorpay's listing: created in {@code [from, to]}, newest first, {@code count} after {@code skip}. */
    private static List<ObjectNode> page(java.util.Collection<ObjectNode> entities, Map<String, String> query) {
        long from = Long.parseLong(query.getOrDefault("from", "0"));
        long to = Long.parseLong(query.getOrDefault("to", String.valueOf(Long.MAX_VALUE)));
        int count = Integer.parseInt(query.getOrDefault("count", "10"));
        int skip = Integer.parseInt(query.getOrDefault("skip", "0"));
        List<ObjectNode> matching = entities.stream()
                .filter(e -> e.path("created_at").asLong() >= from
                        && e.path("created_at").asLong() <= to)
                .sorted(Comparator.comparingLong(
                                (ObjectNode e) -> e.path("created_at").asLong())
                        .reversed())
                .toList();
        return matching.subList(Math.min(skip, matching.size()), Math.min(matching.size(), skip + count));
    }

    private static ObjectNode collection(List<ObjectNode> items) {
        ObjectNode collection =
                JSON.createObjectNode().put("entity", "collection").put("count", items.size());
        ArrayNode array = collection.putArray("items");
        items.forEach(array::add);
        return collection;
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("type", type).put("message", message);
        return error;
    }

    private static ObjectNode razorpayError(String description) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", "BAD_REQUEST_ERROR").put("description", description);
        return error;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body, String retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
