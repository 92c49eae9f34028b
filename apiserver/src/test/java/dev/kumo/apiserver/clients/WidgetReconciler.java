package dev.kumo.apiserver.clients;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small JOSDK operator: for each Widget, two ConfigMaps owned by it (one written with JOSDK's
 * default create/update for ConfigMaps, one with server-side apply), a status with
 * observedGeneration patched by SSA, and a cleaner. It reconciles every second even without events,
 * so a steady state is checked again and again.
 */
@ControllerConfiguration(
    name = WidgetReconciler.NAME,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 1, timeUnit = TimeUnit.SECONDS))
@Workflow(
    dependents = {
      @Dependent(type = WidgetReconciler.PlainConfigMap.class, name = "plain"),
      @Dependent(type = WidgetReconciler.AppliedConfigMap.class, name = "applied")
    })
public class WidgetReconciler implements Reconciler<Widget>, Cleaner<Widget> {
  /** The controller's name, also its field manager. */
  public static final String NAME = "widget-controller";

  /** Counters of what the operator did, shared by the test. */
  static final AtomicInteger RECONCILES = new AtomicInteger();

  static final AtomicInteger DEPENDENT_WRITES = new AtomicInteger();
  static final Set<String> CLEANED = ConcurrentHashMap.newKeySet();

  @Override
  public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
    RECONCILES.incrementAndGet();
    Widget patch = new Widget();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(widget.getMetadata().getName())
            .withNamespace(widget.getMetadata().getNamespace())
            .build());
    Widget.Status status = new Widget.Status();
    status.setState("Ready");
    status.setObservedGeneration(widget.getMetadata().getGeneration());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  @Override
  public DeleteControl cleanup(Widget widget, Context<Widget> context) {
    CLEANED.add(widget.getMetadata().getNamespace() + "/" + widget.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  private static ConfigMap configMap(Widget widget, String suffix) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(widget.getMetadata().getName() + suffix)
        .withNamespace(widget.getMetadata().getNamespace())
        .withLabels(Map.of("app.kubernetes.io/managed-by", NAME))
        .endMetadata()
        .withData(
            Map.of(
                "size", Integer.toString(widget.getSpec().getSize()),
                "message", widget.getSpec().getMessage()))
        .build();
  }

  /** A ConfigMap with JOSDK's defaults for ConfigMaps: POST, then PUT when it differs. */
  public static class PlainConfigMap extends CRUDKubernetesDependentResource<ConfigMap, Widget> {
    public PlainConfigMap() {
      super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Widget widget, Context<Widget> context) {
      return configMap(widget, "-plain");
    }

    @Override
    public ConfigMap create(ConfigMap desired, Widget widget, Context<Widget> context) {
      DEPENDENT_WRITES.incrementAndGet();
      return super.create(desired, widget, context);
    }

    @Override
    public ConfigMap update(
        ConfigMap actual, ConfigMap desired, Widget widget, Context<Widget> context) {
      DEPENDENT_WRITES.incrementAndGet();
      return super.update(actual, desired, widget, context);
    }
  }

  /**
   * A ConfigMap written by server-side apply and matched by JOSDK's SSA matcher, which reads the
   * controller's Apply entry in managedFields.
   */
  @KubernetesDependent(useSSA = BooleanWithUndefined.TRUE)
  public static class AppliedConfigMap extends CRUDKubernetesDependentResource<ConfigMap, Widget> {
    public AppliedConfigMap() {
      super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Widget widget, Context<Widget> context) {
      return configMap(widget, "-applied");
    }

    @Override
    public ConfigMap create(ConfigMap desired, Widget widget, Context<Widget> context) {
      DEPENDENT_WRITES.incrementAndGet();
      return super.create(desired, widget, context);
    }

    @Override
    public ConfigMap update(
        ConfigMap actual, ConfigMap desired, Widget widget, Context<Widget> context) {
      DEPENDENT_WRITES.incrementAndGet();
      return super.update(actual, desired, widget, context);
    }
  }
}
