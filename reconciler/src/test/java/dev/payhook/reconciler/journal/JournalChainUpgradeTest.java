package dev.payhook.reconciler.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JournalEntry;
import dev.payhook.common.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A journal and period statements chained before they carried a merchant account still verify: the account
 * is left out of the canonical form when there is none, so an upgrade never reads as tampering. The entry and
 * the statement were written and hashed by the build before accounts (16de292^), not by this one.
 */
class JournalChainUpgradeTest {

    @Test
    void anEntryChainedBeforeAccountsStillVerifies() throws IOException {
        JournalEntry before;
        try (InputStream json = getClass().getResourceAsStream("/shapes/journal-entry-before-accounts.json")) {
            before = JsonSerde.MAPPER.readValue(json, JournalEntry.class);
        }

        assertThat(before.account()).isNull();
        assertThat(JournalChain.verify(List.of(before)).firstBreak()).isNull();
    }

    @Test
    void anEntryOfAnAccountHashesItsAccount() throws IOException {
        JournalEntry before;
        try (InputStream json = getClass().getResourceAsStream("/shapes/journal-entry-before-accounts.json")) {
            before = JsonSerde.MAPPER.readValue(json, JournalEntry.class);
        }
        tools.jackson.databind.node.ObjectNode tree = JsonSerde.MAPPER.valueToTree(before);
        JournalEntry moved = JsonSerde.MAPPER.treeToValue(tree.put("account", "acct-beta"), JournalEntry.class);

        assertThat(moved.account()).isEqualTo("acct-beta");
        assertThat(JournalChain.verify(List.of(moved)).firstBreak())
                .as("an account added to a chained entry breaks it")
                .isNotNull();
    }

    @Test
    void aStatementChainedBeforeAccountsStillVerifies() throws IOException {
        dev.payhook.common.PeriodStatement before;
        try (InputStream json = getClass().getResourceAsStream("/shapes/period-statement-before-accounts.json")) {
            before = JsonSerde.MAPPER.readValue(json, dev.payhook.common.PeriodStatement.class);
        }

        assertThat(before.account()).isNull();
        assertThat(before.key()).isEqualTo("2026-11|stripe|EUR");
        assertThat(JournalChain.verifyStatements(List.of(before))).isNull();
    }
}
