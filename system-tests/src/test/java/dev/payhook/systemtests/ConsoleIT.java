package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.answered;
import static dev.payhook.systemtests.Services.get;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.reconciler.report.DiscrepancyDetail;
import dev.payhook.testkit.BankStatementScenario;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.SignedWebhook;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;

/**
 * The operator console in a real browser (Debian's Chromium, headless) against the three services
 * on a real broker, after a labelled scenario: the overview shows exactly the planted breaks,
 * filters narrow the list, a payment's timeline lists its events in the order taken, and only an
 * operator's token resolves a break, which then turns RESOLVED on screen. Screenshots go to
 * {@code target/screenshots/}; the README's is {@code console-overview.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final String OPERATOR_TOKEN = "payhook_local_operator_token";

    /** An operator limited to one merchant account that none of the scenario's payments belong to. */
    private static final String POS_TEAM_TOKEN = "payhook_pos_team_token_4711";

    private static final String POS_ACCOUNT = "PayhookLocalPOS";

    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext processor;
    private static ConfigurableApplicationContext reconciler;
    private static WebDriver browser;
    private static String console;
    private static SettlementScenario scenario;
    private static SettlementScenario.PlannedPayment refunded;

    @BeforeAll
    static void startThePipelineWithAScenarioThenTheBrowser() throws Exception {
        ingress = Services.ingress(
                "--payhook.operators.pos-team.token=" + POS_TEAM_TOKEN,
                "--payhook.operators.pos-team.accounts[0]=" + POS_ACCOUNT);
        processor = Services.processor(Files.createTempDirectory("processor").toString());
        int ingressPort = port(ingress);
        int processorPort = port(processor);
        reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--payhook.console.processor=http://localhost:" + processorPort,
                "--payhook.console.metrics.processor=http://localhost:" + processorPort,
                "--payhook.console.metrics.ingress=http://localhost:" + ingressPort,
                "--payhook.bank.accounts.operating-eur.account=" + BankStatementScenario.ACCOUNTS.get("EUR"),
                "--payhook.bank.accounts.operating-eur.currency=EUR",
                "--payhook.bank.accounts.operating-eur.providers[0]=adyen",
                "--payhook.bank.accounts.operating-jpy.account=" + BankStatementScenario.ACCOUNTS.get("JPY"),
                "--payhook.bank.accounts.operating-jpy.currency=JPY",
                "--payhook.bank.accounts.operating-jpy.providers[0]=adyen",
                "--payhook.bank.accounts.operating-kwd.account=" + BankStatementScenario.ACCOUNTS.get("KWD"),
                "--payhook.bank.accounts.operating-kwd.currency=KWD",
                "--payhook.bank.accounts.operating-kwd.providers[0]=adyen",
                "--payhook.bank.accounts.operating-usd.account=" + BankStatementScenario.ACCOUNTS.get("USD"),
                "--payhook.bank.accounts.operating-usd.currency=USD",
                "--payhook.bank.accounts.operating-usd.providers[0]=adyen",
                "--payhook.operators.pos-team.token=" + POS_TEAM_TOKEN,
                "--payhook.operators.pos-team.accounts[0]=" + POS_ACCOUNT);
        String reconcilerUrl = "http://localhost:" + port(reconciler);
        console = reconcilerUrl + "/console";

        scenario = SettlementScenario.generate(
                31, 1, Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        Services.deliverWebhooks(scenario, ingressPort, processorPort);
        // The refunded payment's first webhook, delivered again: its timeline shows it ignored.
        refunded = scenario.payments().stream()
                .filter(p -> p.plant() == SettlementScenario.Plant.MATCH_WITH_REFUND)
                .findFirst()
                .orElseThrow();
        String processorPayment = "http://localhost:" + processorPort + "/payments/" + refunded.paymentId();
        String source = JsonSerde.MAPPER
                .readValue(get(processorPayment).body(), PaymentState.class)
                .source();
        SignedWebhook again =
                new ProviderSigner().sign(source, refunded.webhooks().get(0));
        assertThat(post("http://localhost:" + ingressPort + "/webhooks/" + source, again.body(), again.headers())
                        .statusCode())
                .isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> get(processorPayment + "/timeline").body().contains("\"duplicate\""));

        assertThat(post("http://localhost:" + ingressPort + "/settlements/adyen", scenario.report("adyen"), OPERATOR)
                        .statusCode())
                .isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> openDiscrepancies(reconcilerUrl).size(),
                        open -> open
                                == expectedByType().values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum());

        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (ConfigurableApplicationContext service :
                new ConfigurableApplicationContext[] {reconciler, processor, ingress}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    @Order(1)
    void theOverviewShowsThePlantedBreaksToAnOperatorOnly() throws Exception {
        browser.get(console);
        // Nothing of the reconciliation shows before an operator signs in.
        Browser.waitFor(browser, "the signed-out page")
                .until(page -> !page.findElements(By.id("signed-out")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-chart='by-type']")))
                .isEmpty();
        signIn(OPERATOR_TOKEN);
        Map<String, Long> expected = expectedByType();
        Browser.waitFor(browser, "the overview's open discrepancies by type to be " + expected)
                .ignoring(StaleElementReferenceException.class)
                .until(page -> {
                    Map<String, Long> shown = new TreeMap<>();
                    for (WebElement count : page.findElements(By.cssSelector("[data-chart='by-type'] [data-key]"))) {
                        shown.put(count.getAttribute("data-key"), Long.parseLong(count.getText()));
                    }
                    return shown.equals(expected);
                });
        for (String service : List.of("ingress", "processor", "reconciler")) {
            assertThat(Browser.<String>read(
                            browser, page -> page.findElement(By.cssSelector("[data-service='" + service + "']"))
                                    .getText()))
                    .as(service)
                    .isEqualTo("up");
        }
        Browser.screenshot(browser, "console-overview");
    }

    @Test
    @Order(2)
    void filteringNarrowsTheList() throws Exception {
        browser.get(console + "/discrepancies?status=OPEN");
        long all = expectedByType().values().stream().mapToLong(Long::longValue).sum();
        Browser.waitFor(browser, all + " open discrepancies listed")
                .until(page -> rows(page).size() == all);

        new Select(browser.findElement(By.name("type"))).selectByValue("AMOUNT_MISMATCH");
        browser.findElement(By.id("apply-filters")).click();
        Browser.waitFor(browser, "the list filtered to the one AMOUNT_MISMATCH")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> {
                    List<String> types = rows(page).stream()
                            .map(row -> row.getAttribute("data-type"))
                            .toList();
                    return page.getCurrentUrl().contains("type=AMOUNT_MISMATCH")
                            && types.equals(List.of("AMOUNT_MISMATCH"));
                });
        Browser.screenshot(browser, "console-discrepancies");
    }

    @Test
    @Order(3)
    void aPaymentsTimelineListsItsEventsInTheOrderTaken() throws Exception {
        browser.get(console + "/payments/" + refunded.paymentId());
        // Delivered in this order, each acknowledged before the next; the first one twice, last.
        List<String> types = new ArrayList<>();
        refunded.webhooks().forEach(fact -> types.add(fact.type()));
        types.add(refunded.webhooks().get(0).type());
        List<String> outcomes = new ArrayList<>();
        refunded.webhooks().forEach(fact -> outcomes.add("applied"));
        outcomes.add("duplicate");

        Browser.waitFor(browser, types.size() + " timeline entries")
                .until(page -> timelineColumn(page, 3).size() == types.size());
        assertThat(Browser.<List<String>>read(browser, page -> timelineColumn(page, 3)))
                .isEqualTo(types);
        assertThat(Browser.<List<String>>read(browser, page -> timelineColumn(page, 7)))
                .isEqualTo(outcomes);
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= types.size(); i++) {
            numbers.add(Integer.toString(i));
        }
        assertThat(Browser.<List<String>>read(browser, page -> timelineColumn(page, 0)))
                .isEqualTo(numbers);
        assertThat(browser.findElements(By.cssSelector("#duplicates tbody tr"))).hasSize(1);
        Browser.screenshot(browser, "console-payment");
    }

    @Test
    @Order(4)
    void withoutAnOperatorTokenNothingShowsAndNothingResolves() throws Exception {
        Discrepancy currency = openOfType("CURRENCY_MISMATCH");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.get(console + "/discrepancies/" + currency.discrepancyId());
        Browser.waitFor(browser, "the signed-out page")
                .until(page -> !page.findElements(By.id("signed-out")).isEmpty());
        assertThat(browser.findElements(By.id("resolve-submit"))).isEmpty();

        // A token that is not an operator's is refused at sign-in, and nothing shows.
        signIn("not-an-operator-token");
        Browser.waitFor(browser, "the sign-in refused")
                .until(page ->
                        page.findElement(By.id("sign-in-error")).getText().startsWith("Refused"));
        browser.findElement(By.id("sign-in-cancel")).click();
        assertThat(browser.findElements(By.id("signed-out"))).hasSize(1);

        // A token that stopped being an operator's after sign-in: refused at the first read, the console
        // signs out and shows nothing.
        ((JavascriptExecutor) browser)
                .executeScript("sessionStorage.setItem('payhook.operator.token', 'revoked-token');"
                        + "sessionStorage.setItem('payhook.operator.name', 'former');");
        browser.navigate().refresh();
        Browser.waitFor(browser, "the console signed out")
                .until(page -> !page.findElements(By.id("signed-out")).isEmpty()
                        && !page.findElements(By.id("sign-in-open")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("h1 [data-status]"))).isEmpty();
        assertThat(detail(currency.discrepancyId()).discrepancy().status()).isEqualTo(DiscrepancyStatus.OPEN);
        // The services themselves refuse a read without an operator's token.
        assertThat(Services.get(
                                console.replace("/console", "") + "/reconciliation/discrepancies/"
                                        + currency.discrepancyId(),
                                Map.of())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(5)
    void resolvingWithAnOperatorTokenTurnsTheBreakResolvedOnScreen() throws Exception {
        Discrepancy amount = openOfType("AMOUNT_MISMATCH");
        browser.get(console + "/discrepancies/" + amount.discrepancyId());
        Browser.waitFor(browser, "the sign-in button")
                .until(page -> !page.findElements(By.id("sign-in-open")).isEmpty());
        signIn(OPERATOR_TOKEN);
        Browser.waitFor(browser, "operator local signed in")
                .until(page -> !page.findElements(By.id("operator-name")).isEmpty()
                        && page.findElement(By.id("operator-name")).getText().equals("local"));
        String note = "Provider confirmed the short settlement; credit note CN-4711";
        Browser.waitFor(browser, "the resolve form")
                .until(page -> !page.findElements(By.id("resolve-note")).isEmpty());
        browser.findElement(By.id("resolve-note")).sendKeys(note);
        browser.findElement(By.id("resolve-submit")).click();

        // The page refreshes itself: the break turns RESOLVED once the reconciler has applied it.
        Browser.waitFor(browser, "the break RESOLVED on screen, with its history")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> page.findElement(By.cssSelector("h1 [data-status]"))
                                .getText()
                                .equals("RESOLVED")
                        && !page.findElements(By.cssSelector("#history tr[data-change='resolved']"))
                                .isEmpty());
        assertThat(Browser.<String>read(
                        browser, page -> page.findElement(By.cssSelector("#history tr[data-change='resolved']"))
                                .getText()))
                .contains(note)
                .contains("operator local");
        assertThat(Browser.<List<String>>read(
                        browser, page -> page.findElements(By.cssSelector("#history tbody tr")).stream()
                                .map(row -> row.getAttribute("data-change"))
                                .toList()))
                .containsExactly("opened", "resolved");
        Browser.screenshot(browser, "console-discrepancy");
    }

    @Test
    @Order(6)
    void aBatchShowsTheRowsItRejectedWithTheirLineColumnAndReason() throws Exception {
        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String report = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + ",fee,-1.00,EUR,," + at + ",fee_console\n"
                + "pay_console_1,capture,12.345,EUR,," + at + ",bad_amount\n"
                + "pay_console_2,capture,10.00,XXX,," + at + ",bad_currency\n";
        var receipt = post("http://localhost:" + port(ingress) + "/settlements/generic", report, OPERATOR);
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(202);
        String batchId =
                JsonSerde.MAPPER.readTree(receipt.body()).path("batchId").asString();

        browser.get(console + "/batches");
        Browser.waitFor(browser, "batch " + batchId + " listed with 2 rejected rows, uploaded by the operator")
                .ignoring(StaleElementReferenceException.class)
                .until(page ->
                        page.findElements(By.cssSelector("#batches tr[data-batch='" + batchId + "'] td")).stream()
                                .map(WebElement::getText)
                                .toList()
                                .containsAll(List.of("2", "uploaded by local")));
        browser.findElement(By.cssSelector("#batches tr[data-batch='" + batchId + "'] a"))
                .click();
        Browser.waitFor(browser, "the batch's rejected rows")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> page.findElements(By.cssSelector("#rejected-rows tbody tr"))
                                .size()
                        == 2);
        List<List<String>> shown = browser.findElements(By.cssSelector("#rejected-rows tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList())
                .toList();
        assertThat(shown).extracting(row -> row.get(0)).containsExactly("3", "4");
        assertThat(shown).extracting(row -> row.get(1)).containsExactly("amount", "currency");
        assertThat(shown.get(0).get(2)).contains("12.345").contains("EUR");
        assertThat(shown.get(1).get(2)).contains("XXX");
        Browser.screenshot(browser, "console-batch");
    }

    @Test
    @Order(7)
    void thePayoutsViewShowsEachPayoutsBankCreditOrThatItNeverCame() throws Exception {
        List<BankStatementScenario.Payout> payouts = scenario.bankPayouts("adyen");
        assertThat(payouts).hasSizeGreaterThanOrEqualTo(3);
        BankStatementScenario bank = BankStatementScenario.inOrder(
                31,
                payouts,
                List.of(
                        BankStatementScenario.Outcome.ARRIVES,
                        BankStatementScenario.Outcome.ARRIVES_SHORT,
                        BankStatementScenario.Outcome.NEVER_ARRIVES),
                "stripe",
                5);
        var receipt = post(
                "http://localhost:" + port(ingress) + "/bank-statements/camt053", bank.statement("camt053"), OPERATOR);
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(202);
        Map<String, String> expected = new TreeMap<>();
        for (BankStatementScenario.Payout payout : payouts) {
            String planted = bank.expectedDiscrepancies().get(payout.payoutId());
            expected.put(
                    payout.payoutId(),
                    planted == null ? "MATCHED" : planted.equals("BANK_AMOUNT_MISMATCH") ? "SHORT" : "NOT_RECEIVED");
        }
        assertThat(expected.values()).contains("MATCHED", "SHORT", "NOT_RECEIVED");

        browser.get(console + "/payouts");
        Browser.waitFor(browser, "each payout's status to be " + expected)
                .ignoring(StaleElementReferenceException.class)
                .until(page -> {
                    Map<String, String> shown = new TreeMap<>();
                    for (WebElement row : page.findElements(By.cssSelector("#payouts tbody tr"))) {
                        shown.put(
                                row.findElement(By.cssSelector("td")).getText(),
                                row.findElement(By.cssSelector("[data-status]")).getAttribute("data-status"));
                    }
                    return shown.equals(expected);
                });
        String shortOne = expected.entrySet().stream()
                .filter(e -> e.getValue().equals("SHORT"))
                .findFirst()
                .orElseThrow()
                .getKey();
        String shortRow =
                Browser.<String>read(browser, page -> page.findElements(By.cssSelector("#payouts tbody tr")).stream()
                        .map(WebElement::getText)
                        .filter(text -> text.startsWith(shortOne))
                        .findFirst()
                        .orElseThrow());
        assertThat(shortRow).contains(shortOne + " PayhookECOM, batch 1");
        // Every account with a broken payout counts it; the stray Stripe credit is one more on its account.
        long broken = Browser.<Long>read(
                browser, page -> page.findElements(By.cssSelector("#bank-accounts [data-count='broken']")).stream()
                        .mapToLong(cell -> Long.parseLong(cell.getText()))
                        .sum());
        assertThat(broken).isEqualTo(bank.expectedDiscrepancies().size());
        Browser.screenshot(browser, "console-payouts");
    }

    @Test
    @Order(8)
    void aWriteOffShowsItsEntryBeforeItIsPostedAndTheMonthClosesWithIt() throws Exception {
        Discrepancy fee = openOfType("FEE_MISMATCH");
        browser.get(console + "/discrepancies/" + fee.discrepancyId());
        // The console draws its operator slot only after its currencies are read (a top-level await), so the
        // page can be loaded with neither the operator's name nor the sign-in button drawn yet: wait for one.
        Browser.waitFor(browser, "the operator slot drawn")
                .until(page -> !page.findElements(By.id("operator-name")).isEmpty()
                        || !page.findElements(By.id("sign-in-open")).isEmpty());
        if (browser.findElements(By.id("operator-name")).isEmpty()) {
            signIn(OPERATOR_TOKEN);
        }
        Browser.waitFor(browser, "the resolve form with its actions")
                .until(page -> !page.findElements(By.id("resolve-action")).isEmpty());
        new Select(browser.findElement(By.id("resolve-action"))).selectByValue("WRITE_OFF");
        Browser.waitFor(browser, "the entry a write-off posts, before it is posted")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> page.findElements(By.cssSelector("#resolve-entry-lines tr[data-account]"))
                                .size()
                        == 2);
        List<String> accounts = browser.findElements(By.cssSelector("#resolve-entry-lines tr[data-account]")).stream()
                .map(row -> row.getAttribute("data-account"))
                .toList();
        // A fee that did not come back is a loss, out of the clearing account of the payment's provider.
        String source = detail(fee.discrepancyId()).payment().payment().source();
        assertThat(accounts).containsExactly("write-offs", "psp-clearing:" + source);
        Browser.screenshot(browser, "console-resolve-write-off");
        browser.findElement(By.id("resolve-note")).sendKeys("Fee dispute lost; written off");
        browser.findElement(By.id("resolve-submit")).click();
        Browser.waitFor(browser, "the fee break RESOLVED on screen")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> page.findElement(By.cssSelector("h1 [data-status]"))
                        .getText()
                        .equals("RESOLVED"));

        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        browser.get(console + "/periods/" + month);
        Browser.waitFor(browser, "the write-off in the month's journal")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> page.findElements(By.cssSelector("#journal tr[data-entry]"))
                                .size()
                        == 2);
        Browser.waitFor(browser, "the close button")
                .until(page -> !page.findElements(By.id("close-submit")).isEmpty());
        browser.findElement(By.id("close-submit")).click();
        Browser.waitFor(browser, "the month's statements, closed")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> !page.findElements(By.cssSelector("#statements tr[data-statement]"))
                        .isEmpty());
        Browser.screenshot(browser, "console-period-closed");
        var closed =
                JsonSerde.MAPPER.readTree(answered(console.replace("/console", "") + "/reconciliation/periods/" + month)
                        .body());
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        long entries = 0;
        for (var statement : closed.get("statements")) {
            entries += statement.get("journalEntries").size();
        }
        assertThat(entries).isEqualTo(1);
        var audit = JsonSerde.MAPPER.readTree(answered(console.replace("/console", "") + "/reconciliation/audit/verify")
                .body());
        assertThat(audit.get("intact").asBoolean()).as(audit.toString()).isTrue();
    }

    @Test
    @Order(9)
    void theConsoleForbidsInlineScriptAndFramingAndNoOtherSiteMayCallTheOperatorActions() throws Exception {
        String reconcilerUrl = console.replace("/console", "");
        var page = get(console + "/periods");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(get(reconcilerUrl + "/reconciliation/summary").headers().firstValue("X-Content-Type-Options"))
                .hasValue("nosniff");
        for (String other : List.of(
                "http://localhost:" + port(processor) + "/payments/pay_unknown",
                "http://localhost:" + port(ingress) + "/webhooks/unknown-source")) {
            var answer = other.contains("/webhooks/") ? post(other, "{}", Map.of()) : get(other);
            assertThat(answer.headers().firstValue("X-Content-Type-Options"))
                    .as(other)
                    .hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(other).hasValue("no-referrer");
        }

        // A browser asks before sending a bearer header cross-site; no CORS answer means it never sends it.
        java.net.http.HttpResponse<String> preflight = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(reconcilerUrl + "/reconciliation/periods/2026-11/close"))
                                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                                .header("Origin", "https://evil.example")
                                .header("Access-Control-Request-Method", "POST")
                                .header("Access-Control-Request-Headers", "authorization")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .isEmpty();
    }

    /**
     * An operator limited to one merchant account sees only that account: its selector offers only it,
     * another account's discrepancy is as unknown as one that does not exist, and a new discrepancy of its
     * account appears on the open list, pushed, without the page being loaded again.
     */
    @Test
    @Order(10)
    void aScopedOperatorSeesOnlyItsAccountAndANewBreakAppearsWithoutAReload() throws Exception {
        String reconcilerUrl = console.replace("/console", "");
        Discrepancy ecom = openOfType("CURRENCY_MISMATCH");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.get(console + "/discrepancies?status=OPEN");
        Browser.waitFor(browser, "the sign-in button")
                .until(page -> !page.findElements(By.id("sign-in-open")).isEmpty());
        signIn(POS_TEAM_TOKEN);
        Browser.waitFor(browser, "operator pos-team signed in, with an empty list")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> !page.findElements(By.id("operator-name")).isEmpty()
                        && page.findElement(By.id("operator-name")).getText().equals("pos-team")
                        && !page.findElements(By.cssSelector("#discrepancy-table td.empty"))
                                .isEmpty());
        Browser.waitFor(browser, "the account selector offering only its account")
                .until(page ->
                        page.findElements(By.cssSelector("#account option")).size() == 2);
        assertThat(new Select(browser.findElement(By.id("account")))
                        .getOptions().stream()
                                .map(option -> option.getAttribute("value"))
                                .toList())
                .containsExactly("", POS_ACCOUNT);

        // The page stays this page: a marker set now survives only if it is never loaded again.
        ((JavascriptExecutor) browser).executeScript("window.payhookNotReloaded = true;");
        String paymentId = "pay_pos_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String report = "payment_id,type,amount,currency,fee,settled_at,reference,account\n" + paymentId
                + ",capture,42.00,EUR,,"
                + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + ",ref_" + paymentId
                + "," + POS_ACCOUNT + "\n";
        var upload = post(
                "http://localhost:" + port(ingress) + "/settlements/generic",
                report,
                Map.of("Authorization", "Bearer " + POS_TEAM_TOKEN, "Content-Type", "text/csv"));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        Browser.waitFor(browser, "the new discrepancy of its account on the list, pushed")
                .ignoring(StaleElementReferenceException.class)
                .until(page -> rows(page).stream().anyMatch(row -> row.getText().contains(paymentId)));
        assertThat(rows(browser)).hasSize(1);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.payhookNotReloaded === true;"))
                .isEqualTo(true);
        Browser.screenshot(browser, "console-scoped-operator");

        // Another account's discrepancy: the same answer as an unknown one.
        browser.get(console + "/discrepancies/" + ecom.discrepancyId());
        Browser.waitFor(browser, "another account's discrepancy unknown")
                .until(page -> page.findElement(By.id("view")).getText().contains("No discrepancy has the id"));
        var asScoped = Services.get(
                reconcilerUrl + "/reconciliation/discrepancies/" + ecom.discrepancyId(),
                Map.of("Authorization", "Bearer " + POS_TEAM_TOKEN));
        var unknown = Services.get(
                reconcilerUrl + "/reconciliation/discrepancies/dsc_000000000000000000000000",
                Map.of("Authorization", "Bearer " + POS_TEAM_TOKEN));
        assertThat(asScoped.statusCode()).isEqualTo(404);
        assertThat(JsonSerde.MAPPER.readTree(asScoped.body()).get("type"))
                .isEqualTo(JsonSerde.MAPPER.readTree(unknown.body()).get("type"));
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
    }

    private static void signIn(String token) {
        browser.findElement(By.id("sign-in-open")).click();
        browser.findElement(By.cssSelector("#sign-in input[name=token]")).sendKeys(token);
        browser.findElement(By.id("sign-in-submit")).click();
    }

    /** The planted breaks by type: each planted payment's, and the batch's short payout. */
    private static Map<String, Long> expectedByType() {
        Map<String, Long> expected = new TreeMap<>(scenario.expectedDiscrepancies().values().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
        expected.put(
                "PAYOUT_MISMATCH", (long) scenario.expectedPayoutMismatches().size());
        return expected;
    }

    private static List<WebElement> rows(WebDriver page) {
        return page.findElements(By.cssSelector("#discrepancy-table tbody tr[data-discrepancy]"));
    }

    private static List<String> timelineColumn(WebDriver page, int column) {
        return page.findElements(By.cssSelector("#timeline tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(column).getText())
                .toList();
    }

    private static List<Discrepancy> openDiscrepancies(String reconcilerUrl) throws Exception {
        return JsonSerde.MAPPER.readValue(
                answered(reconcilerUrl + "/reconciliation/discrepancies?status=OPEN")
                        .body(),
                new TypeReference<List<Discrepancy>>() {});
    }

    private static Discrepancy openOfType(String type) throws Exception {
        return openDiscrepancies(console.replace("/console", "")).stream()
                .filter(d -> d.type().name().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static DiscrepancyDetail detail(String discrepancyId) throws Exception {
        return JsonSerde.MAPPER.readValue(
                get(console.replace("/console", "") + "/reconciliation/discrepancies/" + discrepancyId)
                        .body(),
                DiscrepancyDetail.class);
    }
}
