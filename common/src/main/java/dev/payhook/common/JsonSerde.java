package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/** JSON (Jackson 3) serde for the records that cross payhook's topics. */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /**
     * The one mapper for topic payloads and provider bodies. Unknown properties are ignored so a
     * newer producer adding a field never turns an older consumer's input into poison. Decimals
     * stay exact BigDecimals, trailing zeros included, because {@code 19.99} read as a double is
     * not 1999 cents and a kept payload must say what the provider sent.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .addModule(new SimpleModule("payhook-instants")
                    .addDeserializer(Instant.class, new InstantReader())
                    .addSerializer(Instant.class, new InstantWriter()))
            .build();

    /**
     * Instants in the shape payhook writes them read by {@link IsoInstants}; any other shape (a number,
     * another offset form) by Jackson's own reader, as before.
     */
    static final class InstantReader extends StdScalarDeserializer<Instant> {

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant read = IsoInstants.parse(parser.getString());
                if (read != null) {
                    return read;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    /** Instants written as Jackson's own writer writes them ({@link Instant#toString()}), by {@link IsoInstants}. */
    static final class InstantWriter extends StdScalarSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(IsoInstants.format(value));
        }

        /** Described as Jackson's own writer describes it (a date-time string): the published schemas say so. */
        @Override
        public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType typeHint) {
            InstantSerializer.INSTANCE.acceptJsonFormatVisitor(visitor, typeHint);
        }
    }

    private final Class<T> type;
    // Made once per type: the mapper's own readValue/writeValueAsBytes look them up on every call.
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(Class<T> type, JsonMapper mapper) {
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type, MAPPER);
    }

    /**
     * This serde, reading without the given properties of {@code declaring} (the type or one it is read
     * through): their values are skipped unparsed and read as null. Writing is unchanged.
     */
    public JsonSerde<T> ignoring(Class<?> declaring, String... properties) {
        return new JsonSerde<>(
                type,
                MAPPER.rebuild()
                        .withConfigOverride(
                                declaring,
                                o -> o.setIgnorals(JsonIgnoreProperties.Value.forIgnoredProperties(properties)))
                        .build());
    }

    public byte[] toBytes(T value) {
        return serialize(null, value);
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            // Record constructors validate (NPE/IAE): an invalid event is as undecodable as bad JSON.
            throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
