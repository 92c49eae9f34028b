package dev.kumo.reconcilers.compute;

import dev.kumo.api.Labels;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.storage.v1alpha1.Volume;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ZStack's VM expunge task: removes the volumes and addresses kept from deleted VMs (Delay policy)
 * once their {@link Labels#EXPUNGE_AFTER} instant has passed. Run every {@code vm.expungeInterval}
 * by the leader.
 */
public final class Expunger {
  private final KubernetesClient client;

  /** An expunger deleting through {@code client}. */
  public Expunger(KubernetesClient client) {
    this.client = client;
  }

  /** Deletes what expired before {@code now}; returns the names deleted. */
  public List<String> runOnce(Instant now) {
    List<String> deleted = new ArrayList<>();
    List<HasMetadata> candidates = new ArrayList<>();
    candidates.addAll(client.resources(Volume.class).inAnyNamespace().list().getItems());
    candidates.addAll(client.resources(IpAddress.class).list().getItems());
    for (HasMetadata o : candidates) {
      if (expired(o, now)) {
        client.resource(o).delete();
        deleted.add(o.getKind() + " " + o.getMetadata().getName());
      }
    }
    return deleted;
  }

  static boolean expired(HasMetadata o, Instant now) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    if (a == null || !a.containsKey(Labels.RETAINED_FROM) || a.get(Labels.EXPUNGE_AFTER) == null) {
      return false;
    }
    try {
      return !Instant.parse(a.get(Labels.EXPUNGE_AFTER)).isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
