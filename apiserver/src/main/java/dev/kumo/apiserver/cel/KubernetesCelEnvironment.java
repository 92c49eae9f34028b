package dev.kumo.apiserver.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.HomogeneousLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;

/**
 * The CEL environment kube-apiserver gives {@code x-kubernetes-validations} rules: the standard
 * macros and functions, cross-type numeric comparisons, optional types, the {@code strings}, {@code
 * lists}, {@code sets}, two-variable comprehension and {@code cel.bind} extensions, Kubernetes'
 * list, IP and CIDR libraries, and rejection at compile time of heterogeneous list and map literals
 * and of malformed regex, duration and timestamp literals.
 */
final class KubernetesCelEnvironment {
  /** Name of the variable holding the value a rule validates. */
  static final String SELF = "self";

  /** Name of the variable holding that value before the update. */
  static final String OLD_SELF = "oldSelf";

  private static final class Base {
    static final Cel CEL = build();
    static final Re2RegexLiteralValidator REGEX_LITERALS = new Re2RegexLiteralValidator(CEL);

    private static Cel build() {
      CelOptions options =
          CelOptions.current()
              .enableHeterogeneousNumericComparisons(true)
              .enableOptionalSyntax(true)
              .build();
      KubernetesListsLibrary lists = new KubernetesListsLibrary();
      KubernetesNetworkLibrary network = new KubernetesNetworkLibrary();
      return CelFactory.standardCelBuilder()
          .setOptions(options)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(
              CelExtensions.strings(),
              CelExtensions.bindings(),
              CelExtensions.optional(),
              CelExtensions.sets(options),
              CelExtensions.lists(),
              CelExtensions.comprehensions(),
              lists,
              network)
          .addRuntimeLibraries(
              CelExtensions.strings(),
              CelExtensions.optional(),
              CelExtensions.sets(options),
              CelExtensions.lists(),
              CelExtensions.comprehensions(),
              lists,
              network)
          .build();
    }
  }

  private KubernetesCelEnvironment() {}

  /**
   * An environment declaring {@code self} with the given type, and {@code oldSelf} with the same
   * type or, for rules with {@code optionalOldSelf}, as an optional of it.
   */
  static Cel forSelf(SchemaCelTypes.SelfType self, boolean optionalOldSelf) {
    CelType oldSelfType = optionalOldSelf ? OptionalType.create(self.type()) : self.type();
    return Base.CEL
        .toCelBuilder()
        .setTypeProvider(self.provider())
        .addVar(SELF, self.type())
        .addVar(OLD_SELF, oldSelfType)
        .build();
  }

  /** The checks kube-apiserver runs on a compiled expression beyond type checking. */
  static dev.cel.validator.CelValidator astValidator(Cel cel) {
    return CelValidatorFactory.standardCelValidatorBuilder(cel)
        .addAstValidators(
            HomogeneousLiteralValidator.newInstance(),
            Base.REGEX_LITERALS,
            DurationLiteralValidator.INSTANCE,
            TimestampLiteralValidator.INSTANCE)
        .build();
  }
}
