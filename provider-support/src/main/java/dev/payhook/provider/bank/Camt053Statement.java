package dev.payhook.provider.bank;

import com.prowidesoftware.swift.model.mx.AbstractMX;
import com.prowidesoftware.swift.model.mx.MxCamt05300102;
import com.prowidesoftware.swift.model.mx.MxCamt05300108;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.AccountStatement2;
import com.prowidesoftware.swift.model.mx.dic.AccountStatement9;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.CreditDebitCode;
import com.prowidesoftware.swift.model.mx.dic.EntryDetails1;
import com.prowidesoftware.swift.model.mx.dic.EntryDetails9;
import com.prowidesoftware.swift.model.mx.dic.EntryTransaction10;
import com.prowidesoftware.swift.model.mx.dic.EntryTransaction2;
import com.prowidesoftware.swift.model.mx.dic.Party40Choice;
import com.prowidesoftware.swift.model.mx.dic.PartyIdentification32;
import com.prowidesoftware.swift.model.mx.dic.ReportEntry10;
import com.prowidesoftware.swift.model.mx.dic.ReportEntry2;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 20022 {@code BankToCustomerStatement} (camt.053), versions .001.02 (the one most banks send) and
 * .001.08 (CBPR+ and SEPA from November 2025), read with Prowide ISO 20022. Every {@code Stmt} of the
 * file is read; only booked entries ({@code Sts} {@code BOOK}) are lines, pending and informational ones
 * are rejected with their status. An entry's remittance and counterparty come from its transaction
 * details ({@code NtryDtls/TxDtls}), all of them for a batch booking, else from {@code AddtlNtryInf}.
 */
final class Camt053Statement {

    private static final Pattern NAMESPACE =
            Pattern.compile("urn:iso:std:iso:20022:tech:xsd:camt\\.053\\.001\\.(\\d\\d)");

    private Camt053Statement() {}

    static ParsedStatement parse(String xml) throws MalformedStatementException {
        Matcher version = NAMESPACE.matcher(xml);
        if (!version.find()) {
            throw new MalformedStatementException(
                    "not a camt.053 document: no urn:iso:std:iso:20022:tech:xsd:camt.053.001.* namespace");
        }
        AbstractMX message;
        try {
            message = switch (version.group(1)) {
                case "02" -> MxCamt05300102.parse(xml);
                case "08" -> MxCamt05300108.parse(xml);
                default ->
                    throw new MalformedStatementException("camt.053.001." + version.group(1)
                            + " is not read here; send camt.053.001.02 or camt.053.001.08");
            };
        } catch (RuntimeException e) {
            throw new MalformedStatementException("the camt.053 document cannot be read: " + e.getMessage(), e);
        }
        StatementLines lines = new StatementLines();
        List<String> ids = new ArrayList<>();
        if (message instanceof MxCamt05300102 v02 && v02.getBkToCstmrStmt() != null) {
            for (AccountStatement2 statement : v02.getBkToCstmrStmt().getStmt()) {
                String account = account(
                        statement.getAcct() == null ? null : statement.getAcct().getId());
                String id = statementId(statement.getId(), account, ids.size());
                ids.add(id);
                lines.covers(
                        account,
                        latest(
                                statement.getFrToDt() == null
                                        ? null
                                        : date(null, statement.getFrToDt().getToDtTm()),
                                statement.getBal().stream()
                                        .map(b -> b.getDt() == null
                                                ? null
                                                : date(
                                                        b.getDt().getDt(),
                                                        b.getDt().getDtTm()))
                                        .toList()));
                int position = 0;
                for (ReportEntry2 entry : statement.getNtry()) {
                    position++;
                    addV02(lines, id, account, position, entry);
                }
            }
        } else if (message instanceof MxCamt05300108 v08 && v08.getBkToCstmrStmt() != null) {
            for (AccountStatement9 statement : v08.getBkToCstmrStmt().getStmt()) {
                String account = account(
                        statement.getAcct() == null ? null : statement.getAcct().getId());
                String id = statementId(statement.getId(), account, ids.size());
                ids.add(id);
                lines.covers(
                        account,
                        latest(
                                statement.getFrToDt() == null
                                        ? null
                                        : date(null, statement.getFrToDt().getToDtTm()),
                                statement.getBal().stream()
                                        .map(b -> b.getDt() == null
                                                ? null
                                                : date(
                                                        b.getDt().getDt(),
                                                        b.getDt().getDtTm()))
                                        .toList()));
                int position = 0;
                for (ReportEntry10 entry : statement.getNtry()) {
                    position++;
                    addV08(lines, id, account, position, entry);
                }
            }
        }
        return lines.result(ids);
    }

    private static void addV02(StatementLines lines, String statementId, String account, int position, ReportEntry2 e)
            throws MalformedStatementException {
        String status = e.getSts() == null ? null : e.getSts().value();
        List<EntryTransaction2> details = new ArrayList<>();
        for (EntryDetails1 d : e.getNtryDtls()) {
            details.addAll(d.getTxDtls());
        }
        add(
                lines,
                position,
                status,
                () -> new StatementLines.Entry(
                        statementId,
                        account,
                        date(
                                e.getBookgDt() == null ? null : e.getBookgDt().getDt(),
                                e.getBookgDt() == null ? null : e.getBookgDt().getDtTm()),
                        date(
                                e.getValDt() == null ? null : e.getValDt().getDt(),
                                e.getValDt() == null ? null : e.getValDt().getDtTm()),
                        amount(e.getAmt()),
                        e.getAmt().getCcy(),
                        credit(e.getCdtDbtInd()),
                        e.getAcctSvcrRef(),
                        first(
                                details,
                                t -> t.getRefs() == null ? null : t.getRefs().getEndToEndId()),
                        texts(
                                details,
                                t -> t.getRmtInf() == null
                                        ? null
                                        : String.join(" ", t.getRmtInf().getUstrd()),
                                e.getAddtlNtryInf()),
                        texts(
                                details,
                                t -> t.getRltdPties() == null
                                        ? null
                                        : name(counterparty32(t, credit(e.getCdtDbtInd()))),
                                null)));
    }

