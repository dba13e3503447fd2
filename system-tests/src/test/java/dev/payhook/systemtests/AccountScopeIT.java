package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.answered;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.Money;
import dev.payhook.testkit.BankStatementScenario;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SignedWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merchant accounts scope every operator, on every endpoint. Three accounts, each with a payment whose
 * webhook and settlement line disagree, a batch, a payout that never reached its bank account and a
 * journal entry; an operator for every set of them. A table names every endpoint the services map (a new
 * one fails the build until it is in it) with what it must do: an operator of one account gets nothing of
 * another's (404, 403 or an answer without it), an operator of every account gets both. A property then
 * asks any reading endpoint as any operator: no answer names a record of an account the operator may not see.
 */
class AccountScopeIT {

    static final List<String> ACCOUNTS = List.of("acct-alpha", "acct-beta", "acct-gamma");
    /** Each account's currency, so each pays out to its own bank account (numbers none of which contains another). */
    static final Map<String, String> CURRENCY = Map.of("acct-alpha", "EUR", "acct-beta", "KWD", "acct-gamma", "GBP");

    /** What each account holds, by the ids its records have: none of them may reach another account's operator. */
    record Fixture(
            String account,
            String paymentId,
            String amountMismatch,
            String payoutNotReceived,
            String batchId,
            String bankAccount,
            String payoutId,
            String entryId) {

        String[] markers() {
            return new String[] {
                account, paymentId, amountMismatch, payoutNotReceived, batchId, bankAccount, payoutId, entryId
            };
        }
    }

    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext processor;
    private static ConfigurableApplicationContext reconciler;
    private static String reconcilerUrl;
    private static String ingressUrl;
    private static final Map<String, Fixture> FIXTURES = new TreeMap<>();
    private static final Map<String, String> STATEMENTS = new TreeMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The token of the operator limited to exactly these accounts. */
    static String token(Set<String> accounts) {
        return "scope_" + String.join("_", new TreeSet<>(accounts)).replace("acct-", "") + "_token_4711";
    }

    static Map<String, String> as(Set<String> accounts) {
        return Map.of("Authorization", "Bearer " + token(accounts));
    }

    /** Every non-empty set of the accounts. */
    static List<Set<String>> scopes() {
        List<Set<String>> scopes = new ArrayList<>();
        for (int bits = 1; bits < 1 << ACCOUNTS.size(); bits++) {
            Set<String> scope = new TreeSet<>();
            for (int i = 0; i < ACCOUNTS.size(); i++) {
                if ((bits & 1 << i) != 0) {
                    scope.add(ACCOUNTS.get(i));
                }
            }
            scopes.add(scope);
        }
        return scopes;
    }

    @BeforeContainer
    static void startThePipelineWithThreeAccounts() throws Exception {
        List<String> operators = new ArrayList<>();
        for (Set<String> scope : scopes()) {
            String name = "scope-" + String.join("-", scope).replace("acct-", "");
            operators.add("--payhook.operators." + name + ".token=" + token(scope));
            operators.add("--payhook.operators." + name + ".accounts=" + String.join(",", scope));
        }
        // Each account's own bank account: the reconciler matches its payouts there, and the ingress lets the
        // account's operator upload its statements.
        List<String> bankAccounts = new ArrayList<>();
        for (String account : ACCOUNTS) {
            String bank = "--payhook.bank.accounts.bank-" + account + ".";
            bankAccounts.add(bank + "account=" + BankStatementScenario.ACCOUNTS.get(CURRENCY.get(account)));
            bankAccounts.add(bank + "currency=" + CURRENCY.get(account));
            bankAccounts.add(bank + "providers[0]=generic");
            bankAccounts.add(bank + "merchant-accounts[0]=" + account);
        }
        List<String> ingressArgs = new ArrayList<>(operators);
        ingressArgs.addAll(bankAccounts);
        ingress = Services.ingress(ingressArgs.toArray(String[]::new));
        processor = Services.processor(Files.createTempDirectory("processor").toString());
        List<String> reconcilerArgs = new ArrayList<>(operators);
        reconcilerArgs.addAll(bankAccounts);
        reconcilerArgs.add("--payhook.console.processor=http://localhost:" + port(processor));
        reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(), reconcilerArgs.toArray(String[]::new));
        reconcilerUrl = "http://localhost:" + port(reconciler);
        ingressUrl = "http://localhost:" + port(ingress);

