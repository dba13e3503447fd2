package dev.payhook.provider.bank;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The statement formats payhook reads, by the name they have in {@code POST /bank-statements/{format}}. */
public enum BankStatementFormat {
    CAMT053("camt053"),
    MT940("mt940"),
    BAI2("bai2");

    private final String wireName;

    BankStatementFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<BankStatementFormat> named(String name) {
        return Arrays.stream(values())
                .filter(f -> f.wireName.equals(String.valueOf(name).toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /**
     * Reads a whole statement file. The caller bounds its size; parsing is linear in it.
     *
     * @throws MalformedStatementException the file is not UTF-8 text of this format, or does not add up
     */
    public ParsedStatement parse(byte[] file) throws MalformedStatementException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedStatementException("the file is not UTF-8 (or ASCII) text");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        try {
            return switch (this) {
                case CAMT053 -> Camt053Statement.parse(text);
                case MT940 -> Mt940Statement.parse(text);
                case BAI2 -> Bai2Statement.parse(text);
            };
        } catch (ArithmeticException e) {
            throw new MalformedStatementException("the file's amounts overflow: " + e.getMessage(), e);
        }
    }
}
