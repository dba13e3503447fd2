package dev.payhook.testkit;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A labelled bank leg: for a provider's payouts, the merchant's bank statement in which each payout
 * arrives, arrives short or never arrives, with a credit that names a provider but pays no payout, and
 * the customer payments and debits around them. Written in each statement format payhook reads
 * ({@code camt053}: camt.053.001.02; {@code mt940}: with SWIFT headers; {@code bai2}), it says which
 * discrepancy a correct reconciler reports for each payout and stray credit, so a test can demand exactly
 * those. The demo uploads one.
 */
public final class BankStatementScenario {

    /** What becomes of a payout on the statement, and the discrepancy type it must produce (null: none). */
    public enum Outcome {
        /** A credit of its amount, carrying its reference. */
        ARRIVES(null),
        /** A credit of its amount without any reference: matched on amount and date. */
        ARRIVES_UNREFERENCED(null),
        ARRIVES_SHORT("BANK_AMOUNT_MISMATCH"),
        NEVER_ARRIVES("PAYOUT_NOT_RECEIVED");

        public final String discrepancy;

        Outcome(String discrepancy) {
            this.discrepancy = discrepancy;
        }
    }

    /**
     * A payout as the settlement report states it.
     *
     * @param reference what its credit carries when it carries one (Stripe's {@code po_…}, Adyen's payout
     *                  description); null when the report gives none, so only amount and date can match it
     */
    public record Payout(
            String payoutId, String provider, long amount, String currency, LocalDate paidOn, String reference) {}

    /** One entry of the statement. */
    public record Entry(
            String account,
            String currency,
            long amount,
            boolean credit,
            LocalDate valueDate,
            String bankReference,
            String counterparty,
            String remittance) {}

    /** How much a short credit falls short: enough to be seen, never the whole payout. */
    static final long SHORTFALL_PERCENT = 3;

    private final Map<String, String> accounts;
    private final List<Entry> entries;
    private final Map<String, String> expected;
    private final LocalDate coveredThrough;
    private final String statementId;

    private BankStatementScenario(
            Map<String, String> accounts,
            List<Entry> entries,
            Map<String, String> expected,
            LocalDate coveredThrough,
            String statementId) {
        this.accounts = accounts;
        this.entries = entries;
        this.expected = expected;
        this.coveredThrough = coveredThrough;
        this.statementId = statementId;
    }

    /** An account per currency, in the forms banks write them: an IBAN, or a domestic account number. */
    public static final Map<String, String> ACCOUNTS = Map.of(
            "EUR", "DE89370400440532013000",
            "USD", "0532013000",
            "JPY", "0011234567",
            "KWD", "KW81CBKU0000000000001234560101",
            "GBP", "GB29NWBK60161331926819");

    /**
     * @param outcomes    what may become of each payout; each payout gets one, by the seed (a payout without a
     *                    reference cannot arrive short or referenced: it arrives unreferenced or never)
     * @param unexpected  whether a credit naming {@code strayProvider} pays no payout
     * @param windowDays  the reconciler's payout window: the statement covers every payout's window
     */
    public static BankStatementScenario plan(
            long seed,
            List<Payout> payouts,
            Set<Outcome> outcomes,
            boolean unexpected,
            String strayProvider,
            int windowDays) {
        return plan(seed, payouts, outcomes, null, unexpected, strayProvider, windowDays);
    }

    /**
     * The demo's: the payouts' outcomes in order, one each (cycling), e.g. arrives, arrives short, never
     * arrives; a payout without a reference that is to arrive short or referenced arrives unreferenced.
     */
    public static BankStatementScenario inOrder(
            long seed, List<Payout> payouts, List<Outcome> outcomes, String strayProvider, int windowDays) {
        return plan(seed, payouts, Set.copyOf(outcomes), outcomes, true, strayProvider, windowDays);
    }

