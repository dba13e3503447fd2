package dev.payhook.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** A service's own configuration file (e.g. processor/src/main/resources/processor.yml), flattened to dotted keys. */
record ServiceConfiguration(String module, Map<String, String> properties) {

    static ServiceConfiguration of(String module) throws IOException {
        try (Reader reader = Files.newBufferedReader(RenderedOverlay.K8S
                .resolve("../..")
                .normalize()
                .resolve(module)
                .resolve("src/main/resources")
                .resolve(module + ".yml"))) {
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", new Yaml().load(reader), flat);
            return new ServiceConfiguration(module, flat);
        }
    }

    String get(String key) {
        String value = properties.get(key);
        if (value == null) {
            throw new IllegalStateException(module + ".yml has no " + key);
        }
        return value;
    }

    String getOrDefault(String key, String fallback) {
        return properties.getOrDefault(key, fallback);
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }
}
