package dqa.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dqa.nn.Scalars;
import org.junit.jupiter.api.Test;

/**
 * Engine calls known to corrupt results stay out of the product's code (see {@link Scalars} for why
 * number operands must not come from DJL's {@code NDArray.op(Number)}).
 */
class EngineHazardsTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dqa");

  @Test
  void numberOperandsThatAGraphMayKeepGoThroughScalars() {
    noClasses()
        .that().doNotHaveFullyQualifiedName(Scalars.class.getName())
        .should().callMethod(NDArray.class, "mul", Number.class)
        .orShould().callMethod(NDArray.class, "div", Number.class)
        .orShould().callMethod(NDArray.class, "pow", Number.class)
        .orShould().callMethod(NDArray.class, "maximum", Number.class)
        .orShould().callMethod(NDArray.class, "minimum", Number.class)
        .orShould().callMethod(NDArray.class, "muli", Number.class)
        .orShould().callMethod(NDArray.class, "divi", Number.class)
        .orShould().callMethod(NDArray.class, "powi", Number.class)
        .because("DJL frees the number's buffer while a recorded graph still reads it (see dqa.nn.Scalars)")
        .check(CLASSES);
  }
}
