package org.doorstep.dispatch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;

import java.util.Set;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * dispatch-service in three layers, each using only those below it: model (entities and the pure dispatch rules) at
 * the bottom, planning (every decision about an order's fate) above it, and on top the entry points (Kafka intake,
 * the REST features, the sign-in page's people). So the entities and rules stand on their own, planning changes without
 * the model noticing, and a new endpoint or consumer only adds on top.
 */
@AnalyzeClasses(packages = "org.doorstep.dispatch", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String MODEL = "org.doorstep.dispatch.model..";
    private static final String PLANNING = "org.doorstep.dispatch.planning..";

    /** Every other package is an entry point, so a new package cannot slip in under planning unnoticed. */
    private static final DescribedPredicate<JavaClass> ENTRY_POINTS = resideInAPackage("org.doorstep.dispatch..")
            .and(not(resideInAnyPackage(MODEL, PLANNING)))
            .as("every other package of org.doorstep.dispatch");

    /** Arrows point down only: model knows nothing of planning, planning nothing of who calls it. */
    @ArchTest
    static final ArchRule layers_are_used_only_from_above = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Model").definedBy(MODEL)
            .layer("Planning").definedBy(PLANNING)
            .layer("Entry points").definedBy(ENTRY_POINTS)
            .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
            .whereLayer("Planning").mayOnlyBeAccessedByLayers("Entry points")
            .whereLayer("Model").mayOnlyBeAccessedByLayers("Planning", "Entry points");

    /** Inside a layer too: packages that use each other in a circle can be neither read nor changed alone. */
    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices().matching("org.doorstep.dispatch.(*)..")
            .should().beFreeOfCycles();

    /** The entry points stand side by side: what two of them share belongs in planning or model. */
    @ArchTest
    static final ArchRule entry_points_do_not_use_each_other = slices().matching("org.doorstep.dispatch.(*)..")
            .that(DescribedPredicate.describe("are entry points",
                    (Slice slice) -> !Set.of("model", "planning").contains(slice.getNamePart(1))))
            .should().notDependOnEachOther();
}
