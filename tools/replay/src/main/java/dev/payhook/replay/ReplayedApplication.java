package dev.payhook.replay;

import dev.payhook.common.Topics;
import java.util.List;
import java.util.Locale;

/**
 * The two Kafka Streams applications of payhook and the topics each one consumes. The consumer
 * group of a Streams application is its {@code application.id}.
 */
public enum ReplayedApplication {
    PROCESSOR("payhook-processor", List.of(Topics.WEBHOOKS)),
    RECONCILER(
            "payhook-reconciler",
            List.of(Topics.PAYMENTS, Topics.SETTLEMENTS, Topics.BANK_STATEMENTS, Topics.DISCREPANCY_RESOLUTIONS));

    private final String applicationId;
    private final List<String> inputTopics;

    ReplayedApplication(String applicationId, List<String> inputTopics) {
        this.applicationId = applicationId;
        this.inputTopics = inputTopics;
    }

    public String applicationId() {
        return applicationId;
    }

    public List<String> inputTopics() {
        return inputTopics;
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReplayedApplication named(String name) {
        for (ReplayedApplication application : values()) {
            if (application.displayName().equals(name)) {
                return application;
            }
        }
        throw new IllegalArgumentException("unknown application '" + name + "': processor or reconciler");
    }
}
