package dev.kumo.api.compute.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An instance offering (计算规格): a named VM size — vCPUs and memory — with the host allocation
 * strategy and QoS that VMs of this size get.
 */
@Group("compute.kumo.dev")
@Version("v1alpha1")
@ShortNames("io")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "CPU",
    jsonPath = ".spec.cpu",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Memory",
    jsonPath = ".spec.memory",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Strategy",
    jsonPath = ".spec.allocatorStrategy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".spec.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class InstanceOffering
    extends CustomResource<InstanceOfferingSpec, InstanceOfferingStatus> {}