    private static void addV08(StatementLines lines, String statementId, String account, int position, ReportEntry10 e)
            throws MalformedStatementException {
        String status = e.getSts() == null ? null : e.getSts().getCd();
        List<EntryTransaction10> details = new ArrayList<>();
        for (EntryDetails9 d : e.getNtryDtls()) {
            details.addAll(d.getTxDtls());
        }
        add(
                lines,
                position,
                status,
                () -> new StatementLines.Entry(
                        statementId,
                        account,
                        date(
                                e.getBookgDt() == null ? null : e.getBookgDt().getDt(),
                                e.getBookgDt() == null ? null : e.getBookgDt().getDtTm()),
                        date(
                                e.getValDt() == null ? null : e.getValDt().getDt(),
                                e.getValDt() == null ? null : e.getValDt().getDtTm()),
                        amount(e.getAmt()),
                        e.getAmt().getCcy(),
                        credit(e.getCdtDbtInd()),
                        e.getAcctSvcrRef(),
                        first(
                                details,
                                t -> t.getRefs() == null ? null : t.getRefs().getEndToEndId()),
                        texts(
                                details,
                                t -> t.getRmtInf() == null
                                        ? null
                                        : String.join(" ", t.getRmtInf().getUstrd()),
                                e.getAddtlNtryInf()),
                        texts(
                                details,
                                t -> t.getRltdPties() == null
                                        ? null
                                        : name(counterparty135(t, credit(e.getCdtDbtInd()))),
                                null)));
    }

    private interface EntryReader {
        StatementLines.Entry read();
    }

    private static void add(StatementLines lines, int position, String status, EntryReader reader)
            throws MalformedStatementException {
        if (!"BOOK".equals(status)) {
            lines.reject(position, "Sts", "entry status " + status + ", not BOOK: only booked entries are reconciled");
            return;
        }
        StatementLines.Entry entry;
        try {
            entry = reader.read();
            if (entry.account() == null) {
                throw new IllegalArgumentException("the statement names no account (Acct/Id)");
            }
            if (entry.bookingDate() == null) {
                throw new IllegalArgumentException("the entry has no booking date (BookgDt)");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            lines.reject(position, "Ntry", String.valueOf(e.getMessage()));
            return;
        }
        lines.add(position, entry);
    }

    private static long amount(ActiveOrHistoricCurrencyAndAmount amount) {
        if (amount == null || amount.getCcy() == null) {
            throw new IllegalArgumentException("the entry has no amount with a currency (Amt/@Ccy)");
        }
        return StatementLines.minorUnits(amount.getValue(), amount.getCcy());
    }

    private static boolean credit(CreditDebitCode code) {
        if (code == null) {
            throw new IllegalArgumentException("the entry has no CdtDbtInd");
        }
        return code == CreditDebitCode.CRDT;
    }

    private static LocalDate date(LocalDate date, OffsetDateTime dateTime) {
        return date != null ? date : dateTime == null ? null : dateTime.toLocalDate();
    }

    /**
     * The last day a statement covers: the end of its period ({@code FrToDt/ToDtTm}) where it states one,
     * else its latest balance's date (the closing balance).
     */
    private static LocalDate latest(LocalDate periodEnd, List<LocalDate> balanceDates) {
        if (periodEnd != null) {
            return periodEnd;
        }
        return balanceDates.stream()
                .filter(Objects::nonNull)
                .max(LocalDate::compareTo)
                .orElse(null);
    }

    private static String account(AccountIdentification4Choice id) {
        if (id == null) {
            return null;
        }
        return id.getIBAN() != null
                ? id.getIBAN().replace(" ", "")
                : id.getOthr() == null ? null : id.getOthr().getId();
    }

    private static String statementId(String id, String account, int index) {
        return (account == null ? "" : account + "/") + (id != null ? id : "statement-" + (index + 1));
    }

    /** For a credit the other party is the debtor (who paid), for a debit the creditor. */
    private static PartyIdentification32 counterparty32(EntryTransaction2 t, boolean credit) {
        return credit ? t.getRltdPties().getDbtr() : t.getRltdPties().getCdtr();
    }

    private static String counterparty135(EntryTransaction10 t, boolean credit) {
        Party40Choice party =
                credit ? t.getRltdPties().getDbtr() : t.getRltdPties().getCdtr();
        return party == null || party.getPty() == null ? null : party.getPty().getNm();
    }

    private static String name(PartyIdentification32 party) {
        return party == null ? null : party.getNm();
    }

    private static String name(String name) {
        return name;
    }

    private static <T> String first(List<T> details, Function<T, String> field) {
        return details.stream().map(field).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static <T> String texts(List<T> details, Function<T, String> field, String fallback) {
        StringJoiner joined = new StringJoiner(" ");
        details.stream().map(field).filter(Objects::nonNull).distinct().forEach(joined::add);
        return joined.length() > 0 ? joined.toString() : fallback;
    }
}
