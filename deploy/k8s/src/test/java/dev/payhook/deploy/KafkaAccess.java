package dev.payhook.deploy;

import dev.payhook.common.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** What a service's code does with Kafka, and what a KafkaUser's ACLs allow, in comparable form. */
final class KafkaAccess {

    /** One ACL of a Strimzi KafkaUser: resource type, name, literal or prefix, operations. */
    record Acl(String type, String name, String patternType, Set<String> operations) {

        boolean literal() {
            return "literal".equals(patternType);
        }
    }

    private KafkaAccess() {}

    static Set<String> topicsOfTheContract() {
        return Topics.CATALOGUE.stream().map(dev.payhook.common.TopicSpec::name).collect(Collectors.toSet());
    }

    /**
     * The payhook topics named anywhere in the compiled code under a package. Read from the class files'
     * constants, because javac copies {@code Topics.WEBHOOKS} into every class that uses it: a topic
     * the code reads or writes is a string constant of some class in the service.
     */
    static Set<String> topicsNamedInCode(String basePackage) throws IOException {
        Set<String> contract = topicsOfTheContract();
        Set<String> named = new TreeSet<>();
        Resource[] classes = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + basePackage.replace('.', '/') + "/**/*.class");
        if (classes.length == 0) {
            throw new IllegalStateException("no classes of " + basePackage + " on the test classpath");
        }
        for (Resource type : classes) {
            try (InputStream in = type.getInputStream()) {
                new ClassReader(in)
                        .accept(
                                new ClassVisitor(Opcodes.ASM9) {
                                    @Override
                                    public FieldVisitor visitField(
                                            int access,
                                            String name,
                                            String descriptor,
                                            String signature,
                                            Object value) {
                                        collect(value);
                                        return null;
                                    }

                                    @Override
                                    public MethodVisitor visitMethod(
                                            int access,
                                            String name,
                                            String descriptor,
                                            String signature,
                                            String[] exceptions) {
                                        return new MethodVisitor(Opcodes.ASM9) {
                                            @Override
                                            public void visitLdcInsn(Object value) {
                                                collect(value);
                                            }
                                        };
                                    }

                                    private void collect(Object value) {
                                        if (value instanceof String text && contract.contains(text)) {
                                            named.add(text);
                                        }
                                    }
                                },
                                ClassReader.SKIP_FRAMES);
            }
        }
        return named;
    }

    /** What the topology reads: its streams' sources and its global tables' topics. */
    static Set<String> sources(Topology topology) {
        Set<String> sources = topology.describe().subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(TopologyDescription.Source.class::isInstance)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toSet());
        topology.describe()
                .globalStores()
                .forEach(g -> sources.addAll(g.source().topicSet()));
        return sources;
    }

    static Set<String> sinks(Topology topology) {
        return topology.describe().subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(TopologyDescription.Sink.class::isInstance)
                .map(n -> ((TopologyDescription.Sink) n).topic())
                .collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    static List<Acl> acls(GenericKubernetesResource kafkaUser) {
        Map<String, Object> authorization =
                (Map<String, Object>) RenderedOverlay.spec(kafkaUser).get("authorization");
        if (authorization == null || !"simple".equals(authorization.get("type"))) {
            throw new AssertionError(kafkaUser.getMetadata().getName() + " has no simple authorization");
        }
        return ((List<Map<String, Object>>) authorization.get("acls"))
                .stream()
                        .map(acl -> {
                            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                            return new Acl(
                                    (String) resource.get("type"),
                                    (String) resource.get("name"),
                                    (String) resource.getOrDefault("patternType", "literal"),
                                    Set.copyOf((List<String>) acl.get("operations")));
                        })
                        .toList();
    }

    /** Literal resource name → operations, for one resource type. */
    static Map<String, Set<String>> literal(List<Acl> acls, String type) {
        return acls.stream()
                .filter(a -> a.type().equals(type) && a.literal())
                .collect(Collectors.toMap(Acl::name, Acl::operations));
    }

    static List<Acl> prefixed(List<Acl> acls, String type) {
        return acls.stream().filter(a -> a.type().equals(type) && !a.literal()).toList();
    }
}
