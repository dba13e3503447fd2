package dev.payhook.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pod of a rendered workload, run as a podman container the way its kubelet would run it: its image,
 * its args, its environment (env, ConfigMaps and Secrets of the overlay, {@code $(VAR)} expanded), its
 * volumes, read-only root file system, its user. What only a cluster provides is given by {@link Cluster},
 * the one hand-written part of the rehearsal.
 */
record RehearsalPod(String name, String image, Map<String, String> env, List<String> args, List<String> mounts) {

    /**
     * What a cluster provides and this machine does not, mapped explicitly:
     *
     * @param secrets        Secrets the overlay does not make: the User Operator's of the KafkaUsers (by user:
     *                       password, sasl.jaas.config), and those the manifests leave to the user to create
     * @param caCertificate  the cluster CA's certificate (Strimzi's {@code <cluster>-cluster-ca-cert} Secret)
     * @param hosts          the cluster's DNS: Service and pod names, all on this machine (host network)
     * @param managementPort each pod's management port: pods have a network of their own, these containers
     *                       share the host's, so each pod's {@code MANAGEMENT_SERVER_PORT} is its own here
     */
    record Cluster(
            Map<String, Map<String, String>> secrets,
            Path caCertificate,
            List<String> hosts,
            Map<String, Integer> managementPort) {}

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /**
     * The first pod of a workload ({@code <name>-0} for a StatefulSet, the name for a Deployment), in the
     * overlay's namespace.
     */
    static RehearsalPod of(
            RenderedOverlay overlay, String workload, PodTemplateSpec template, String podName, Cluster cluster) {
        Container container = RenderedOverlay.container(template);
        String namespace = overlay.objects().stream()
                .filter(o -> o.getMetadata().getName().equals(workload))
                .map(o -> o.getMetadata().getNamespace())
                .findFirst()
                .orElseThrow();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            boolean optional = source.getConfigMapRef() != null
                    ? Boolean.TRUE.equals(source.getConfigMapRef().getOptional())
                    : Boolean.TRUE.equals(source.getSecretRef().getOptional());
            Map<String, String> data = source.getConfigMapRef() != null
                    ? configMap(overlay, source.getConfigMapRef().getName())
                    : secret(overlay, source.getSecretRef().getName(), cluster);
            if (data == null && !optional) {
                throw new AssertionError(workload + " takes its environment from "
                        + (source.getConfigMapRef() != null ? "ConfigMap " : "Secret ")
                        + "that the overlay does not have");
            }
            if (data != null) {
                env.putAll(data);
            }
        }
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), value(overlay, variable, podName, namespace, env, cluster));
        }
        // A port the pod exposes by name (probes use "management"): its container port, here the pod's own.
        Integer management = cluster.managementPort().get(workload);
        if (management != null) {
            env.put("MANAGEMENT_SERVER_PORT", String.valueOf(management));
        }
        List<String> args = container.getArgs() == null
                ? List.of()
                : container.getArgs().stream().map(a -> expand(a, env)).toList();
        List<String> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (mount.getName().equals("kafka-ca")) {
                mounts.add("-v");
                mounts.add(cluster.caCertificate().toAbsolutePath() + ":" + mount.getMountPath() + "/ca.crt:ro");
            } else {
                // emptyDir and the StatefulSets' volume claims: a fresh, writable directory of the pod's own.
                mounts.add("--tmpfs");
                mounts.add(mount.getMountPath() + ":rw,mode=1777");
            }
        }
        return new RehearsalPod(podName, container.getImage(), env, args, mounts);
    }

    /** The port a probe or the rehearsal names ({@code management}, {@code http}), as this pod listens on it. */
    static int port(Container container, Object named, Integer managementPort) {
        String name = String.valueOf(named);
        for (ContainerPort port : container.getPorts()) {
            if (name.equals(port.getName()) || name.equals(String.valueOf(port.getContainerPort()))) {
                return "management".equals(port.getName()) && managementPort != null
                        ? managementPort
                        : port.getContainerPort();
            }
        }
        throw new AssertionError("the container exposes no port " + name);
    }

    /** The podman command that starts it, detached, as {@code image} (the manifests' image, tagged as built). */
    List<String> run(String containerName, String imageTag, PodSpec pod, List<String> hosts) {
        List<String> command =
                new ArrayList<>(List.of("podman", "run", "-d", "--name", containerName, "--network", "host"));
        if (pod.getSecurityContext() != null && pod.getSecurityContext().getRunAsUser() != null) {
            command.add("--user");
            command.add(pod.getSecurityContext().getRunAsUser() + ":"
                    + pod.getSecurityContext().getRunAsGroup());
        }
        Container container = pod.getContainers().get(0);
        if (container.getSecurityContext() != null
                && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
            command.add("--read-only");
        }
        for (String host : hosts) {
            command.add("--add-host");
            command.add(host + ":127.0.0.1");
        }
        command.addAll(mounts);
        env.forEach((key, value) -> {
            command.add("-e");
            command.add(key + "=" + value);
        });
        command.add(image.replaceFirst(":[^:/]+$", ":" + imageTag));
        command.addAll(args);
        return command;
    }

    private static String value(
            RenderedOverlay overlay,
            EnvVar variable,
            String podName,
            String namespace,
            Map<String, String> env,
            Cluster cluster) {
        if (variable.getValueFrom() == null) {
            return expand(variable.getValue() == null ? "" : variable.getValue(), env);
        }
        var from = variable.getValueFrom();
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> namespace;
                default ->
                    throw new AssertionError("a field the rehearsal does not provide: "
                            + from.getFieldRef().getFieldPath());
            };
        }
        if (from.getSecretKeyRef() != null) {
            Map<String, String> secret = secret(overlay, from.getSecretKeyRef().getName(), cluster);
            if (secret == null || !secret.containsKey(from.getSecretKeyRef().getKey())) {
                throw new AssertionError(variable.getName() + " reads Secret "
                        + from.getSecretKeyRef().getName() + "/"
                        + from.getSecretKeyRef().getKey() + ", which neither the overlay nor a KafkaUser makes");
            }
            return secret.get(from.getSecretKeyRef().getKey());
        }
        if (from.getConfigMapKeyRef() != null) {
            return configMap(overlay, from.getConfigMapKeyRef().getName())
                    .get(from.getConfigMapKeyRef().getKey());
        }
        throw new AssertionError("an env source the rehearsal does not provide: " + variable.getName());
    }

    /** Kubernetes' {@code $(VAR)} expansion in env values and args, of variables defined before. */
    static String expand(String text, Map<String, String> env) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String value = env.get(reference.group(1));
            reference.appendReplacement(expanded, Matcher.quoteReplacement(value == null ? reference.group() : value));
        }
        reference.appendTail(expanded);
        return expanded.toString();
    }

    private static Map<String, String> configMap(RenderedOverlay overlay, String name) {
        return overlay.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .map(ConfigMap::getData)
                .findFirst()
                .orElse(null);
    }

    /** A Secret of the overlay (decoded), or one a KafkaUser's User Operator makes. */
    private static Map<String, String> secret(RenderedOverlay overlay, String name, Cluster cluster) {
        if (cluster.secrets().containsKey(name)) {
            return cluster.secrets().get(name);
        }
        return overlay.all(Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(name))
                .map(s -> {
                    Map<String, String> decoded = new LinkedHashMap<>();
                    if (s.getData() != null) {
                        s.getData()
                                .forEach((k, v) -> decoded.put(
                                        k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
                    }
                    if (s.getStringData() != null) {
                        decoded.putAll(s.getStringData());
                    }
                    return decoded;
                })
                .findFirst()
                .orElse(null);
    }
}