    private static BankStatementScenario plan(
            long seed,
            List<Payout> payouts,
            Set<Outcome> outcomes,
            List<Outcome> inOrder,
            boolean unexpected,
            String strayProvider,
            int windowDays) {
        Random random = new Random(seed);
        int index = 0;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        LocalDate covered = null;
        List<Outcome> allowed = outcomes.stream().sorted().toList();
        int reference = 1000 + random.nextInt(1000);
        for (Payout payout : payouts) {
            String account = ACCOUNTS.get(payout.currency());
            LocalDate due = addBusinessDays(payout.paidOn(), windowDays);
            covered = covered == null || due.isAfter(covered) ? due : covered;
            List<Outcome> possible = allowed.stream()
                    .filter(o -> payout.reference() != null
                            || o == Outcome.ARRIVES_UNREFERENCED
                            || o == Outcome.NEVER_ARRIVES)
                    .toList();
            Outcome outcome = inOrder != null
                    ? inOrder.get(index++ % inOrder.size())
                    : possible.isEmpty() ? Outcome.NEVER_ARRIVES : possible.get(random.nextInt(possible.size()));
            if (payout.reference() == null && (outcome == Outcome.ARRIVES || outcome == Outcome.ARRIVES_SHORT)) {
                outcome = outcome == Outcome.ARRIVES ? Outcome.ARRIVES_UNREFERENCED : Outcome.NEVER_ARRIVES;
            }
            LocalDate valueDate = addBusinessDays(payout.paidOn(), 1 + random.nextInt(Math.max(1, windowDays)));
            String payer = payer(payout.provider());
            switch (outcome) {
                case ARRIVES ->
                    entries.add(new Entry(
                            account,
                            payout.currency(),
                            payout.amount(),
                            true,
                            valueDate,
                            "BNK" + reference++,
                            payer,
                            payout.reference()));
                case ARRIVES_UNREFERENCED ->
                    entries.add(new Entry(
                            account,
                            payout.currency(),
                            payout.amount(),
                            true,
                            valueDate,
                            "BNK" + reference++,
                            null,
                            "Settlement " + payout.paidOn()));
                case ARRIVES_SHORT ->
                    entries.add(new Entry(
                            account,
                            payout.currency(),
                            payout.amount() - Math.max(1, payout.amount() * SHORTFALL_PERCENT / 100),
                            true,
                            valueDate,
                            "BNK" + reference++,
                            payer,
                            payout.reference()));
                case NEVER_ARRIVES -> {}
            }
            if (outcome.discrepancy != null) {
                expected.put(payout.payoutId(), outcome.discrepancy);
            }
        }
        String currency = payouts.isEmpty() ? "EUR" : payouts.get(0).currency();
        LocalDate day = covered != null ? covered : LocalDate.of(2026, 11, 20);
        // Around them, what any business account shows: customers paying, rent leaving. A customer's
        // payment has an amount no payout has, so it can never be taken for one.
        long largest = payouts.stream().mapToLong(Payout::amount).max().orElse(0);
        entries.add(new Entry(
                ACCOUNTS.get(currency),
                currency,
                largest + 555,
                true,
                day,
                "BNK" + reference++,
                "Customer GmbH",
                "Invoice 4711"));
        entries.add(new Entry(
                ACCOUNTS.get(currency), currency, 50_000, false, day, "BNK" + reference++, "Office Landlord", "Rent"));
        if (unexpected) {
            // An amount no payout has: odd minor units past any payout's.
            long amount = largest + 777;
            String bankReference = "BNK" + reference++;
            entries.add(new Entry(
                    ACCOUNTS.get(currency),
                    currency,
                    amount,
                    true,
                    day,
                    bankReference,
                    payer(strayProvider),
                    "Transfer " + seed % 1000));
            expected.put(bankReference, "UNEXPECTED_PAYOUT_CREDIT");
        }
        entries.sort(Comparator.comparing(Entry::account).thenComparing(Entry::valueDate));
        // Every payout's account has its statement, moved or not: no credit in it is the bank's word.
        Map<String, String> accounts = new TreeMap<>();
        payouts.forEach(p -> accounts.put(ACCOUNTS.get(p.currency()), p.currency()));
        entries.forEach(e -> accounts.put(e.account(), e.currency()));
        return new BankStatementScenario(accounts, entries, expected, day, "STMT" + Math.floorMod(seed, 1_000_000));
    }

