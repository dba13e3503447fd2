package dev.payhook.common;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Money is integer minor units with the currency's ISO 4217 exponent (JPY 0, USD 2, KWD 3).
 * Conversions are exact: a major-unit amount with more decimals than the currency has is an
 * error, never rounded, because rounding money silently is how ledgers drift.
 *
 * <p>Every check runs on the number's shape (length, digits, scale) before any arithmetic, so a
 * hostile value ({@code 1e999999999}, a megabyte of digits) costs microseconds, and no error
 * message repeats more than a short prefix of what it was given.
 */
public final class Money {

    /** A long has 19 digits; a sign, a point and three decimals fit too. Anything longer is not money. */
    static final int MAX_AMOUNT_TEXT = 32;

    /** Plain decimals only: an exponent is never how a report or a provider writes an amount. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private Money() {}

    /** The ISO 4217 exponent of an upper- or lower-case currency code that has a minor unit. */
    public static int exponent(String currencyCode) {
        return currency(currencyCode).getDefaultFractionDigits();
    }

    /**
     * The canonical, upper-case form of a currency code; rejects codes ISO 4217 does not know and
     * those with no minor unit (funds codes, precious metals: {@code XXX}, {@code XAU}, {@code XDR}),
     * which no payment is made in and which have no exponent to count minor units with.
     */
    public static String normalizeCurrency(String currencyCode) {
        return currency(currencyCode).getCurrencyCode();
    }

    /** {@code 100.5} USD → {@code 10050}; {@code 1.2345} KWD is rejected (three decimals at most). */
    public static long toMinorUnits(BigDecimal majorUnits, String currencyCode) {
        int exponent = exponent(currencyCode);
        String code = normalizeCurrency(currencyCode);
        BigDecimal exact = majorUnits.stripTrailingZeros();
        // precision - scale = the digits before the point; long arithmetic, the scale may be any int.
        if ((long) exact.precision() - exact.scale() + exponent > 19) {
            throw new IllegalArgumentException("amount " + abbreviate(exact) + " is too large to be " + code);
        }
        if (exact.scale() > exponent) {
            throw new IllegalArgumentException("amount " + abbreviate(exact) + " is not a whole number of " + code
                    + " minor units (" + code + " has " + exponent + " decimals)");
        }
        try {
            return exact.movePointRight(exponent).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + abbreviate(exact) + " is too large to be " + code, e);
        }
    }

    /** {@code "100.50"} USD → {@code 10050}. */
    public static long toMinorUnits(String majorUnits, String currencyCode) {
        String text = majorUnits.strip();
        if (text.length() > MAX_AMOUNT_TEXT || !PLAIN_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a decimal amount: " + abbreviate(text));
        }
        return toMinorUnits(new BigDecimal(text), currencyCode);
    }

    /** {@code 10050} USD → {@code 100.50}. */
    public static BigDecimal toMajorUnits(long minorUnits, String currencyCode) {
        return BigDecimal.valueOf(minorUnits, exponent(currencyCode));
    }

    /** At most the first 24 characters of what was given: reasons are read by people, and echoed to senders. */
    public static String abbreviate(Object value) {
        // BigDecimal.toString() switches to scientific notation for large exponents: never toPlainString here.
        String text = String.valueOf(value);
        return text.length() <= 24
                ? "'" + text + "'"
                : "'" + text.substring(0, 24) + "…' (" + text.length() + " chars)";
    }

    private static Currency currency(String currencyCode) {
        if (currencyCode == null || currencyCode.length() != 3) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + abbreviate(currencyCode));
        }
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + abbreviate(currencyCode), e);
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency has no minor unit: " + currency.getCurrencyCode());
        }
        return currency;
    }
}
