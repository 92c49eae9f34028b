package dev.kumo.apiserver.cel;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.UnsignedLong;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationExceptionBuilder;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' list library: {@code isSorted()}, {@code sum()}, {@code min()}, {@code max()}, {@code
 * indexOf(x)} and {@code lastIndexOf(x)} on lists.
 */
final class KubernetesListsLibrary implements CelCompilerLibrary, CelRuntimeLibrary {
  private static final Map<String, CelType> ORDERED =
      Map.of(
          "int", SimpleType.INT,
          "uint", SimpleType.UINT,
          "double", SimpleType.DOUBLE,
          "bool", SimpleType.BOOL,
          "duration", SimpleType.DURATION,
          "timestamp", SimpleType.TIMESTAMP,
          "string", SimpleType.STRING,
          "bytes", SimpleType.BYTES);
  private static final Map<String, Object> SUMMABLE_ZEROES =
      Map.of("int", 0L, "uint", UnsignedLong.ZERO, "double", 0.0, "duration", Duration.ZERO);
  private static final TypeParamType T = TypeParamType.create("T");

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    List<CelOverloadDecl> isSorted = new ArrayList<>();
    List<CelOverloadDecl> min = new ArrayList<>();
    List<CelOverloadDecl> max = new ArrayList<>();
    ORDERED.forEach(
        (name, type) -> {
          ListType list = ListType.create(type);
          isSorted.add(
              CelOverloadDecl.newMemberOverload(id(name, "is_sorted"), SimpleType.BOOL, list));
          min.add(CelOverloadDecl.newMemberOverload(id(name, "min"), type, list));
          max.add(CelOverloadDecl.newMemberOverload(id(name, "max"), type, list));
        });
    List<CelOverloadDecl> sum = new ArrayList<>();
    SUMMABLE_ZEROES
        .keySet()
        .forEach(
            name -> {
              CelType type = ORDERED.get(name);
              sum.add(
                  CelOverloadDecl.newMemberOverload(id(name, "sum"), type, ListType.create(type)));
            });
    ListType listOfT = ListType.create(T);
    checker.addFunctionDeclarations(
        CelFunctionDecl.newFunctionDeclaration("isSorted", isSorted),
        CelFunctionDecl.newFunctionDeclaration("min", min),
        CelFunctionDecl.newFunctionDeclaration("max", max),
        CelFunctionDecl.newFunctionDeclaration("sum", sum),
        CelFunctionDecl.newFunctionDeclaration(
            "indexOf",
            CelOverloadDecl.newMemberOverload("list_index_of", SimpleType.INT, listOfT, T)),
        CelFunctionDecl.newFunctionDeclaration(
            "lastIndexOf",
            CelOverloadDecl.newMemberOverload("list_last_index_of", SimpleType.INT, listOfT, T)));
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    List<CelFunctionBinding> bindings = new ArrayList<>();
    ORDERED
        .keySet()
        .forEach(
            name -> {
              bindings.add(
                  CelFunctionBinding.from(
                      id(name, "is_sorted"), List.class, KubernetesListsLibrary::isSorted));
              bindings.add(
                  CelFunctionBinding.from(
                      id(name, "min"), List.class, list -> extreme(list, "min", -1)));
              bindings.add(
                  CelFunctionBinding.from(
                      id(name, "max"), List.class, list -> extreme(list, "max", 1)));
            });
    SUMMABLE_ZEROES.forEach(
        (name, zero) ->
            bindings.add(
                CelFunctionBinding.from(id(name, "sum"), List.class, list -> sum(list, zero))));
    bindings.add(
        CelFunctionBinding.from(
            "list_index_of", List.class, Object.class, KubernetesListsLibrary::indexOf));
    bindings.add(
        CelFunctionBinding.from(
            "list_last_index_of", List.class, Object.class, KubernetesListsLibrary::lastIndexOf));
    runtime.addFunctionBindings(ImmutableList.copyOf(bindings));
  }

  private static String id(String typeName, String function) {
    return "list_" + typeName + "_" + function;
  }

  private static boolean isSorted(List<?> list) {
    for (int i = 1; i < list.size(); i++) {
      if (CelValueOrder.compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static Object extreme(List<?> list, String function, int direction)
      throws CelEvaluationException {
    if (list.isEmpty()) {
      throw CelEvaluationExceptionBuilder.newBuilder("%s(list) called on empty list", function)
          .setErrorCode(CelErrorCode.INVALID_ARGUMENT)
          .build();
    }
    Object best = list.get(0);
    for (Object candidate : list) {
      if (CelValueOrder.compare(candidate, best) * direction > 0) {
        best = candidate;
      }
    }
    return best;
  }

  private static Object sum(List<?> list, Object zero) throws CelEvaluationException {
    try {
      Object total = zero;
      for (Object element : list) {
        total = add(total, element);
      }
      return total;
    } catch (ArithmeticException e) {
      throw CelEvaluationExceptionBuilder.newBuilder("integer overflow")
          .setErrorCode(CelErrorCode.NUMERIC_OVERFLOW)
          .setCause(e)
          .build();
    }
  }

  private static Object add(Object total, Object element) {
    if (total instanceof Long a && element instanceof Long b) {
      return Math.addExact(a, b);
    }
    if (total instanceof Double a && element instanceof Number b) {
      return a + b.doubleValue();
    }
    if (total instanceof UnsignedLong a && element instanceof UnsignedLong b) {
      UnsignedLong result = a.plus(b);
      if (result.compareTo(a) < 0) {
        throw new ArithmeticException("unsigned overflow");
      }
      return result;
    }
    if (total instanceof Duration a && element instanceof Duration b) {
      return a.plus(b);
    }
    throw new IllegalArgumentException(
        "no such overload: cannot add " + element.getClass().getSimpleName());
  }

  private static long indexOf(List<?> list, Object element) {
    for (int i = 0; i < list.size(); i++) {
      if (CelValueOrder.equal(list.get(i), element)) {
        return i;
      }
    }
    return -1;
  }

  private static long lastIndexOf(List<?> list, Object element) {
    for (int i = list.size() - 1; i >= 0; i--) {
      if (CelValueOrder.equal(list.get(i), element)) {
        return i;
      }
    }
    return -1;
  }
}
