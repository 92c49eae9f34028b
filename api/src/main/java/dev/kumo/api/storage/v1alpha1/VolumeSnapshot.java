package dev.kumo.api.storage.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A volume snapshot (快照): a point-in-time state of a volume, kept as a link in its qcow2 chain.
 * Snapshots of one volume form a tree; reverting moves the volume to a snapshot.
 */
@Group("storage.kumo.dev")
@Version("v1alpha1")
@ShortNames("vsnap")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "Volume",
    jsonPath = ".spec.volumeRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Parent",
    jsonPath = ".status.parent",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".status.size",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class VolumeSnapshot extends CustomResource<VolumeSnapshotSpec, VolumeSnapshotStatus>
    implements Namespaced {}