        Instant settled = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String run = Long.toString(System.nanoTime(), 36);
        Map<String, String[]> partial = new LinkedHashMap<>();
        for (String account : ACCOUNTS) {
            String currency = CURRENCY.get(account);
            String paymentId = "pay_" + account.substring(5) + "_" + run;
            String payoutId = "po_" + account.substring(5) + "_" + run;
            // The provider says 100.00 was captured, in this account (Standard Webhooks' data.account) ...
            ObjectNode message = JsonSerde.MAPPER
                    .createObjectNode()
                    .put("type", "payment.captured")
                    .put("timestamp", settled.minus(Duration.ofHours(1)).toString());
            message.putObject("data")
                    .put("paymentId", paymentId)
                    .put("amount", Money.toMinorUnits("100.00", currency))
                    .put("currency", currency)
                    .put("account", account);
            SignedWebhook webhook = new ProviderSigner().standard("msg_" + paymentId, message);
            assertThat(post(ingressUrl + "/webhooks/standard", webhook.body(), webhook.headers())
                            .statusCode())
                    .isEqualTo(200);
            // ... its report, uploaded by the account's own operator, settles 99.00 and pays it out.
            String report = "payment_id,type,amount,currency,fee,settled_at,reference,account\n"
                    + paymentId + ",capture,99.00," + currency + ",," + settled + ",ref_" + paymentId + "," + account
                    + "\n,payout,-99.00," + currency + ",," + settled.plus(Duration.ofMinutes(30)) + "," + payoutId
                    + "," + account + "\n";
            HttpResponse<String> upload = post(
                    ingressUrl + "/settlements/generic",
                    report,
                    Map.of("Authorization", "Bearer " + token(Set.of(account)), "Content-Type", "text/csv"));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
            String batchId =
                    JsonSerde.MAPPER.readTree(upload.body()).get("batchId").asString();
            // The bank's statement covers the payout's window without it.
            LocalDate paidOn = LocalDate.ofInstant(settled.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
            BankStatementScenario statement = BankStatementScenario.plan(
                    ACCOUNTS.indexOf(account),
                    List.of(new BankStatementScenario.Payout(
                            payoutId, "generic", Money.toMinorUnits("99.00", currency), currency, paidOn, payoutId)),
                    Set.of(BankStatementScenario.Outcome.NEVER_ARRIVES),
                    false,
                    "stripe",
                    5);
            STATEMENTS.put(account, statement.statement("camt053"));
            HttpResponse<String> statementUpload = post(
                    ingressUrl + "/bank-statements/camt053",
                    statement.statement("camt053"),
                    Map.of("Authorization", "Bearer " + token(Set.of(account))));
            assertThat(statementUpload.statusCode()).as(statementUpload.body()).isEqualTo(202);
            partial.put(account, new String[] {paymentId, batchId, payoutId});
        }
        // Each account's breaks, then a write-off of its amount mismatch: a journal entry of the account.
        for (String account : ACCOUNTS) {
            String[] ids = partial.get(account);
            List<Discrepancy> breaks = Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    // The line may reach the reconciler before the webhook: an unknown settlement, then cleared.
                    .until(() -> discrepancies("?account=" + account), found -> found.stream()
                            .filter(Discrepancy::isOpen)
                            .map(Discrepancy::type)
                            .collect(Collectors.toSet())
                            .equals(Set.of(DiscrepancyType.AMOUNT_MISMATCH, DiscrepancyType.PAYOUT_NOT_RECEIVED)));
            String mismatch = idOf(breaks, DiscrepancyType.AMOUNT_MISMATCH);
            assertThat(post(
                                    reconcilerUrl + "/reconciliation/discrepancies/" + mismatch + "/resolve",
                                    "{\"note\":\"short settlement written off\",\"action\":\"WRITE_OFF\"}",
                                    Map.of(
                                            "Authorization",
                                            OPERATOR.get("Authorization"),
                                            "Content-Type",
                                            "application/json"))
                            .statusCode())
                    .isEqualTo(202);
            String entryId = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(
                            () -> nodes(answered(reconcilerUrl + "/journal").body())
                                    .filter(e ->
                                            e.get("discrepancyId").asString().equals(mismatch))
                                    .map(e -> e.get("entryId").asString())
                                    .findFirst()
                                    .orElse(null),
                            java.util.Objects::nonNull);
            FIXTURES.put(
                    account,
                    new Fixture(
                            account,
                            ids[0],
                            mismatch,
                            idOf(breaks, DiscrepancyType.PAYOUT_NOT_RECEIVED),
                            ids[1],
                            BankStatementScenario.ACCOUNTS.get(CURRENCY.get(account)),
                            ids[2],
                            entryId));
        }
        closeTheMonthAccountByAccount(settled.toString().substring(0, 7));
    }

