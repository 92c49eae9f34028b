package dev.kumo.api;

import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.stack.v1alpha1.ResourceStack;
import dev.kumo.api.stack.v1alpha1.StackTemplate;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.DiskOffering;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshot;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;

/** Every kind Kumo defines, in the order an administrator sets a cloud up. */
public final class KumoKinds {
  /** The custom resource classes; crds/ holds one CRD for each. */
  public static final List<Class<? extends CustomResource<?, ?>>> ALL =
      List.of(
          Zone.class,
          Cluster.class,
          Host.class,
          PrimaryStorage.class,
          BackupStorage.class,
          Image.class,
          DiskOffering.class,
          InstanceOffering.class,
          L2Network.class,
          L3Network.class,
          IpAddress.class,
          AffinityGroup.class,
          VmInstance.class,
          Volume.class,
          VolumeSnapshot.class,
          StackTemplate.class,
          ResourceStack.class);

  private KumoKinds() {}
}
