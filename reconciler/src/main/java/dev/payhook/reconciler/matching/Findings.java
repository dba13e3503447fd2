package dev.payhook.reconciler.matching;

import dev.payhook.common.BankLine;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.Money;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Every break {@link Reconciliation} can find, one named factory each, and the only place their
 * human-readable {@code expected} and {@code actual} are written: matching decides which break it is
 * and passes the facts; the words are chosen here.
 */
final class Findings {

    private Findings() {}

    /** A line for a payment no webhook told payhook of. */
    static Finding unknownPayment(SettlementLine line) {
        return lineBreak(DiscrepancyType.UNKNOWN_SETTLEMENT, line, "a payment payhook has a webhook for");
    }

    /** A line settled in another currency than the payment's. */
    static Finding otherCurrency(SettlementLine line, String paymentCurrency) {
        return lineBreak(DiscrepancyType.CURRENCY_MISMATCH, line, "a payment in " + paymentCurrency);
    }

    /** Money moved for a payment held as failed, canceled or never captured. */
    static Finding notCaptured(SettlementLine line, Object status) {
        return lineBreak(DiscrepancyType.STATUS_MISMATCH, line, "no settlement: the payment is " + status);
    }

    /** A chargeback line for a payment without a dispute. */
    static Finding chargebackWithoutDispute(SettlementLine line) {
        return lineBreak(DiscrepancyType.CHARGEBACK_MISMATCH, line, "no chargeback: the payment has no dispute");
    }

    /** A chargeback reversal for a payment with no dispute won or reversed. */
    static Finding reversalWithoutWin(SettlementLine line) {
        return lineBreak(
                DiscrepancyType.CHARGEBACK_MISMATCH,
                line,
                "no reversal: no dispute of the payment was won or reversed");
    }

    /** A refund that came back, which no reversed refund of the payment explains. */
    static Finding unexplainedRefundReversal(SettlementLine line, Collection<String> reversedRefunds) {
        return lineBreak(
                DiscrepancyType.REFUND_MISMATCH,
                line,
                "a refund that came back (reversed: "
                        + (reversedRefunds.isEmpty() ? "none" : String.join(", ", reversedRefunds)) + ")");
    }

    /** A capture line's fee that the source's and method's schedule does not allow. */
    static Finding feeOffSchedule(SettlementLine line, FeeSchedule.Rule rule, String source) {
        return new Finding(
                DiscrepancyType.FEE_MISMATCH,
                line.reference(),
                "a fee of " + money(rule.expected(line.amount()), line.currency()) + " ("
                        + describe(rule, line.currency()) + ") for " + source + " "
                        + (line.paymentMethod() == null ? "payments" : line.paymentMethod()) + " on "
                        + money(line.amount(), line.currency()),
                "a fee of " + money(line.fee(), line.currency()) + " on " + describe(line),
                line,
                Math.abs(line.fee() - rule.expected(line.amount())),
                line.currency());
    }

    /** The state says captured; the provider said these captures failed after they were made. */
    static Finding capturesFailed(Collection<String> failed, long capturedAmount, String currency) {
        return new Finding(
                DiscrepancyType.STATUS_MISMATCH,
                Reconciliation.CAPTURE_FAILED,
                "captures that went through",
                "the provider reported capture " + String.join(", ", failed) + " failed after it was made",
                null,
                capturedAmount,
                currency);
    }

    /**
     * A capture with no line once a batch's cut-off passed it plus the settlement delay.
     *
     * @param key  {@code capture}, or {@code capture:<id>}
     * @param what {@code capture}, or {@code capture <id>}
     */
    static Finding missingSettlement(
            String key, String what, long amount, String currency, Instant since, Duration settlementDelay) {
        return new Finding(
                DiscrepancyType.MISSING_SETTLEMENT,
                key,
                what + " of " + money(amount, currency) + " at " + since + " settled within " + settlementDelay.toDays()
                        + " days",
                "no settlement line in any batch",
                null,
                amount,
                currency);
    }

    /** A lost dispute with no chargeback line once due. */
    static Finding lostDisputeUnsettled(List<String> lost, String currency) {
        return new Finding(
                DiscrepancyType.CHARGEBACK_MISMATCH,
                Reconciliation.LOST_DISPUTE_UNSETTLED,
                "a chargeback for lost dispute " + String.join(", ", lost),
                "no chargeback line in any batch",
                null,
                null,
                currency);
    }

