package dev.payhook.streams;

import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/** Where every instance of this Streams application answers ({@code application.server}), to query them all. */
public final class StreamsInstances {

    private StreamsInstances() {}

    /** Every instance's host, this one's alone while the client has no metadata yet. */
    public static List<HostInfo> all(StreamsBuilderFactoryBean streams, KafkaStreamsInteractiveQueryService queries) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        List<HostInfo> hosts = kafkaStreams == null
                ? List.of()
                : kafkaStreams.metadataForAllStreamsClients().stream()
                        .map(StreamsMetadata::hostInfo)
                        .toList();
        return hosts.isEmpty() ? List.of(queries.getCurrentKafkaStreamsApplicationHostInfo()) : hosts;
    }
}
