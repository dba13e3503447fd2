package dev.payhook.provider.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payhook.common.BankLine;
import dev.payhook.common.RejectedLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each format read from a fixture written from its published definition: the ISO 20022 camt.053.001.02
 * and .001.08 message definitions, the SWIFT MT940 field specification (with SWIFT headers, and the
 * headerless export), the BAI2 specification (03 summaries, funds types, 88 continuations, control totals).
 */
class BankStatementFormatTest {

    private static final LocalDate NOV_6 = LocalDate.of(2026, 11, 6);
    private static final String IBAN = "DE89370400440532013000";

    @Test
    void camt053Version02EntriesBecomeLinesAndAPendingEntryIsRejected() throws Exception {
        ParsedStatement statement = BankStatementFormat.CAMT053.parse(fixture("camt.053.001.02.xml"));

        assertThat(statement.statementId()).isEqualTo(IBAN + "/0352C5320261106");
        // FrToDt/ToDtTm: the statement covers the 6th.
        assertThat(statement.coveredThrough()).containsExactly(java.util.Map.entry(IBAN, NOV_6));
        assertThat(statement.lines())
                .containsExactly(
                        new BankLine(
                                IBAN + ":2026110600012345",
                                statement.statementId(),
                                IBAN,
                                NOV_6,
                                NOV_6,
                                6785,
                                "EUR",
                                true,
                                "2026110600012345",
                                "po_1QpayhookP001",
                                "STRIPE PAYOUT po_1QpayhookP001",
                                "STRIPE PAYMENTS EUROPE LTD"),
                        new BankLine(
                                IBAN + ":2026110600012346",
                                statement.statementId(),
                                IBAN,
                                NOV_6,
                                NOV_6,
                                102200,
                                "EUR",
                                true,
                                "2026110600012346",
                                null,
                                "TX123456789123XT TestMerchant, batch 4",
                                "Adyen N.V."),
                        new BankLine(
                                IBAN + ":2026110600012347",
                                statement.statementId(),
                                IBAN,
                                NOV_6,
                                NOV_6,
                                20000,
                                "EUR",
                                false,
                                "2026110600012347",
                                "RENT-2026-11",
                                "Rent November 2026",
                                "Office Landlord GmbH"));
        assertThat(statement.rejected())
                .containsExactly(
                        new RejectedLine(4, "Sts", "entry status PDNG, not BOOK: only booked entries are reconciled"));
    }

    @Test
    void camt053Version08ReadsTheChoiceTypesAndAnOtherAccountId() throws Exception {
        ParsedStatement statement = BankStatementFormat.CAMT053.parse(fixture("camt.053.001.08.xml"));

        LocalDate nov9 = LocalDate.of(2026, 11, 9);
        // No FrToDt: the closing balance's date.
        assertThat(statement.coveredThrough()).containsExactly(java.util.Map.entry("40051512345678", nov9));
        assertThat(statement.lines())
                .containsExactly(new BankLine(
                        "40051512345678:FPS-7Q2K9XH3M1",
                        "40051512345678/STMT-20261109-GB-01",
                        "40051512345678",
                        nov9,
                        nov9,
                        421050,
                        "GBP",
                        true,
                        "FPS-7Q2K9XH3M1",
                        "po_1QpayhookGBP01",
                        "STRIPE po_1QpayhookGBP01",
                        "STRIPE PAYMENTS UK LTD"));
        assertThat(statement.rejected()).isEmpty();
    }

