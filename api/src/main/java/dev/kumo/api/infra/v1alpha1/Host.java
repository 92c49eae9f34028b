package dev.kumo.api.infra.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A host (物理机): one hypervisor machine running a Kumo node daemon. Its spec is the administrator's
 * intent (cluster, state); its status is what the node daemon reports (connection, facts,
 * capacity).
 */
@Group("infra.kumo.dev")
@Version("v1alpha1")
@ShortNames("host")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "Cluster",
    jsonPath = ".spec.clusterRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "IP",
    jsonPath = ".spec.managementIp",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".spec.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.connection",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VMs",
    jsonPath = ".status.vms",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "CPU",
    jsonPath = ".status.capacity.availableCpu",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "Allocatable vCPUs left")
@AdditionalPrinterColumn(
    name = "Memory",
    jsonPath = ".status.capacity.availableMemory",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "Allocatable memory left")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Host extends CustomResource<HostSpec, HostStatus> {}
