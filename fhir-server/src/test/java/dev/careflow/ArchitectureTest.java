package dev.careflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md: {@code platform} wires HAPI and knows no feature; features talk to each other
 * through services and events, never through another feature's {@code internal} package, and never in a cycle.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.careflow");

    @Test
    void platformDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.careflow.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.careflow.transitions..",
                        "dev.careflow.assessment..",
                        "dev.careflow.careplan..",
                        "dev.careflow.referral..",
                        "dev.careflow.worklist..",
                        "dev.careflow.security..",
                        "dev.careflow.audit..",
                        "dev.careflow.programs..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        classes().should(notUseAnotherFeaturesInternals()).check(CLASSES);
    }

    private static ArchCondition<JavaClass> notUseAnotherFeaturesInternals() {
        Pattern internal = Pattern.compile("dev\\.careflow\\.([^.]+)\\.internal(\\..*)?");
        return new ArchCondition<>("not use another feature's internal package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = feature(item.getPackageName());
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    Matcher target =
                            internal.matcher(dependency.getTargetClass().getPackageName());
                    if (target.matches() && !target.group(1).equals(own)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static String feature(String packageName) {
        String rest = packageName.startsWith("dev.careflow.") ? packageName.substring("dev.careflow.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("dev.careflow.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
