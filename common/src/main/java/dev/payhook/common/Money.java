package dev.payhook.common;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Money is integer minor units with the currency's ISO 4217 exponent (JPY 0, USD 2, KWD 3).
 * Conversions are exact: a major-unit amount with more decimals than the currency has is an
 * error, never rounded, because rounding money silently is how ledgers drift.
 */
public final class Money {

    private Money() {
    }

    /** The ISO 4217 exponent of an upper- or lower-case currency code. */
    public static int exponent(String currencyCode) {
        int digits = currency(currencyCode).getDefaultFractionDigits();
        if (digits < 0) {
            // Funds codes and precious metals (XAU, XDR…) have no minor unit: not payment currencies.
            throw new IllegalArgumentException("currency has no minor unit: " + currencyCode);
        }
        return digits;
    }

    /** The canonical, upper-case form of a currency code; rejects codes ISO 4217 does not know. */
    public static String normalizeCurrency(String currencyCode) {
        return currency(currencyCode).getCurrencyCode();
    }

    /** {@code 100.5} USD → {@code 10050}; {@code 1.2345} KWD is rejected (three decimals at most). */
    public static long toMinorUnits(BigDecimal majorUnits, String currencyCode) {
        try {
            return majorUnits.movePointRight(exponent(currencyCode)).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "amount " + majorUnits.toPlainString() + " is not a whole number of "
                            + normalizeCurrency(currencyCode) + " minor units", e);
        }
    }

    /** {@code "100.50"} USD → {@code 10050}. */
    public static long toMinorUnits(String majorUnits, String currencyCode) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(majorUnits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal amount: " + majorUnits, e);
        }
        return toMinorUnits(amount, currencyCode);
    }

    /** {@code 10050} USD → {@code 100.50}. */
    public static BigDecimal toMajorUnits(long minorUnits, String currencyCode) {
        return BigDecimal.valueOf(minorUnits, exponent(currencyCode));
    }

    private static Currency currency(String currencyCode) {
        if (currencyCode == null || currencyCode.length() != 3) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + currencyCode);
        }
        try {
            return Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + currencyCode, e);
        }
    }
}