    /** A capture line that settles none of the payment's captures. */
    static Finding captureOfNoKnownAmount(SettlementLine line, Map<String, Long> captures, String paymentCurrency) {
        return new Finding(
                DiscrepancyType.AMOUNT_MISMATCH,
                line.reference(),
                "a capture of " + money(line.amount(), line.currency()) + " (captures known: "
                        + amounts(captures, paymentCurrency) + ")",
                describe(line),
                line,
                line.amount(),
                line.currency());
    }

    /**
     * A capture's lines that never add up to it.
     *
     * @param captureId null for a payment whose provider names no captures
     */
    static Finding captureAmount(String captureId, long captured, String paymentCurrency, List<SettlementLine> lines) {
        SettlementLine first = lines.get(0);
        long settled = lines.stream().mapToLong(SettlementLine::amount).sum();
        String capture = captureId == null ? "captured " : "capture " + captureId + " of ";
        return new Finding(
                DiscrepancyType.AMOUNT_MISMATCH,
                first.reference(),
                capture + money(captured, paymentCurrency),
                lines.size() == 1 ? describe(first) : describeAll(lines),
                first,
                Math.abs(settled - captured),
                first.currency());
    }

    /**
     * A capture settled, then settled again by more lines.
     *
     * @param settlement the lines that settled it
     * @param lines      all of its lines, {@code settlement} first
     */
    static Finding settledAgain(String captureId, List<SettlementLine> settlement, List<SettlementLine> lines) {
        List<SettlementLine> again = lines.subList(settlement.size(), lines.size());
        return new Finding(
                DiscrepancyType.DUPLICATE_SETTLEMENT,
                captureId == null
                        ? Reconciliation.CAPTURE_SETTLED_AGAIN
                        : Reconciliation.CAPTURE_SETTLED_AGAIN + ":" + captureId,
                (captureId == null ? "one capture settlement (" : "one settlement of capture " + captureId + " (")
                        + references(settlement) + ")",
                lines.size() + " capture settlements: " + references(lines),
                again.get(0),
                again.stream().mapToLong(SettlementLine::amount).sum(),
                lines.get(0).currency());
    }

    /** A refund line that names a refund of the payment, at another amount. */
    static Finding refundAmount(SettlementLine line, long known, String paymentCurrency) {
        return new Finding(
                DiscrepancyType.REFUND_MISMATCH,
                line.reference(),
                "refund " + line.modificationId() + " of " + money(known, paymentCurrency),
                describe(line),
                line,
                Math.abs(line.amount() - known),
                line.currency());
    }

    /** A refund line that matches no refund of the payment, by id or amount. */
    static Finding unknownRefund(SettlementLine line, Map<String, Long> refunds, String paymentCurrency) {
        return new Finding(
                DiscrepancyType.REFUND_MISMATCH,
                line.reference(),
                "no refund of " + money(line.amount(), line.currency()) + " (refunds known: "
                        + (refunds.isEmpty() ? "none" : amounts(refunds, paymentCurrency)) + ")",
                describe(line),
                line,
                line.amount(),
                line.currency());
    }

    /** A report's payout that its own rows do not add up to, in one currency. */
    static Finding payoutShort(SettlementBatch batch, String key, SettlementBatch.Payout payout) {
        String currency = payout.currency() != null ? payout.currency() : key;
        String which = payout.currency() != null ? "payout " + key + " of " : "a payout of ";
        return new Finding(
                DiscrepancyType.PAYOUT_MISMATCH,
                batch.batchId() + ":" + key,
                which + money(payout.paymentLines() + payout.otherRows(), currency)
                        + ": payment lines net " + money(payout.paymentLines(), currency)
                        + ", other batch rows " + money(payout.otherRows(), currency),
                "the " + batch.format() + " report pays out " + money(payout.paid(), currency),
                null,
                Math.abs(payout.difference()),
                currency,
                batch.batchId());
    }

    /**
     * A payout with no credit on its account once its window has passed. Keyed by the payout (so the
     * same payout in two reports is one discrepancy); the money at stake is the payout.
     */
    static Finding payoutNotReceived(String account, ExpectedPayout payout, LocalDate dueBy) {
        return new Finding(
                DiscrepancyType.PAYOUT_NOT_RECEIVED,
                payout.key(),
                "payout " + payout.payoutId() + " of " + money(payout.amount(), payout.currency()) + " ("
                        + payout.provider() + ", paid out " + payout.paidOn() + ") on account " + account
                        + " by " + dueBy,
                "no credit of " + money(payout.amount(), payout.currency()) + " on " + account
                        + " carries its reference or matches it by " + dueBy,
                null,
                payout.amount(),
                payout.currency(),
                payout.batchId(),
                payout.payoutId());
    }

