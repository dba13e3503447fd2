package dev.payhook.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module rule of docs/ARCHITECTURE.md, read from the build itself: a service depends on the
 * shared libraries only (common, the Streams wiring, operator access, the providers' schemes and
 * report layouts, and the testkit for its tests), in every scope, never on another service. Tests
 * that need several services live here.
 */
class ModuleRulesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("..").normalize();
    private static final List<String> SHARED =
            List.of("common", "streams-support", "web-support", "provider-support", "testkit");

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "collector", "processor", "reconciler"})
    void aServiceDependsOnTheSharedLibrariesOnlyInEveryScope(String service) throws Exception {
        assertThat(payhookDependencies(service))
                .as(service + "'s payhook dependencies, any scope")
                .isNotEmpty()
                .allMatch(SHARED::contains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"common", "streams-support", "web-support", "provider-support", "testkit"})
    void aSharedLibraryDependsOnNoService(String library) throws Exception {
        assertThat(payhookDependencies(library))
                .as(library + "'s payhook dependencies")
                .allMatch(SHARED::contains);
    }

    private static List<String> payhookDependencies(String module) throws Exception {
        var pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve(module).resolve("pom.xml").toFile());
        NodeList dependencies = pom.getElementsByTagName("dependency");
        List<String> payhook = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (dependency
                    .getElementsByTagName("groupId")
                    .item(0)
                    .getTextContent()
                    .equals("dev.payhook")) {
                payhook.add(
                        dependency.getElementsByTagName("artifactId").item(0).getTextContent());
            }
        }
        return payhook;
    }
}