    @Test
    void camt053OfAnotherVersionOrNotCamtAtAllIsRefusedWhole() {
        assertThatThrownBy(() -> BankStatementFormat.CAMT053.parse(
                        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\"/>"
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessageContaining("camt.053.001.04 is not read here");
        assertThatThrownBy(() -> BankStatementFormat.CAMT053.parse("<html/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessageContaining("not a camt.053 document");
    }

    @Test
    void mt940WithSwiftHeadersReadsStructuredField86() throws Exception {
        ParsedStatement statement = BankStatementFormat.MT940.parse(fixture("mt940-with-headers.txt"));

        String account = "37040044/0532013000";
        assertThat(statement.statementId()).isEqualTo(account + "/STMT261106/215/1");
        assertThat(statement.lines()).hasSize(3);
        assertThat(statement.lines().get(0))
                .isEqualTo(new BankLine(
                        account + ":2026110600012345",
                        statement.statementId(),
                        account,
                        NOV_6,
                        NOV_6,
                        6785,
                        "EUR",
                        true,
                        "2026110600012345",
                        null,
                        "STRIPE PAYOUT po_1QpayhookP001",
                        "STRIPE PAYMENTS EUROPE LTD"));
        assertThat(statement.lines().get(1).remittance()).isEqualTo("TX123456789123XT TestMerchant, batch 4");
        assertThat(statement.lines().get(2).credit()).isFalse();
        assertThat(statement.lines().get(2).amount()).isEqualTo(20000);
    }

    @Test
    void mt940HeaderlessExportWithTwoStatementsReadsBoth() throws Exception {
        ParsedStatement statement = BankStatementFormat.MT940.parse(fixture("mt940-headerless.sta"));

        assertThat(statement.statementId()).isEqualTo(IBAN + "/940S261106/215+" + IBAN + "/940S261109/216");
        assertThat(statement.lines())
                .extracting(BankLine::lineId, BankLine::amount, BankLine::credit, BankLine::remittance)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                IBAN + ":2026110600012345",
                                6785L,
                                true,
                                "STRIPE PAYOUT po_1QpayhookP001 STRIPE PAYMENTS EUROPE LTD"),
                        org.assertj.core.groups.Tuple.tuple(
                                IBAN + ":2026110600012346", 102200L, true, "TX123456789123XT TestMerchant, batch 4"),
                        org.assertj.core.groups.Tuple.tuple(
                                IBAN + ":RENT-2026-11", 20000L, false, "Rent November 2026"),
                        org.assertj.core.groups.Tuple.tuple(
                                IBAN + ":2026110900000001", 31000L, true, "Customer invoice 4711"));
        assertThat(statement.lines().get(3).bookingDate()).isEqualTo(LocalDate.of(2026, 11, 9));
        // The later statement's closing balance (:62F:) date.
        assertThat(statement.coveredThrough()).containsExactly(java.util.Map.entry(IBAN, LocalDate.of(2026, 11, 9)));
    }

    @Test
    void mt940ThatDoesNotAddUpIsRefusedWhole() throws Exception {
        String text = new String(fixture("mt940-headerless.sta"), StandardCharsets.UTF_8)
                .replace(":62F:C261106EUR1889,85", ":62F:C261106EUR1889,86");

        assertThatThrownBy(() -> BankStatementFormat.MT940.parse(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessageContaining(
                        "does not add up: opening 100000 plus entries 88985 is not the closing balance 188986");
    }

    @Test
    void bai2DetailsWithFundsTypesAndContinuations() throws Exception {
        ParsedStatement statement = BankStatementFormat.BAI2.parse(fixture("bai2.txt"));

        String account = "0532013000";
        assertThat(statement.statementId()).isEqualTo(account + "/121000248/261109/1");
        assertThat(statement.coveredThrough()).containsExactly(java.util.Map.entry(account, NOV_6));
        assertThat(statement.lines())
                .containsExactly(
                        new BankLine(
                                account + ":20261106000123",
                                statement.statementId(),
                                account,
                                NOV_6,
                                NOV_6,
                                785000,
                                "USD",
                                true,
                                "20261106000123",
                                "po_1QpayhookUSD1",
                                "STRIPE PAYOUT po_1QpayhookUSD1 STRIPE PAYMENTS COMPANY",
                                null),
                        new BankLine(
                                account + ":20261106000124",
                                statement.statementId(),
                                account,
                                NOV_6,
                                LocalDate.of(2026, 11, 7),
                                215000,
                                "USD",
                                true,
                                "20261106000124",
                                null,
                                null,
                                null),
                        new BankLine(
                                account + ":20261106000125",
                                statement.statementId(),
                                account,
                                NOV_6,
                                NOV_6,
                                460000,
                                "USD",
                                false,
                                "20261106000125",
                                "RENT-2026-11",
                                "OUTGOING WIRE RENT NOVEMBER 2026 OFFICE LANDLORD LLC",
                                null));
    }

    @Test
    void bai2WhoseControlTotalsOrTrailerAreWrongIsRefusedWhole() throws Exception {
        String text = new String(fixture("bai2.txt"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> BankStatementFormat.BAI2.parse(
                        text.replace("16,195,785000", "16,195,785001").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessage("line 9 (49): account control total is 5460000 but the records before it make 5460001");
        assertThatThrownBy(() -> BankStatementFormat.BAI2.parse(
                        text.replace("49,5460000,7/", "49,5460000,6/").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessage("line 9 (49): account record count is 6 but the records before it make 7");
        assertThatThrownBy(() -> BankStatementFormat.BAI2.parse(
                        text.replace("99,5460000,1,11/\n", "").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessageContaining("without its 99 file trailer");
    }

    @Test
    void camt053WithAnExternalEntityOrAnEntityBombIsRefusedWithoutResolvingIt() throws Exception {
        String camt = new String(fixture("camt.053.001.02.xml"), StandardCharsets.UTF_8);
        String xxe = camt.replaceFirst(
                        "<Document", "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Document")
                .replaceFirst("<Id>0352C5320261106</Id>", "<Id>&xxe;</Id>");
        StringBuilder bomb = new StringBuilder("<!DOCTYPE Document [<!ENTITY a0 \"ha\">");
        for (int i = 1; i <= 12; i++) {
            bomb.append("<!ENTITY a")
                    .append(i)
                    .append(" \"")
                    .append(("&a" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        String laughs = camt.replaceFirst("<Document", bomb + "]><Document")
                .replaceFirst("<Id>0352C5320261106</Id>", "<Id>&a12;</Id>");

        for (String hostile : List.of(xxe, laughs)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> BankStatementFormat.CAMT053.parse(hostile.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(MalformedStatementException.class)
                    .hasMessageNotContaining("root:");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(2));
        }
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() {
        assertThatThrownBy(() -> BankStatementFormat.BAI2.parse(new byte[] {'0', '1', ',', (byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(MalformedStatementException.class)
                .hasMessage("the file is not UTF-8 (or ASCII) text");
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = BankStatementFormatTest.class.getResourceAsStream("/bank/" + name)) {
            return in.readAllBytes();
        }
    }

    static List<String> ids(ParsedStatement statement) {
        return statement.lines().stream().map(BankLine::lineId).toList();
    }
}
