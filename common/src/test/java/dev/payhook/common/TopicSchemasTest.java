package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.jsonSchema.JsonSchema;
import tools.jackson.module.jsonSchema.JsonSchemaGenerator;
import tools.jackson.module.jsonSchema.types.StringSchema;

/**
 * Each topic's record type, as a JSON Schema in {@code docs/schemas/}, generated from the record
 * types with the same Jackson configuration the serde writes them with: downstream teams integrate
 * against these, not against the source. A schema that no longer matches the code fails here;
 * {@code mvn test -pl common -Dpayhook.schemas.write=true} writes them anew after a deliberate change.
 */
class TopicSchemasTest {

    private static final Path SCHEMAS =
            Path.of("").toAbsolutePath().resolve("../docs/schemas").normalize();

    /** What each topic carries (payhook.settlements carries both lines and batch markers). */
    static final Map<String, Class<?>> RECORDS = new LinkedHashMap<>();

    static {
        RECORDS.put(Topics.WEBHOOKS, PaymentEvent.class);
        RECORDS.put(Topics.WEBHOOKS_QUARANTINE, QuarantinedWebhook.class);
        RECORDS.put(Topics.WEBHOOKS_DEAD_LETTER, DeadLetter.class);
        RECORDS.put(Topics.RECONCILER_DEAD_LETTER, DeadLetter.class);
        RECORDS.put(Topics.PAYMENTS, PaymentState.class);
        RECORDS.put(Topics.PAYMENT_TRANSITIONS, PaymentTransition.class);
        RECORDS.put(Topics.SETTLEMENTS + ".line", SettlementLine.class);
        RECORDS.put(Topics.SETTLEMENTS + ".batch", SettlementBatch.class);
        RECORDS.put(Topics.BANK_STATEMENTS + ".line", BankLine.class);
        RECORDS.put(Topics.BANK_STATEMENTS + ".statement", BankStatement.class);
        RECORDS.put(Topics.DISCREPANCIES, Discrepancy.class);
        RECORDS.put(Topics.MATCHES, SettlementMatch.class);
        RECORDS.put(Topics.DISCREPANCY_RESOLUTIONS, DiscrepancyResolution.class);
        RECORDS.put(Topics.JOURNAL, JournalEntry.class);
        RECORDS.put(Topics.PERIOD_CLOSES, PeriodStatement.class);
        RECORDS.put(Topics.REPORT_ANNOUNCEMENTS, ReportAnnouncement.class);
        RECORDS.put(Topics.REPORT_COLLECTIONS, ReportCollection.class);
    }

    /**
     * A settlement or bank statement message names its kind in the property its {@code @JsonTypeInfo} says
     * ({@code record}: {@code line}, {@code batch}, {@code statement}), which the generator leaves out of a subtype.
     */
    private static void discriminator(Class<?> type, JsonSchema schema) {
        Class<?> parent = SettlementMessage.class.isAssignableFrom(type)
                ? SettlementMessage.class
                : BankStatementMessage.class.isAssignableFrom(type) ? BankStatementMessage.class : null;
        if (parent == null) {
            return;
        }
        JsonTypeInfo info = parent.getAnnotation(JsonTypeInfo.class);
        for (JsonSubTypes.Type subtype :
                parent.getAnnotation(JsonSubTypes.class).value()) {
            if (subtype.value().equals(type)) {
                StringSchema name = new StringSchema();
                name.setEnums(new java.util.LinkedHashSet<>(java.util.List.of(subtype.name())));
                schema.asObjectSchema().putProperty(info.property(), name);
            }
        }
    }

    @Test
    void everyPublishedSchemaIsTheOneTheCodeGenerates() throws IOException {
        JsonMapper mapper = JsonSerde.MAPPER;
        JsonMapper pretty =
                mapper.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
        JsonSchemaGenerator generator = new JsonSchemaGenerator(mapper);
        boolean write = Boolean.getBoolean("payhook.schemas.write");
        for (Map.Entry<String, Class<?>> topic : RECORDS.entrySet()) {
            JsonSchema schema = generator.generateSchema(topic.getValue());
            String onTopic = topic.getKey().startsWith(Topics.SETTLEMENTS + ".")
                    ? Topics.SETTLEMENTS
                    : topic.getKey().startsWith(Topics.BANK_STATEMENTS + ".") ? Topics.BANK_STATEMENTS : topic.getKey();
            schema.setDescription("The " + topic.getValue().getSimpleName() + " records of " + onTopic
                    + ", generated from the code (TopicSchemasTest); see docs/DESIGN.md for what each field means.");
            discriminator(topic.getValue(), schema);
            String generated = pretty.writeValueAsString(schema) + "\n";
            Path published = SCHEMAS.resolve(topic.getKey() + ".schema.json");
            if (write) {
                Files.createDirectories(SCHEMAS);
                Files.writeString(published, generated, StandardCharsets.UTF_8);
            }
            assertThat(published).as(topic.getKey() + " has a published schema").exists();
            assertThat(Files.readString(published, StandardCharsets.UTF_8))
                    .as(published + " matches the code (regenerate with -Dpayhook.schemas.write=true)")
                    .isEqualTo(generated);
        }
    }
}