    /**
     * The month of the fixture's records, closed first by alpha's operator for alpha alone, then by an operator
     * of every account for the rest: each account's statement is its own, and nobody else's books close with
     * alpha's.
     */
    private static String closedMonth;

    static void closeTheMonthAccountByAccount(String month) throws Exception {
        closedMonth = month;
        Map<String, String> alphaOnly = as(Set.of("acct-alpha"));
        assertThat(call(true, "/reconciliation/periods/" + month + "/close", alphaOnly)
                        .statusCode())
                .isEqualTo(202);
        var alphaClosed = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> call(false, "/reconciliation/periods/" + month, alphaOnly), r -> r.statusCode() == 200);
        assertThat(alphaClosed.body()).contains("acct-alpha").doesNotContain("acct-beta", "acct-gamma");
        // Still open for the others, and for an operator of every account (alpha's statement shows already).
        assertThat(call(false, "/reconciliation/periods/" + month, as(Set.of("acct-beta")))
                        .statusCode())
                .isEqualTo(404);
        assertThat(call(false, "/reconciliation/periods/" + month, OPERATOR).statusCode())
                .isEqualTo(404);
        assertThat(call(false, "/reconciliation/periods", OPERATOR).body())
                .contains("\"period\":\"" + month + "\",\"status\":\"OPEN\"")
                .contains("acct-alpha")
                .doesNotContain("acct-beta");
        assertThat(call(true, "/reconciliation/periods/" + month + "/close", alphaOnly)
                        .statusCode())
                .as("alpha's books of the month close once")
                .isEqualTo(409);
        HttpResponse<String> dayOfIt = call(true, "/reconciliation/periods/" + month + "-01/close", alphaOnly);
        assertThat(dayOfIt.statusCode()).as("a day of alpha's closed month").isEqualTo(409);
        assertThat(dayOfIt.body()).contains("period-overlaps-closed");

