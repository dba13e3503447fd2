package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.collector.bank.BankStatementCollector;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.Topics;
import dev.payhook.testkit.TopicReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Payouts reconciled to the bank through the real broker: a Stripe report's three GBP payouts, then an
 * MT940 statement uploaded to the ingress in which one arrives, one arrives short and one never, with a
 * Stripe credit that pays no payout; each break raised once; the same statement again changes nothing;
 * the missing payout's credit fetched by the collector from a bank's SFTP drop (MINA's in-process
 * server) clears its break, and a second run fetches nothing; a malformed statement is refused whole.
 * The tests run in order, each on what the ones before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankReconciliationIT {

    private static final String ACCOUNT = "GB29NWBK60161331926819";
    private static final LocalDate PAID_ON = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    private static final LocalDate COVERED = PAID_ON.plusDays(10);
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String PAYOUT_A = "po_bankitA" + RUN;
    private static final String PAYOUT_B = "po_bankitB" + RUN;
    private static final String PAYOUT_C = "po_bankitC" + RUN;
    private static final String SFTP_PASSWORD = "drop-password";

    private static SshServer sftp;
    private static Path drop;
    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext reconciler;
    private static ConfigurableApplicationContext collector;
    private static String ingressUrl;
    private static String reconcilerUrl;

    @BeforeAll
    static void start() throws Exception {
        drop = Files.createTempDirectory("bank-drop");
        Files.createDirectories(drop.resolve("outbox"));
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        sftp.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sftp.setPasswordAuthenticator(
                (user, password, session) -> "payhook".equals(user) && SFTP_PASSWORD.equals(password));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(drop));
        sftp.start();

        ingress = Services.ingress();
        ingressUrl = "http://localhost:" + port(ingress);
        reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=payhook-reconciler-bank-it",
                "--payhook.bank.accounts.operating-gbp.account=GB29 NWBK 6016 1331 9268 19",
                "--payhook.bank.accounts.operating-gbp.currency=GBP",
                "--payhook.bank.accounts.operating-gbp.providers[0]=stripe");
        reconcilerUrl = "http://localhost:" + port(reconciler);
        collector = Services.collector(
                "--payhook.recovery.interval=6h",
                "--payhook.collector.reports.interval=6h",
                "--payhook.collector.reports.announcements-interval=6h",
                "--payhook.collector.bank-statements.interval=6h",
                "--payhook.collector.bank-statements.sftp.testbank.host=127.0.0.1",
                "--payhook.collector.bank-statements.sftp.testbank.port=" + sftp.getPort(),
                "--payhook.collector.bank-statements.sftp.testbank.username=payhook",
                "--payhook.collector.bank-statements.sftp.testbank.password=" + SFTP_PASSWORD,
                "--payhook.collector.bank-statements.sftp.testbank.host-key="
                        + PublicKeyEntry.toString(hostKey.getPublic()),
                "--payhook.collector.bank-statements.sftp.testbank.directory=outbox",
                "--payhook.collector.bank-statements.sftp.testbank.pattern=*.xml",
                "--payhook.collector.bank-statements.sftp.testbank.format=camt053",
                "--payhook.collector.bank-statements.sftp.testbank.timeout=5s");
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
        reconciler.close();
        ingress.close();
        sftp.stop(true);
    }

    @Test
    @Order(1)
    void onePayoutArrivesOneShortOneNeverAndAStrayStripeCreditEachBreakRaisedOnce() throws Exception {
        assertThat(post(ingressUrl + "/settlements/stripe", stripeReport(), OPERATOR)
                        .statusCode())
                .isEqualTo(202);

        HttpResponse<String> uploaded = post(ingressUrl + "/bank-statements/mt940", mt940(), OPERATOR);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        JsonNode receipt = JsonSerde.MAPPER.readTree(uploaded.body());
        assertThat(receipt.get("lines").asLong()).isEqualTo(4);
        assertThat(receipt.get("accounts").get(0).asString()).isEqualTo(ACCOUNT);
        Map<String, String> statuses = awaitStatuses(s -> "NOT_RECEIVED".equals(s.get(PAYOUT_C)));
        assertThat(statuses)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(PAYOUT_A, "MATCHED", PAYOUT_B, "SHORT", PAYOUT_C, "NOT_RECEIVED"));
        List<Discrepancy> raised = bankDiscrepancies();
        assertThat(raised)
                .extracting(Discrepancy::type, Discrepancy::status, Discrepancy::reference, Discrepancy::amount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                DiscrepancyType.BANK_AMOUNT_MISMATCH, DiscrepancyStatus.OPEN, PAYOUT_B, 1000L),
                        org.assertj.core.groups.Tuple.tuple(
                                DiscrepancyType.PAYOUT_NOT_RECEIVED, DiscrepancyStatus.OPEN, PAYOUT_C, 8000L),
                        org.assertj.core.groups.Tuple.tuple(
                                DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT,
                                DiscrepancyStatus.OPEN,
                                "STRAY" + RUN,
                                5555L));
    }

    @Test
    @Order(2)
    void theSameStatementUploadedAgainChangesNothing() throws Exception {
        int before = bankDiscrepancies().size();

        assertThat(post(ingressUrl + "/bank-statements/mt940", mt940(), OPERATOR)
                        .statusCode())
                .isEqualTo(202);
        // A statement of another account after it: once the reconciler has read that, it has read the repeat.
        String other = mt940For("0532013000", "USD", COVERED.plusDays(1), "");
        assertThat(post(ingressUrl + "/bank-statements/mt940", other, OPERATOR).statusCode())
                .isEqualTo(202);
        awaitAccount("0532013000");

        assertThat(bankDiscrepancies()).hasSize(before);
    }

    @Test
    @Order(3)
    void theMissingPayoutsCreditFetchedFromTheSftpDropClearsItsBreakAndIsFetchedOnce() throws Exception {
        Files.writeString(drop.resolve("outbox/camt053_" + RUN + ".xml"), camt053WithPayoutC(), StandardCharsets.UTF_8);
        Files.writeString(drop.resolve("outbox/readme.txt"), "not a statement", StandardCharsets.UTF_8);
        BankStatementCollector bank = collector.getBean(BankStatementCollector.class);

        assertThat(bank.collect()).isEmpty();

        Map<String, String> statuses = awaitStatuses(s -> "MATCHED".equals(s.get(PAYOUT_C)));
        assertThat(statuses.get(PAYOUT_C)).isEqualTo("MATCHED");
        Discrepancy notReceived = latest(DiscrepancyType.PAYOUT_NOT_RECEIVED);
        assertThat(notReceived.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(notReceived.resolution()).isEqualTo("a bank credit for the payout arrived");

        assertThat(bank.collect()).isEmpty();
        List<ConsumerRecord<String, String>> collected = TopicReader.all(
                BOOTSTRAP, Topics.REPORT_COLLECTIONS, r -> r.key().startsWith("bank:testbank:"));
        assertThat(collected).extracting(ConsumerRecord::key).containsExactly("bank:testbank:camt053_" + RUN + ".xml");
    }

    @Test
    @Order(4)
    void laterEvidenceClearsTheShortPayoutAndTheStrayCredit() throws Exception {
        // Stripe's next report has the payout the stray credit paid; the bank credits B's remainder.
        String day = PAID_ON.toString();
        String report = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,"
                + "source_id,description,customer_facing_amount,customer_facing_currency,payment_intent_id\n"
                + payoutRow("D", "po_bankitD" + RUN, "55.55", day);
        assertThat(post(ingressUrl + "/settlements/stripe", report, OPERATOR).statusCode())
                .isEqualTo(202);
        String valued = PAID_ON.plusDays(2).format(DateTimeFormatter.ofPattern("yyMMdd"));
        String remainder = mt940For(
                ACCOUNT,
                "GBP",
                COVERED.plusDays(1),
                ":61:" + valued + "C10,00NTRFNONREF//R" + RUN + "\n:86:STRIPE " + PAYOUT_B + " remainder\n");
        assertThat(post(ingressUrl + "/bank-statements/mt940", remainder.replace(":20:STMT", ":20:REM"), OPERATOR)
                        .statusCode())
                .isEqualTo(202);

        Map<DiscrepancyType, Discrepancy> latest = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        BankReconciliationIT::latestByType,
                        byType -> byType.size() == 3 && byType.values().stream().noneMatch(Discrepancy::isOpen));
        assertThat(latest.values()).allSatisfy(d -> assertThat(d.resolvedBy()).isEqualTo(Discrepancy.BY_EVIDENCE));
        assertThat(latest.get(DiscrepancyType.BANK_AMOUNT_MISMATCH).resolution())
                .isEqualTo("the bank credit and the payout now agree");
        assertThat(latest.get(DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT).resolution())
                .isEqualTo("a payout the credit pays arrived");
        assertThat(statuses().get(PAYOUT_B)).isEqualTo("MATCHED");
    }

    @Test
    @Order(5)
    void aMalformedStatementOrAnUnknownFormatIsRefusedAndNothingIsPublished() throws Exception {
        int records =
                TopicReader.all(BOOTSTRAP, Topics.BANK_STATEMENTS, r -> true).size();

        HttpResponse<String> unbalanced =
                post(ingressUrl + "/bank-statements/mt940", mt940().replace(":62F:C", ":62F:D"), OPERATOR);
        HttpResponse<String> unknown = post(ingressUrl + "/bank-statements/csv", "a,b\n", OPERATOR);
        HttpResponse<String> anonymous = post(ingressUrl + "/bank-statements/mt940", mt940(), Map.of());

        assertThat(unbalanced.statusCode()).isEqualTo(400);
        assertThat(JsonSerde.MAPPER.readTree(unbalanced.body()).get("detail").asString())
                .contains("does not add up")
                .endsWith("Nothing was accepted.");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(TopicReader.all(BOOTSTRAP, Topics.BANK_STATEMENTS, r -> true))
                .hasSize(records);
    }

    /** A Stripe balance report (balance_change_from_activity.itemized.3 columns) with three GBP payouts. */
    private static String stripeReport() {
        String day = PAID_ON.toString();
        return "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,"
                + "source_id,description,customer_facing_amount,customer_facing_currency,payment_intent_id\n"
                + payoutRow("A", PAYOUT_A, "100.00", day)
                + payoutRow("B", PAYOUT_B, "250.00", day)
                + payoutRow("C", PAYOUT_C, "80.00", day);
    }

    private static String payoutRow(String letter, String payout, String amount, String day) {
        return "txn_bankit" + letter + RUN + "," + day + " 06:00:00," + day + " 06:00:00,gbp,-" + amount + ",0.00,-"
                + amount + ",payout," + payout + ",STRIPE PAYOUT,,,\n";
    }

    /** A headerless MT940 export of the account: A in full, B short, a stray Stripe credit, no C. */
    private static String mt940() {
        DateTimeFormatter yymmdd = DateTimeFormatter.ofPattern("yyMMdd");
        String valued = PAID_ON.plusDays(1).format(yymmdd);
        return mt940For(
                ACCOUNT,
                "GBP",
                COVERED,
                ":61:" + valued + "C100,00NTRFNONREF//A" + RUN + "\n:86:STRIPE " + PAYOUT_A + "\n"
                        + ":61:" + valued + "C240,00NTRFNONREF//B" + RUN + "\n:86:STRIPE " + PAYOUT_B + "\n"
                        + ":61:" + valued + "C55,55NTRFNONREF//STRAY" + RUN + "\n:86:STRIPE PAYMENTS UK LTD\n"
                        + ":61:" + valued + "D20,00NTRFNONREF//FEE" + RUN + "\n:86:Account fee\n");
    }

    private static String mt940For(String account, String currency, LocalDate covered, String entries) {
        DateTimeFormatter yymmdd = DateTimeFormatter.ofPattern("yyMMdd");
        long movement = 0;
        for (String line : entries.split("\n")) {
            if (line.startsWith(":61:")) {
                String rest = line.substring(10);
                boolean credit = rest.startsWith("C");
                String amount = rest.substring(1, rest.indexOf("NTRF")).replace(",", "");
                movement += (credit ? 1 : -1) * Long.parseLong(amount);
            }
        }
        return ":20:STMT" + RUN + "\n:25:" + account + "\n:28C:1/1\n:60F:C" + PAID_ON.format(yymmdd) + currency
                + "1000,00\n" + entries + ":62F:C" + covered.format(yymmdd) + currency
                + (100000 + movement) / 100 + "," + String.format("%02d", (100000 + movement) % 100) + "\n-\n";
    }

    /** The bank's camt.053 for the days after: C's credit, by its reference. */
    private static String camt053WithPayoutC() {
        String day = PAID_ON.plusDays(3).toString();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>CAMT%s</MsgId><CreDtTm>%sT06:00:00Z</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>CAMT-%s</Id>
                      <CreDtTm>%sT06:00:00Z</CreDtTm>
                      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>GBP</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="GBP">80.00</Amt>
                        <CdtDbtInd>CRDT</CdtDbtInd>
                        <Sts>BOOK</Sts>
                        <BookgDt><Dt>%s</Dt></BookgDt>
                        <ValDt><Dt>%s</Dt></ValDt>
                        <AcctSvcrRef>C%s</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <RltdPties><Dbtr><Nm>STRIPE PAYMENTS UK LTD</Nm></Dbtr></RltdPties>
                          <RmtInf><Ustrd>%s</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """
                .formatted(RUN, day, RUN, day, ACCOUNT, day, day, RUN, PAYOUT_C);
    }

    private static Map<String, String> awaitStatuses(java.util.function.Predicate<Map<String, String>> done) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(BankReconciliationIT::statuses, done);
    }

    private static Map<String, String> statuses() throws Exception {
        HttpResponse<String> response = Services.answered(reconcilerUrl + "/reconciliation/payouts?account=" + ACCOUNT);
        JsonNode payouts = JsonSerde.MAPPER.readTree(response.body()).get("payouts");
        Map<String, String> statuses = new java.util.TreeMap<>();
        payouts.forEach(
                p -> statuses.put(p.get("payoutId").asString(), p.get("status").asString()));
        return statuses;
    }

    private static void awaitAccount(String account) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> response = Services.answered(reconcilerUrl + "/reconciliation/payouts");
                    for (JsonNode a : JsonSerde.MAPPER.readTree(response.body()).get("accounts")) {
                        if (a.get("account").asString().equals(account)
                                && !a.get("coveredThrough").isNull()) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    /** Every version of this run's bank discrepancies on the topic. */
    private static List<Discrepancy> bankDiscrepancies() {
        return TopicReader.all(
                        BOOTSTRAP,
                        Topics.DISCREPANCIES,
                        r -> r.value() != null && r.value().contains(RUN))
                .stream()
                .map(r -> JsonSerde.MAPPER.readValue(r.value(), Discrepancy.class))
                .filter(d -> d.type().isBankLeg())
                .collect(Collectors.toList());
    }

    /** The latest version of each of this run's bank discrepancies, by type. */
    private static Map<DiscrepancyType, Discrepancy> latestByType() {
        Map<DiscrepancyType, Discrepancy> latest = new java.util.TreeMap<>();
        bankDiscrepancies().forEach(d -> latest.put(d.type(), d));
        return latest;
    }

    private static Discrepancy latest(DiscrepancyType type) {
        List<Discrepancy> all = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(BankReconciliationIT::bankDiscrepancies, list -> list.stream()
                        .anyMatch(d -> d.type() == type && d.status() == DiscrepancyStatus.RESOLVED));
        return all.stream().filter(d -> d.type() == type).reduce((a, b) -> b).orElseThrow();
    }
}
