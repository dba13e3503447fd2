package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void theCatalogueHasEveryNamedTopicOnce() throws Exception {
        List<String> named = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                named.add((String) field.get(null));
            }
        }
        assertThat(Topics.CATALOGUE).extracting(TopicSpec::name).containsExactlyInAnyOrderElementsOf(named);
    }

    @Test
    void aCompactedTopicKeepsEveryKeysLastDayAndADeletedOneHasARetention() {
        assertThat(Topics.spec(Topics.PAYMENTS).config())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.compaction.lag.ms", "86400000")
                .doesNotContainKey("retention.ms");
        assertThat(Topics.spec(Topics.WEBHOOKS).config())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "3024000000");
        assertThat(Topics.spec(Topics.DISCREPANCY_RESOLUTIONS).config()).containsEntry("retention.ms", "-1");
        assertThat(Topics.spec(Topics.WEBHOOKS_QUARANTINE).newTopic(6).numPartitions())
                .isEqualTo(1);
        assertThat(Topics.spec(Topics.SETTLEMENTS).newTopic(6).numPartitions()).isEqualTo(6);
    }
}
