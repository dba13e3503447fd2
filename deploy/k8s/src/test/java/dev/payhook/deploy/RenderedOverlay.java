package dev.payhook.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An overlay as {@code kubectl kustomize} renders it, read into Kubernetes model objects. */
record RenderedOverlay(String overlay, List<HasMetadata> objects) {

    static final Path K8S = Path.of("").toAbsolutePath();

    /** The manifests are rendered by kubectl's kustomize: without it this test fails, it never skips. */
    static void requireKubectl() {
        boolean installed = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Path.of(dir, "kubectl").toFile().canExecute());
        if (!installed) {
            throw new IllegalStateException(
                    "kubectl is not on the PATH, so the Kubernetes manifests cannot be rendered and"
                            + " checked. Install it (Debian: apt-get install kubernetes-client)");
        }
    }

    private static final Map<String, RenderedOverlay> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** An overlay rendered once per test run (kubectl is required: see {@link #requireKubectl}). */
    static RenderedOverlay of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> {
            requireKubectl();
            try {
                return render(name);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    static RenderedOverlay render(String overlay) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder(
                        "kubectl",
                        "kustomize",
                        K8S.resolve("overlays").resolve(overlay).toString())
                .redirectErrorStream(true)
                .start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize overlays/" + overlay + " failed:\n" + yaml);
        }
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(serialization.unmarshal(document));
            }
        }
        return new RenderedOverlay(overlay, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Custom resources (Strimzi, KEDA, Prometheus Operator) of one kind. */
    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals(kind))
                .toList();
    }

    boolean has(String kind, String name) {
        return objects.stream()
                .anyMatch(o ->
                        o.getKind().equals(kind) && o.getMetadata().getName().equals(name));
    }

    /** Deployments and StatefulSets by name, with their pod templates. */
    Map<String, PodTemplateSpec> workloads() {
        Map<String, PodTemplateSpec> workloads = new LinkedHashMap<>();
        all(Deployment.class)
                .forEach(d ->
                        workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class)
                .forEach(s ->
                        workloads.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return workloads;
    }

    static Container container(PodTemplateSpec pods) {
        if (pods.getSpec().getContainers().size() != 1) {
            throw new AssertionError("one container per payhook pod, found "
                    + pods.getSpec().getContainers().size());
        }
        return pods.getSpec().getContainers().get(0);
    }

    /**
     * The environment a container gets from its ConfigMaps and env entries. A value taken from a
     * Secret's key is given as {@code secret:<name>/<key>} (the value itself is not in the manifests).
     */
    Map<String, String> environment(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                all(ConfigMap.class).stream()
                        .filter(c -> c.getMetadata()
                                .getName()
                                .equals(source.getConfigMapRef().getName()))
                        .forEach(c -> env.putAll(c.getData()));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                env.put(variable.getName(), variable.getValue());
            } else if (variable.getValueFrom() != null
                    && variable.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector secret = variable.getValueFrom().getSecretKeyRef();
                env.put(variable.getName(), "secret:" + secret.getName() + "/" + secret.getKey());
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