    /**
     * The credits that carry a payout's reference (or several netted payouts') add up to another amount.
     * The money at stake is the difference.
     */
    static Finding bankAmountMismatch(
            String account, ExpectedPayout payout, int payouts, long expectedSum, List<BankLine> credits) {
        String expected = payouts == 1
                ? "payout " + payout.payoutId() + " of " + money(payout.amount(), payout.currency())
                : payouts + " netted payouts, " + payout.payoutId() + " among them, of "
                        + money(expectedSum, payout.currency());
        long credited = credits.stream().mapToLong(BankLine::amount).sum();
        BankLine first = credits.get(0);
        String which = credits.size() == 1
                ? "the credit " + first.bankReference() + " of " + money(credited, first.currency()) + " (value "
                        + first.valueDate() + ")"
                : credits.size() + " credits adding up to " + money(credited, first.currency()) + " ("
                        + String.join(
                                ", ",
                                credits.stream().map(BankLine::bankReference).toList()) + ")";
        return new Finding(
                DiscrepancyType.BANK_AMOUNT_MISMATCH,
                payout.key(),
                expected + " (" + payout.provider() + ", paid out " + payout.paidOn() + ")",
                which + " on " + account + " carry its reference",
                null,
                Math.abs(expectedSum - credited),
                first.currency(),
                payout.batchId(),
                payout.payoutId());
    }

    /** A credit that names a provider and pays no payout payhook knows. */
    static Finding unexpectedPayoutCredit(String account, String provider, BankLine credit) {
        return new Finding(
                DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT,
                credit.lineId(),
                "no " + provider + " payout of " + money(credit.amount(), credit.currency()) + " to " + account
                        + " in any settlement report",
                "a credit of " + money(credit.amount(), credit.currency()) + " on " + account + " (value "
                        + credit.valueDate() + ", " + credit.bankReference() + ") names " + provider + ": "
                        + Money.abbreviate(credit.searchableText()),
                null,
                credit.amount(),
                credit.currency(),
                null,
                credit.bankReference() != null ? credit.bankReference() : credit.lineId());
    }

    /** A break one settlement line shows: keyed by its reference, the money at stake its amount. */
    private static Finding lineBreak(DiscrepancyType type, SettlementLine line, String expected) {
        return new Finding(type, line.reference(), expected, describe(line), line, line.amount(), line.currency());
    }

    /** A fee rule as a contract states it: {@code 1.4% + 0.25 EUR, ± 0.01 EUR}, without the parts that are zero. */
    private static String describe(FeeSchedule.Rule rule, String currency) {
        return rule.percent().stripTrailingZeros().toPlainString() + "%"
                + (rule.fixed() == 0 ? "" : " + " + money(rule.fixed(), currency))
                + (rule.tolerance() == 0 ? "" : ", ± " + money(rule.tolerance(), currency));
    }

    private static String amounts(Map<String, Long> byId, String currency) {
        return String.join(
                ", ",
                byId.entrySet().stream()
                        .map(e -> e.getKey() + " " + money(e.getValue(), currency))
                        .toList());
    }

    private static String references(List<SettlementLine> lines) {
        return String.join(", ", lines.stream().map(SettlementLine::reference).toList());
    }

    private static String describeAll(List<SettlementLine> lines) {
        return lines.size() + " capture settlements adding up to "
                + money(
                        lines.stream().mapToLong(SettlementLine::amount).sum(),
                        lines.get(0).currency()) + ": "
                + references(lines);
    }

    private static String describe(SettlementLine line) {
        String what =
                switch (line.kind()) {
                    case CAPTURE -> "capture";
                    case REFUND -> "refund";
                    case CHARGEBACK -> "chargeback";
                    case CHARGEBACK_REVERSAL -> "chargeback reversal";
                    case REFUND_REVERSAL -> "refund reversal";
                };
        return what + " of " + money(line.amount(), line.currency()) + " settled (" + line.reference() + ")";
    }

    static String money(long minorUnits, String currency) {
        return currency == null
                ? minorUnits + " minor units"
                : Money.toMajorUnits(minorUnits, currency).toPlainString() + " " + currency;
    }
}
