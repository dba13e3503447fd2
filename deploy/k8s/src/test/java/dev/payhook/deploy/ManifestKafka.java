package dev.payhook.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What Strimzi's operators do with the rendered overlay's custom resources, done with Kafka's Admin API:
 * the Topic Operator creates each {@code KafkaTopic}, the User Operator each {@code KafkaUser} (a SCRAM-SHA-512
 * credential and its ACLs) and the user's Secret ({@code password}, {@code sasl.jaas.config}).
 */
final class ManifestKafka {

    private ManifestKafka() {}

    /**
     * Creates the overlay's topics, with their partitions and configuration; one replica each (one broker),
     * and so {@code min.insync.replicas} left at the broker's 1.
     */
    static void createTopics(Admin admin, RenderedOverlay overlay) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (GenericKubernetesResource topic : overlay.custom("KafkaTopic")) {
            Map<String, Object> spec = RenderedOverlay.spec(topic);
            Map<String, String> config = new HashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> declared = (Map<String, Object>) spec.getOrDefault("config", Map.of());
            declared.forEach((key, value) -> config.put(key, String.valueOf(value)));
            config.remove("min.insync.replicas");
            String name =
                    (String) spec.getOrDefault("topicName", topic.getMetadata().getName());
            topics.add(new NewTopic(name, ((Number) spec.get("partitions")).intValue(), (short) 1).configs(config));
        }
        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }

    /**
     * Creates each KafkaUser: its SCRAM-SHA-512 credential with a random password and exactly its ACLs.
     *
     * @return the users' Secrets, by user name: {@code password} and {@code sasl.jaas.config}
     */
    static Map<String, Map<String, String>> createUsers(Admin admin, RenderedOverlay overlay) throws Exception {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (GenericKubernetesResource user : overlay.custom("KafkaUser")) {
            String name = user.getMetadata().getName();
            String password = RehearsalBroker.Passwords.random();
            credentials.add(new UserScramCredentialUpsertion(
                    name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            secrets.put(name, Map.of("password", password, "sasl.jaas.config", RehearsalBroker.jaas(name, password)));
            for (KafkaAccess.Acl acl : KafkaAccess.acls(user)) {
                for (String operation : acl.operations()) {
                    acls.add(new AclBinding(
                            new ResourcePattern(
                                    ResourceType.fromString(constant(acl.type())),
                                    acl.name(),
                                    acl.literal() ? PatternType.LITERAL : PatternType.PREFIXED),
                            new AccessControlEntry(
                                    "User:" + name, "*", operation(operation), AclPermissionType.ALLOW)));
                }
            }
        }
        admin.alterUserScramCredentials(new ArrayList<>(credentials)).all().get(60, TimeUnit.SECONDS);
        admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        return secrets;
    }

    /** A Strimzi operation ({@code Read}, {@code DescribeConfigs}, {@code All}) as Kafka's enum. */
    static AclOperation operation(String strimzi) {
        AclOperation operation = AclOperation.fromString(constant(strimzi));
        if (operation == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("not a Kafka ACL operation: " + strimzi);
        }
        return operation;
    }

    /** {@code transactionalId} → {@code TRANSACTIONAL_ID}, {@code DescribeConfigs} → {@code DESCRIBE_CONFIGS}. */
    private static String constant(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
