package dev.kumo.reconcilers.offering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.storage.v1alpha1.DiskOfferingSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OfferingRulesTest {
  private static InstanceOfferingSpec spec(int cpu, String memory) {
    InstanceOfferingSpec s = new InstanceOfferingSpec();
    s.cpu = cpu;
    s.memory = new Quantity(memory);
    return s;
  }

  @Test
  void maxInstancePerHostGoesWithItsStrategyOnly() {
    InstanceOfferingSpec s = spec(2, "2Gi");
    s.allocatorStrategy = AllocatorStrategy.MaxInstancePerHost;
    assertEquals(
        List.of("allocatorStrategy MaxInstancePerHost needs spec.maxInstancePerHost >= 1"),
        OfferingRules.instanceOffering(s));
    s.maxInstancePerHost = 4;
    assertEquals(List.of(), OfferingRules.instanceOffering(s));
    s.allocatorStrategy = null;
    assertEquals(
        List.of(
            "spec.maxInstancePerHost is only used with allocatorStrategy MaxInstancePerHost, not"
                + " LeastVmPreferred"),
        OfferingRules.instanceOffering(s));
  }

  @Test
  void memoryIsAtLeast64Mi() {
    assertEquals(
        List.of("spec.memory must be at least 64Mi, not 32Mi"),
        OfferingRules.instanceOffering(spec(1, "32Mi")));
    assertEquals(List.of(), OfferingRules.instanceOffering(spec(1, "64Mi")));
  }

  @Test
  void diskSizeIsPositive() {
    DiskOfferingSpec d = new DiskOfferingSpec();
    d.diskSize = new Quantity("0");
    assertEquals(
        List.of("spec.diskSize must be greater than zero, not 0"), OfferingRules.diskOffering(d));
    d.diskSize = new Quantity("20Gi");
    assertEquals(List.of(), OfferingRules.diskOffering(d));
  }

  @Test
  void readyIsInvalidThenDisabledThenEnabled() {
    assertEquals("InvalidSpec", OfferingRules.ready("x", List.of("a", "b"), null).reason());
    assertEquals("a; b", OfferingRules.ready("x", List.of("a", "b"), null).message());
    assertEquals("Disabled", OfferingRules.ready("x", List.of(), AdminState.Disabled).reason());
    assertTrue(OfferingRules.ready("x", List.of(), AdminState.Enabled).isTrue());
  }

  @Test
  void theFinalizerFollowsUseAndDeletionWaitsUnlessForced() {
    assertEquals(new InUse.Decision(true, false, false), InUse.decide(false, false, true, false));
    assertEquals(new InUse.Decision(false, false, false), InUse.decide(true, false, true, false));
    assertEquals(new InUse.Decision(false, true, false), InUse.decide(true, false, false, false));
    assertEquals(new InUse.Decision(false, false, false), InUse.decide(false, false, false, false));
    assertEquals(new InUse.Decision(false, false, true), InUse.decide(true, true, true, false));
    assertEquals(new InUse.Decision(false, true, false), InUse.decide(true, true, true, true));
    assertEquals(new InUse.Decision(false, true, false), InUse.decide(true, true, false, false));
  }

  @Test
  void theBlockedMessageNamesTheUsers() {
    InstanceOffering o = new InstanceOffering();
    o.setMetadata(new ObjectMeta());
    o.getMetadata().setName("small");
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMeta());
    vm.getMetadata().setName("a");
    vm.getMetadata().setNamespace("t");
    assertEquals("VmInstance t/a", InUse.user(vm));
    assertEquals(
        "deletion is blocked: InstanceOffering small is in use by 1 object: VmInstance t/a",
        InUse.blockedMessage(o, List.of(InUse.user(vm))));
    List<String> many = IntStream.range(0, 7).mapToObj(i -> "VmInstance t/v" + i).toList();
    assertTrue(
        InUse.blockedMessage(o, many)
            .endsWith(
                "in use by 7 objects: VmInstance t/v0, VmInstance t/v1, VmInstance t/v2,"
                    + " VmInstance t/v3, VmInstance t/v4 and 2 more"),
        InUse.blockedMessage(o, many));
  }
}