    /** How a provider's payouts name their payer on a bank statement. */
    static String payer(String provider) {
        return switch (provider) {
            case "stripe" -> "STRIPE PAYMENTS EUROPE LTD";
            case "adyen" -> "Adyen N.V.";
            case "razorpay" -> "RAZORPAY SOFTWARE PVT LTD";
            default -> "PAYMENT PROVIDER";
        };
    }

    /**
     * What a correct reconciler reports: by payout id, the payouts that arrive short or never; by bank
     * reference, the credit that pays no payout.
     */
    public Map<String, String> expectedDiscrepancies() {
        return expected;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The last day the statement covers: every payout's window. */
    public LocalDate coveredThrough() {
        return coveredThrough;
    }

    /** The statement in a format payhook reads: {@code camt053}, {@code mt940} or {@code bai2}. */
    public String statement(String format) {
        return switch (format) {
            case "camt053" -> camt053();
            case "mt940" -> mt940();
            case "bai2" -> bai2();
            default -> throw new IllegalArgumentException("no statement format " + format);
        };
    }

    private String camt053() {
        StringBuilder xml = new StringBuilder(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>%sT06:00:00Z</CreDtTm></GrpHdr>
                """
                        .formatted(statementId, coveredThrough.plusDays(1)));
        for (Map.Entry<String, String> account : accounts.entrySet()) {
            String currency = account.getValue();
            xml.append(
                    """
                        <Stmt>
                          <Id>%s-%s</Id>
                          <CreDtTm>%sT06:00:00Z</CreDtTm>
                          <FrToDt><FrDtTm>%sT00:00:00Z</FrDtTm><ToDtTm>%sT23:59:59Z</ToDtTm></FrToDt>
                          <Acct><Id>%s</Id><Ccy>%s</Ccy></Acct>
                    """
                            .formatted(
                                    statementId,
                                    currency,
                                    coveredThrough.plusDays(1),
                                    firstDay(),
                                    coveredThrough,
                                    account.getKey().length() > 20
                                                    || account.getKey().matches("[A-Z]{2}\\d{2}.*")
                                            ? "<IBAN>" + account.getKey() + "</IBAN>"
                                            : "<Othr><Id>" + account.getKey() + "</Id></Othr>",
                                    currency));
            for (Entry e : entriesOf(account.getKey())) {
                xml.append(
                        """
                              <Ntry>
                                <Amt Ccy="%s">%s</Amt>
                                <CdtDbtInd>%s</CdtDbtInd>
                                <Sts>BOOK</Sts>
                                <BookgDt><Dt>%s</Dt></BookgDt>
                                <ValDt><Dt>%s</Dt></ValDt>
                                <AcctSvcrRef>%s</AcctSvcrRef>
                                <NtryDtls><TxDtls>
                                  %s
                                  <RmtInf><Ustrd>%s</Ustrd></RmtInf>
                                </TxDtls></NtryDtls>
                              </Ntry>
                        """
                                .formatted(
                                        e.currency(),
                                        Decimals.major(e.amount(), e.currency()).toPlainString(),
                                        e.credit() ? "CRDT" : "DBIT",
                                        e.valueDate(),
                                        e.valueDate(),
                                        e.bankReference(),
                                        e.counterparty() == null
                                                ? ""
                                                : (e.credit()
                                                                ? "<RltdPties><Dbtr><Nm>%s</Nm></Dbtr></RltdPties>"
                                                                : "<RltdPties><Cdtr><Nm>%s</Nm></Cdtr></RltdPties>")
                                                        .formatted(xmlText(e.counterparty())),
                                        xmlText(e.remittance())));
            }
            xml.append("    </Stmt>\n");
        }
        return xml.append("  </BkToCstmrStmt>\n</Document>\n").toString();
    }

    private String mt940() {
        DateTimeFormatter yymmdd = DateTimeFormatter.ofPattern("yyMMdd");
        DateTimeFormatter mmdd = DateTimeFormatter.ofPattern("MMdd");
        StringBuilder text = new StringBuilder();
        int number = 1;
        for (Map.Entry<String, String> account : accounts.entrySet()) {
            String currency = account.getValue();
            long balance = 1_000_000;
            text.append("{1:F01PAYHDEFFAXXX0000000000}{2:O9400600")
                    .append(coveredThrough.plusDays(1).format(yymmdd))
                    .append("PAYHDEFFAXXX00000000002611200600N}{4:\n");
            text.append(":20:").append(statementId).append('\n');
            text.append(":25:").append(account.getKey()).append('\n');
            text.append(":28C:").append(number++).append("/1\n");
            text.append(":60F:C")
                    .append(firstDay().format(yymmdd))
                    .append(currency)
                    .append(mt(balance, currency))
                    .append('\n');
            for (Entry e : entriesOf(account.getKey())) {
                text.append(":61:")
                        .append(e.valueDate().format(yymmdd))
                        .append(e.valueDate().format(mmdd))
                        .append(e.credit() ? "C" : "D")
                        .append(mt(e.amount(), currency))
                        .append("NTRFNONREF//")
                        .append(e.bankReference())
                        .append('\n');
                String info = ((e.remittance() == null ? "" : e.remittance()) + " "
                                + (e.counterparty() == null ? "" : e.counterparty()))
                        .trim();
                text.append(":86:").append(info.isEmpty() ? "NONREF" : info).append('\n');
                balance += e.credit() ? e.amount() : -e.amount();
            }
            text.append(":62F:")
                    .append(balance >= 0 ? "C" : "D")
                    .append(coveredThrough.format(yymmdd))
                    .append(currency)
                    .append(mt(Math.abs(balance), currency))
                    .append("\n-}\n");
        }
        return text.toString();
    }

    private String bai2() {
        DateTimeFormatter yymmdd = DateTimeFormatter.ofPattern("yyMMdd");
        List<String> records = new ArrayList<>();
        records.add(
                "01,121000248,PAYHOOK," + coveredThrough.plusDays(1).format(yymmdd) + ",0600," + statementId + ",,,2/");
        records.add("02,PAYHOOK,121000248,1," + coveredThrough.format(yymmdd) + ",2359,,2/");
        long groupTotal = 0;
        int groupRecords = 2;
        for (Map.Entry<String, String> account : accounts.entrySet()) {
            List<String> accountRecords = new ArrayList<>();
            long total = 0;
            accountRecords.add("03," + account.getKey() + "," + account.getValue() + ",010,1000000,,/");
            total += 1_000_000;
            for (Entry e : entriesOf(account.getKey())) {
                String text = ((e.remittance() == null ? "" : e.remittance()) + " "
                                + (e.counterparty() == null ? "" : e.counterparty()))
                        .trim();
                accountRecords.add("16," + (e.credit() ? "195" : "495") + "," + e.amount() + ",V,"
                        + e.valueDate().format(yymmdd) + ",," + e.bankReference() + ",," + text);
                total += e.amount();
            }
            accountRecords.add("49," + total + "," + (accountRecords.size() + 1) + "/");
            records.addAll(accountRecords);
            groupTotal += total;
            groupRecords += accountRecords.size();
        }
        records.add("98," + groupTotal + "," + accounts.size() + "," + groupRecords + "/");
        records.add("99," + groupTotal + ",1," + (records.size() + 1) + "/");
        return String.join("\n", records) + "\n";
    }

    private List<Entry> entriesOf(String account) {
        return entries.stream().filter(e -> e.account().equals(account)).toList();
    }

    private LocalDate firstDay() {
        return entries.stream().map(Entry::valueDate).min(LocalDate::compareTo).orElse(coveredThrough);
    }

    /** SWIFT amounts: a comma for the decimal mark, always present. */
    private static String mt(long minor, String currency) {
        String plain = Decimals.major(minor, currency).toPlainString().replace('.', ',');
        return plain.contains(",") ? plain : plain + ",";
    }

    private static String xmlText(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static LocalDate addBusinessDays(LocalDate day, int days) {
        LocalDate date = day;
        for (int added = 0; added < days; ) {
            date = date.plusDays(1);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return date;
    }

    @Override
    public String toString() {
        return "bank statement " + statementId + " " + expected.toString().toLowerCase(Locale.ROOT);
    }
}
