package dev.kumo.api.compute.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An affinity group (亲和组): VMs that should share hosts (Affinity) or be spread over different hosts
 * (AntiAffinity), strictly (Hard) or when possible (Soft). VMs join with spec.affinityGroupRef.
 */
@Group("compute.kumo.dev")
@Version("v1alpha1")
@ShortNames("ag")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "Policy",
    jsonPath = ".spec.policy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VMs",
    jsonPath = ".status.vmCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AffinityGroup extends CustomResource<AffinityGroupSpec, AffinityGroupStatus>
    implements Namespaced {}