        assertThat(call(true, "/reconciliation/periods/" + month + "/close", OPERATOR)
                        .statusCode())
                .isEqualTo(202);
        var allClosed = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> call(false, "/reconciliation/periods/" + month, OPERATOR), r -> r.statusCode() == 200);
        List<tools.jackson.databind.JsonNode> stated = nodes(JsonSerde.MAPPER
                        .readTree(allClosed.body())
                        .get("statements")
                        .toString())
                .toList();
        assertThat(stated.stream().map(st -> st.get("account").asString()).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(ACCOUNTS));
        assertThat(stated.stream()
                        .map(st -> st.get("account").asString() + "|"
                                + st.get("source").asString() + "|"
                                + st.get("currency").asString())
                        .distinct()
                        .count())
                .as("one statement per account, provider and currency")
                .isEqualTo(stated.size());
        assertThat(stated.stream()
                        .filter(st -> st.get("account").asString().equals("acct-alpha"))
                        .map(st -> st.get("hash").asString())
                        .collect(Collectors.toSet()))
                .as("alpha's statements were made by alpha's close, once")
                .isEqualTo(nodes(JsonSerde.MAPPER
                                .readTree(alphaClosed.body())
                                .get("statements")
                                .toString())
                        .map(st -> st.get("hash").asString())
                        .collect(Collectors.toSet()));
    }

    @AfterContainer
    static void stop() {
        for (ConfigurableApplicationContext service :
                new ConfigurableApplicationContext[] {reconciler, processor, ingress}) {
            if (service != null) {
                service.close();
            }
        }
    }

    // --- The table: every endpoint, what it must do. ---

    /** What an endpoint must do for an operator of one account asking about another's, and for one of every account. */
    enum Kind {
        /** Lists records: the other account's are not in it; an operator of every account sees both. */
        LISTING,
        /** One record by its id: another account's is a 404 like an unknown one's; every account's operator gets it. */
        DETAIL,
        /** Spans every account (periods, the audit, the pipeline's counters): 403 or empty for a scoped operator. */
        EVERY_ACCOUNT,
        /** Changes a record by its id: another account's is 404 and unchanged; the operator of every account may. */
        ACTION,
        /** Closes an account's books: another account's is refused (403); the operator of every account may. */
        CLOSE,
        /** No account's data: the console's static pages, provider webhooks, the processor's internal queries. */
        NOT_ACCOUNT_DATA
    }

    /**
     * @param path the request path for a record of the account given (for listings, the account is not used)
     * @param why  for {@link Kind#NOT_ACCOUNT_DATA}, why it holds none
     */
    record Row(Kind kind, java.util.function.Function<Fixture, String> path, String why) {

        static Row listing(String path) {
            return new Row(Kind.LISTING, f -> path, null);
        }

        static Row detail(java.util.function.Function<Fixture, String> path) {
            return new Row(Kind.DETAIL, path, null);
        }

        static Row everyAccount(String path) {
            return new Row(Kind.EVERY_ACCOUNT, f -> path, null);
        }

        static Row action(java.util.function.Function<Fixture, String> path) {
            return new Row(Kind.ACTION, path, null);
        }

        static Row none(String why) {
            return new Row(Kind.NOT_ACCOUNT_DATA, null, why);
        }
    }

    /** Every endpoint of the ingress, processor and reconciler, by {@code METHOD pattern}. */
    static Map<String, Row> table() {
        Map<String, Row> table = new TreeMap<>();
        table.put("GET /reconciliation/discrepancies", Row.listing("/reconciliation/discrepancies"));
        table.put(
                "GET /reconciliation/discrepancies/page", Row.listing("/reconciliation/discrepancies/page?limit=500"));
        table.put(
                "GET /reconciliation/discrepancies/page/local",
                Row.listing("/reconciliation/discrepancies/page/local?limit=500"));
        table.put(
                "GET /reconciliation/discrepancies/{discrepancyId}",
                Row.detail(f -> "/reconciliation/discrepancies/" + f.amountMismatch()));
        table.put(
                "GET /reconciliation/discrepancies/{discrepancyId}/local",
                Row.detail(f -> "/reconciliation/discrepancies/" + f.amountMismatch() + "/local"));
        table.put(
                "GET /reconciliation/discrepancies/{discrepancyId}/entry",
                Row.detail(f -> "/reconciliation/discrepancies/" + f.payoutNotReceived() + "/entry?action=WRITE_OFF"));
        table.put(
                "GET /reconciliation/discrepancies/{discrepancyId}/bank-account/local",
                Row.detail(f -> "/reconciliation/discrepancies/" + f.payoutNotReceived() + "/bank-account/local"));
        table.put(
                "POST /reconciliation/discrepancies/{discrepancyId}/resolve",
                Row.action(f -> "/reconciliation/discrepancies/" + f.payoutNotReceived() + "/resolve"));
        table.put(
                "GET /reconciliation/payments/{paymentId}",
                Row.detail(f -> "/reconciliation/payments/" + f.paymentId()));
        table.put(
                "GET /reconciliation/payments/{paymentId}/local",
                Row.detail(f -> "/reconciliation/payments/" + f.paymentId() + "/local"));
        table.put("GET /reconciliation/batches", Row.listing("/reconciliation/batches"));
        table.put("GET /reconciliation/batches/{batchId}", Row.detail(f -> "/reconciliation/batches/" + f.batchId()));
        table.put("GET /reconciliation/payouts", Row.listing("/reconciliation/payouts"));
        table.put("GET /reconciliation/payouts/local", Row.listing("/reconciliation/payouts/local"));
        table.put("GET /reconciliation/summary", Row.listing("/reconciliation/summary"));
        table.put("GET /reconciliation/local", Row.listing("/reconciliation/local"));
        table.put("GET /reconciliation/collections", Row.everyAccount("/reconciliation/collections"));
        table.put("GET /journal", Row.listing("/journal"));
        table.put("GET /journal/local", Row.listing("/journal/local"));
        table.put("POST /journal/{entryId}/reverse", Row.action(f -> "/journal/" + f.entryId() + "/reverse"));
        table.put("GET /reconciliation/audit/verify", Row.everyAccount("/reconciliation/audit/verify"));
        table.put("GET /reconciliation/periods", Row.listing("/reconciliation/periods"));
        table.put("GET /reconciliation/periods/local", Row.listing("/reconciliation/periods/local"));
        table.put("GET /reconciliation/periods/{period}", Row.listing("/reconciliation/periods/" + closedMonth));
        table.put(
                "POST /reconciliation/periods/{period}/close",
                new Row(
                        Kind.CLOSE,
                        f -> "/reconciliation/periods/" + closedMonth + "/close?account=" + f.account(),
                        null));
        table.put("GET /console/api/payments/{paymentId}", Row.detail(f -> "/console/api/payments/" + f.paymentId()));
        table.put("GET /console/api/accounts", Row.listing("/console/api/accounts"));
        table.put("GET /console/api/pipeline", Row.everyAccount("/console/api/pipeline"));
        table.put("GET /console/api/operator", Row.none("the operator's own name and accounts"));
        table.put("GET /console/api/currencies", Row.none("ISO 4217 exponents"));
        table.put(
                "GET /console/api/live",
                Row.none("updates, checked by anUpdateOfAnotherAccountNeverReachesAScopedConsole"));
        for (String page : List.of(
                "/console",
                "/console/",
                "/console/discrepancies",
                "/console/discrepancies/{id}",
                "/console/payments/{id}",
                "/console/batches",
                "/console/batches/{id}",
                "/console/payouts",
                "/console/periods",
                "/console/periods/{period}")) {
            table.put("GET " + page, Row.none("the console's page: HTML that reads the API above"));
        }
        table.put(
                "POST /settlements/{format}",
                Row.none("an upload, checked by anUploadOfAnotherAccountsRowsIsRefusedWhole"));
        table.put(
                "POST /bank-statements/{format}",
                Row.none("a bank account's statement, checked by anUploadOfAnotherAccountsRowsIsRefusedWhole"));
        table.put("POST /webhooks/{source}", Row.none("providers' webhooks, signed, not an operator's"));
        table.put("POST /warmup/webhooks/{source}", Row.none("the ingress warming itself up before readiness"));
        table.put(
                "GET /payments/{paymentId}", Row.none("the processor's internal query, reachable inside payhook only"));
        table.put("GET /payments/{paymentId}/local", Row.none("the processor's internal query"));
        table.put("GET /payments/{paymentId}/timeline", Row.none("the processor's internal query"));
        table.put("GET /payments/{paymentId}/timeline/local", Row.none("the processor's internal query"));
        table.put("GET /payments", Row.none("the processor's internal query (the collector's stuck payments)"));
        table.put("GET /payments/waiting/local", Row.none("the processor's internal query"));
        table.put("GET /error", Row.none("Spring's error page"));
        for (String description :
                List.of("/swagger-ui.html", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config")) {
            table.put("GET " + description, Row.none("the API's description (OpenAPI)"));
        }
        table.put("POST /error", Row.none("Spring's error page"));
        return table;
    }

    /** Every {@code METHOD pattern} a service's controllers map. */
    static Set<String> mapped(ConfigurableApplicationContext service) {
        Set<String> mapped = new TreeSet<>();
        Map<RequestMappingInfo, HandlerMethod> methods = service.getBean(
                        "requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                .getHandlerMethods();
        for (RequestMappingInfo info : methods.keySet()) {
            Set<String> verbs = info.getMethodsCondition().getMethods().isEmpty()
                    ? Set.of("GET", "POST")
                    : info.getMethodsCondition().getMethods().stream()
                            .map(Enum::name)
                            .collect(Collectors.toSet());
            for (String pattern : info.getPatternValues()) {
                verbs.forEach(verb -> mapped.add(verb + " " + pattern));
            }
        }
        return mapped;
    }

    @Example
    void everyEndpointOfTheServicesIsInTheTable() {
        Set<String> mapped = new TreeSet<>();
        for (ConfigurableApplicationContext service : List.of(ingress, processor, reconciler)) {
            mapped.addAll(mapped(service));
        }
        mapped.removeIf(endpoint -> endpoint.contains("/benchmark/")); // off unless payhook.benchmark is set

        assertThat(table().keySet())
                .as("a new endpoint needs a row saying how it is scoped by account")
                .containsAll(mapped);
        assertThat(mapped).as("a row of an endpoint that no longer exists").containsAll(table().keySet());
    }

    @Example
    void anOperatorOfOneAccountGetsNothingOfAnothersAndAnOperatorOfEveryAccountGetsBoth() throws Exception {
        Fixture alpha = FIXTURES.get("acct-alpha");
        Fixture beta = FIXTURES.get("acct-beta");
        Map<String, String> alphaOnly = as(Set.of("acct-alpha"));
        Map<String, Row> rows = table();
        // The summary of one account counts exactly its breaks (from the running counts per account), and
        // every account's summary is the sum of theirs.
        long everyBreak = 0;
        for (String account : ACCOUNTS) {
            var summary = JsonSerde.MAPPER.readTree(
                    call(false, "/reconciliation/summary", as(Set.of(account))).body());
            long listed = JsonSerde.MAPPER
                    .readTree(call(false, "/reconciliation/discrepancies", as(Set.of(account)))
                            .body())
                    .size();
            assertThat(summary.get("open").asLong() + summary.get("resolved").asLong())
                    .as(account + "'s summary")
                    .isEqualTo(listed);
            everyBreak += listed;
        }
        var all = JsonSerde.MAPPER.readTree(
                call(false, "/reconciliation/summary", OPERATOR).body());
        assertThat(all.get("open").asLong() + all.get("resolved").asLong()).isEqualTo(everyBreak);
        // Reads first, then the actions (they change what the reads would show).
        for (Kind kind : List.of(Kind.LISTING, Kind.DETAIL, Kind.EVERY_ACCOUNT, Kind.ACTION, Kind.CLOSE)) {
            for (Map.Entry<String, Row> entry : rows.entrySet()) {
                Row row = entry.getValue();
                if (row.kind() != kind) {
                    continue;
                }
                String endpoint = entry.getKey();
                boolean post = endpoint.startsWith("POST ");
                switch (kind) {
                    case LISTING -> {
                        HttpResponse<String> scoped = call(post, row.path().apply(beta), alphaOnly);
                        HttpResponse<String> every = call(post, row.path().apply(beta), OPERATOR);
                        assertThat(scoped.statusCode()).as(endpoint).isEqualTo(200);
                        assertThat(scoped.body())
                                .as(endpoint + " as alpha's operator")
                                .doesNotContain(beta.markers());
                        assertThat(every.statusCode()).as(endpoint).isEqualTo(200);
                        if (!endpoint.endsWith("/summary")) {
                            assertThat(every.body())
                                    .as(endpoint + " as every account's operator")
                                    .containsAnyOf(alpha.markers())
                                    .containsAnyOf(beta.markers());
                        }
                    }
                    case DETAIL -> {
                        HttpResponse<String> scoped = call(post, row.path().apply(beta), alphaOnly);
                        HttpResponse<String> own = call(post, row.path().apply(alpha), alphaOnly);
                        HttpResponse<String> every = call(post, row.path().apply(beta), OPERATOR);
                        assertThat(scoped.statusCode())
                                .as(endpoint + ": another account's")
                                .isEqualTo(404);
                        assertThat(scoped.body())
                                .as(endpoint)
                                .doesNotContain(notAsked(beta, row.path().apply(beta)));
                        // Exactly as an unknown one: the same problem, the id named back as asked.
                        HttpResponse<String> unknown =
                                call(post, unknown(beta, row.path().apply(beta)), alphaOnly);
                        assertThat(unknown.statusCode())
                                .as(endpoint + ": an unknown one")
                                .isEqualTo(404);
                        if (!unknown.body().isEmpty()) {
                            var problem = JsonSerde.MAPPER.readTree(scoped.body());
                            var unknownProblem = JsonSerde.MAPPER.readTree(unknown.body());
                            assertThat(problem.get("type")).as(endpoint).isEqualTo(unknownProblem.get("type"));
                            assertThat(problem.get("title")).as(endpoint).isEqualTo(unknownProblem.get("title"));
                        }
                        assertThat(own.statusCode()).as(endpoint + ": its own").isEqualTo(200);
                        assertThat(every.statusCode())
                                .as(endpoint + ": every account's operator")
                                .isEqualTo(200);
                    }
                    case EVERY_ACCOUNT -> {
                        HttpResponse<String> scoped = call(post, row.path().apply(beta), alphaOnly);
                        boolean refused = scoped.statusCode() == 403;
                        boolean empty = scoped.statusCode() == 200
                                && List.of("[]", "{}").contains(scoped.body());
                        assertThat(refused || empty)
                                .as(endpoint + " as a scoped operator: " + scoped.statusCode() + " " + scoped.body())
                                .isTrue();
                        // An operator of every account is not refused (a period not closed yet is a 404 of its own).
                        HttpResponse<String> every = call(post, row.path().apply(beta), OPERATOR);
                        assertThat(every.statusCode())
                                .as(endpoint + " as every account's operator: " + every.body())
                                .isNotEqualTo(403)
                                .isLessThan(500);
                    }
                    case ACTION -> {
                        String body = "{\"note\":\"scope check\"}";
                        HttpResponse<String> scoped =
                                post(reconcilerUrl + row.path().apply(beta), body, json(alphaOnly));
                        assertThat(scoped.statusCode())
                                .as(endpoint + ": another account's")
                                .isEqualTo(404);
                        assertThat(scoped.body())
                                .as(endpoint)
                                .doesNotContain(notAsked(beta, row.path().apply(beta)));
                        assertThat(post(reconcilerUrl + row.path().apply(beta), body, json(OPERATOR))
                                        .statusCode())
                                .as(endpoint + " as every account's operator")
                                .isEqualTo(202);
                    }
                    case CLOSE -> {
                        HttpResponse<String> scoped = call(true, row.path().apply(beta), alphaOnly);
                        assertThat(scoped.statusCode())
                                .as(endpoint + ": another account's books")
                                .isEqualTo(403);
                        assertThat(scoped.body())
                                .as(endpoint)
                                .doesNotContain(notAsked(beta, row.path().apply(beta)));
                        // Closed already by the time the table is walked: a conflict, not a refusal.
                        assertThat(call(true, row.path().apply(beta), OPERATOR).statusCode())
                                .as(endpoint + " as every account's operator")
                                .isEqualTo(409);
                    }
                    default -> throw new AssertionError(kind);
                }
            }
        }
    }

    @Example
    void anUploadOfAnotherAccountsRowsIsRefusedWhole() throws Exception {
        Fixture beta = FIXTURES.get("acct-beta");
        String report = "payment_id,type,amount,currency,fee,settled_at,reference,account\n"
                + "pay_alpha_new,capture,1.00,EUR,,"
                + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
                + ",ref_alpha_new,acct-alpha\n"
                + "pay_beta_new,capture,1.00,KWD,,"
                + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
                + ",ref_beta_new,acct-beta\n";
        Map<String, String> csv = Map.of("Content-Type", "text/csv");

        HttpResponse<String> scoped =
                post(ingressUrl + "/settlements/generic", report, with(as(Set.of("acct-alpha")), csv));
        HttpResponse<String> statement =
                post(ingressUrl + "/bank-statements/camt053", STATEMENTS.get("acct-beta"), as(Set.of("acct-alpha")));
        HttpResponse<String> ownStatement =
                post(ingressUrl + "/bank-statements/camt053", STATEMENTS.get("acct-alpha"), as(Set.of("acct-alpha")));
        HttpResponse<String> both =
                post(ingressUrl + "/settlements/generic", report, with(as(Set.of("acct-alpha", "acct-beta")), csv));

        assertThat(scoped.statusCode()).as(scoped.body()).isEqualTo(403);
        assertThat(JsonSerde.MAPPER.readTree(scoped.body()).get("type").asString())
                .endsWith("account-not-permitted");
        assertThat(scoped.body()).doesNotContain(beta.account());
        assertThat(statement.statusCode()).as(statement.body()).isEqualTo(403);
        assertThat(statement.body()).doesNotContain(beta.bankAccount());
        assertThat(ownStatement.statusCode()).as(ownStatement.body()).isEqualTo(202);
        assertThat(both.statusCode()).as(both.body()).isEqualTo(202);
        // Refused whole: the line of alpha's own account was not published either.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> discrepancies("?paymentId=pay_beta_new").size() == 1);
        assertThat(nodes(answered(reconcilerUrl + "/reconciliation/batches").body())
                        .filter(b -> b.get("lines").asLong() == 2
                                && b.get("accounts").size() == 2)
                        .count())
                .as("only the upload of the operator of both accounts made a batch")
                .isEqualTo(1);
    }

    @Example
    void anUpdateOfAnotherAccountNeverReachesAScopedConsole() throws Exception {
        List<String> alphaEvents = new CopyOnWriteArrayList<>();
        HttpRequest live = HttpRequest.newBuilder(URI.create(reconcilerUrl + "/console/api/live"))
                .header("Authorization", as(Set.of("acct-alpha")).get("Authorization"))
                .build();
        var stream = HTTP.sendAsync(live, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response ->
                        response.body().filter(l -> l.startsWith("event:")).forEach(alphaEvents::add));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> alphaEvents.contains("event:connected"));
        // Give the rewind's own replay time to pass: only what happens from now on counts.
        Thread.sleep(2_000);
        alphaEvents.clear();

        upload("acct-gamma", "pay_gamma_live");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> discrepancies("?paymentId=pay_gamma_live").size() == 1);
        Thread.sleep(2_000); // two ticks: an update of gamma's would have been sent by now
        assertThat(alphaEvents).as("gamma's new break, to alpha's console").doesNotContain("event:changed");

        upload("acct-alpha", "pay_alpha_live");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> alphaEvents.contains("event:changed"));
        stream.cancel(true);
    }

    // --- The property ---

    @Provide
    Arbitrary<Set<String>> scope() {
        return Arbitraries.of(scopes());
    }

    @Provide
    Arbitrary<String> reading() {
        return Arbitraries.of(table().entrySet().stream()
                .filter(e -> e.getKey().startsWith("GET ")
                        && (e.getValue().kind() == Kind.LISTING || e.getValue().kind() == Kind.DETAIL))
                .map(Map.Entry::getKey)
                .toList());
    }

    @Provide
    Arbitrary<String> chosenAccount() {
        List<String> choices = new ArrayList<>(ACCOUNTS);
        choices.add("");
        return Arbitraries.of(choices);
    }

    @Property(tries = 60)
    void noAnswerToAScopedOperatorNamesARecordOfAnotherAccount(
            @ForAll("scope") Set<String> scope,
            @ForAll("reading") String endpoint,
            @ForAll("chosenAccount") String target,
            @ForAll("chosenAccount") String chosen)
            throws Exception {
        Row row = table().get(endpoint);
        Fixture about = FIXTURES.get(target.isEmpty() ? ACCOUNTS.get(0) : target);
        String path = row.path().apply(about);
        if (!chosen.isEmpty()) {
            path += (path.contains("?") ? "&" : "?") + "account=" + chosen;
        }
        HttpResponse<String> answer = call(false, path, as(scope));

        for (Fixture other : FIXTURES.values()) {
            if (!scope.contains(other.account())) {
                // An answer may repeat what the request asked for (an unknown id is named back), nothing else.
                assertThat(answer.body())
                        .as(endpoint + " " + path + " as an operator of " + scope)
                        .doesNotContain(notAsked(other, path));
            }
        }
        if (row.kind() == Kind.DETAIL) {
            assertThat(answer.statusCode())
                    .as(path + " as an operator of " + scope)
                    .isEqualTo(scope.contains(about.account()) ? 200 : 404);
        }
    }

    // --- How the test talks to the services ---

    private static HttpResponse<String> call(boolean post, String path, Map<String, String> headers) throws Exception {
        String url =
                (path.startsWith("/settlements") || path.startsWith("/bank-statements") ? ingressUrl : reconcilerUrl)
                        + path;
        if (post) {
            return post(url, "{}", json(headers));
        }
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Services.get(url, headers), response -> response.statusCode() != 503);
    }

    /** The fixture's ids the request does not name itself: an answer may name back what it was asked. */
    static String[] notAsked(Fixture fixture, String path) {
        return java.util.Arrays.stream(fixture.markers())
                .filter(marker -> !path.contains(marker))
                .toArray(String[]::new);
    }

    /** The same request about ids of the same shape that no record has. */
    static String unknown(Fixture fixture, String path) {
        String unknown = path;
        for (String marker : fixture.markers()) {
            int prefix = marker.indexOf('_') + 1;
            unknown = unknown.replace(marker, marker.substring(0, prefix) + "0".repeat(marker.length() - prefix));
        }
        return unknown;
    }

    private static Map<String, String> json(Map<String, String> headers) {
        return with(headers, Map.of("Content-Type", "application/json"));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static void upload(String account, String paymentId) throws Exception {
        String report =
                "payment_id,type,amount,currency,fee,settled_at,reference,account\n" + paymentId + ",capture,5.00,"
                        + CURRENCY.get(account) + ",,"
                        + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
                        + ",ref_" + paymentId + "," + account + "\n";
        HttpResponse<String> upload =
                post(ingressUrl + "/settlements/generic", report, with(OPERATOR, Map.of("Content-Type", "text/csv")));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
    }

    private static List<Discrepancy> discrepancies(String query) throws Exception {
        return JsonSerde.MAPPER.readValue(
                answered(reconcilerUrl + "/reconciliation/discrepancies" + query)
                        .body(),
                new TypeReference<List<Discrepancy>>() {});
    }

    private static java.util.stream.Stream<tools.jackson.databind.JsonNode> nodes(String json) {
        return java.util.stream.StreamSupport.stream(
                JsonSerde.MAPPER.readTree(json).spliterator(), false);
    }

    private static String idOf(List<Discrepancy> discrepancies, DiscrepancyType type) {
        return discrepancies.stream()
                .filter(d -> d.type() == type)
                .map(Discrepancy::discrepancyId)
                .findFirst()
                .orElseThrow();
    }
}
