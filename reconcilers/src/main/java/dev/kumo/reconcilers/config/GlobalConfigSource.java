package dev.kumo.reconcilers.config;

import dev.kumo.api.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global configuration in force: creates {@code kumo-system/kumo-global-config} with ZStack's
 * defaults when it is missing and follows its changes through an informer, so {@code kubectl edit}
 * takes effect without a restart.
 */
public final class GlobalConfigSource implements Supplier<GlobalConfig>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalConfigSource.class);

  private final AtomicReference<GlobalConfig> current =
      new AtomicReference<>(GlobalConfig.DEFAULTS);
  private final SharedIndexInformer<ConfigMap> informer;

  /** Starts following the ConfigMap (creating it first if needed). */
  public GlobalConfigSource(KubernetesClient client) {
    var cms = client.configMaps().inNamespace(Labels.SYSTEM_NAMESPACE);
    if (cms.withName(GlobalConfig.CONFIG_MAP).get() == null) {
      try {
        cms.resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(GlobalConfig.CONFIG_MAP)
                    .withNamespace(Labels.SYSTEM_NAMESPACE)
                    .endMetadata()
                    .withData(GlobalConfig.defaultData())
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    informer =
        cms.withName(GlobalConfig.CONFIG_MAP)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap cm) {
                    apply(cm);
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap cm) {
                    apply(cm);
                  }

                  @Override
                  public void onDelete(ConfigMap cm, boolean unknown) {
                    current.set(GlobalConfig.DEFAULTS);
                  }
                });
  }

  private void apply(ConfigMap cm) {
    GlobalConfig.Parsed p = GlobalConfig.parse(cm.getData());
    for (String problem : p.problems()) {
      LOG.warn("{}: {} (using the default)", GlobalConfig.CONFIG_MAP, problem);
    }
    current.set(p.config());
  }

  @Override
  public GlobalConfig get() {
    return current.get();
  }

  @Override
  public void close() {
    informer.close();
  }
}
