package dev.payhook.ingress;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The ingress's packages as docs/ARCHITECTURE.md cuts them: the root owns configuration; {@code webhook}
 * is only the endpoint and its answers; the providers' schemes, report layouts and publishing are
 * provider-support's (ProviderSupportArchitectureTest); no package cycles.
 */
class IngressArchitectureTest {

    private static final JavaClasses INGRESS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.payhook.ingress");

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("dev.payhook.ingress.(**)").should().beFreeOfCycles().check(INGRESS);
    }

    @Test
    void theRootIsConfigurationAndRegistryAndDoesNotReachIntoTheEndpoints() {
        noClasses()
                .that()
                .resideInAPackage("dev.payhook.ingress")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.payhook.ingress.webhook..",
                        "dev.payhook.ingress.settlement..",
                        "dev.payhook.ingress.quarantine..")
                .check(INGRESS);
    }

    @Test
    void theWebhookPackageIsOnlyTheEndpointAndNothingDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.payhook.ingress.webhook..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.payhook.ingress.webhook..")
                .check(INGRESS);
        classes()
                .that()
                .resideInAPackage("dev.payhook.ingress.webhook")
                .should()
                .haveSimpleNameStartingWith("Webhook")
                .check(INGRESS);
    }

    @Test
    void settlementAndWebhookUploadsDoNotDependOnEachOther() {
        slices().matching("dev.payhook.ingress.(settlement|webhook)..")
                .should()
                .notDependOnEachOther()
                .check(INGRESS);
    }
}
