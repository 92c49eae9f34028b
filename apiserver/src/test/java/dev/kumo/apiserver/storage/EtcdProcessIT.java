package dev.kumo.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdProcessIT {
  @TempDir Path tmp;

  @Test
  void startsOnFreePortsAndStopsWithoutLeavingAProcess() {
    EtcdProcess etcd = EtcdProcess.start(tmp.resolve("data"), 0, 0);
    long pid = etcd.pid();
    try (EtcdStore store = EtcdStore.connect(List.of(etcd.endpoint()))) {
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertTrue(etcd.endpoint().startsWith("http://127.0.0.1:"));
      assertTrue(store.create("/hello", "world".getBytes(UTF_8), 0) > 1);
    } finally {
      etcd.close();
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(Files.exists(tmp.resolve("etcd.log")), "log next to the data directory");
  }

  @Test
  void dataSurvivesARestartWithTheSameDataDirectory() {
    Path data = tmp.resolve("data");
    EtcdProcess first = EtcdProcess.start(data, 0, 0);
    long revision;
    try (EtcdStore store = EtcdStore.connect(List.of(first.endpoint()))) {
      revision = store.create("/registry/namespaces/default", "{}".getBytes(UTF_8), 0);
    } finally {
      first.close();
    }
    try (EtcdProcess second = EtcdProcess.start(data, first.clientPort(), first.peerPort());
        EtcdStore store = EtcdStore.connect(List.of(second.endpoint()))) {
      Store.Kv kv = store.get("/registry/namespaces/default").orElseThrow();
      assertEquals("{}", new String(kv.value(), UTF_8));
      assertEquals(revision, kv.modRevision());
    }
  }

  @Test
  void killNineThenRestartKeepsEveryAcknowledgedWrite() throws Exception {
    Path data = tmp.resolve("data");
    EtcdProcess etcd = EtcdProcess.start(data, 0, 0);
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (EtcdStore store = EtcdStore.connect(List.of(etcd.endpoint()), Duration.ofSeconds(1))) {
      for (int w = 0; w < 8; w++) {
        int writer = w;
        writers.execute(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                String key = "/crash/w" + writer + "/" + i;
                try {
                  acknowledged.put(key, store.create(key, key.getBytes(UTF_8), 0));
                } catch (StoreException etcdGone) {
                  return;
                }
              }
            });
      }
      Thread.sleep(400);
      etcd.kill();
      stop.set(true);
      writers.shutdown();
      assertTrue(writers.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertFalse(etcd.isAlive());
    assertTrue(acknowledged.size() > 50, "writes before the crash: " + acknowledged.size());

    try (EtcdProcess again = EtcdProcess.start(data, etcd.clientPort(), etcd.peerPort());
        EtcdStore store = EtcdStore.connect(List.of(again.endpoint()))) {
      Map<String, Long> stored = new java.util.HashMap<>();
      for (Store.Kv kv : store.list("/crash/", null, 0, 0).kvs()) {
        assertEquals(kv.key(), new String(kv.value(), UTF_8));
        stored.put(kv.key(), kv.modRevision());
      }
      acknowledged.forEach(
          (key, revision) -> assertEquals(revision, stored.get(key), "acknowledged " + key));
    }
  }

  @Test
  void missingBinaryNamesTheDebianPackage() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> EtcdProcess.builder(tmp.resolve("data")).binary(tmp.resolve("no-etcd")).start());
    assertTrue(error.getMessage().contains("apt-get install etcd-server"), error.getMessage());
  }

  @Test
  void startupFailureShowsTheLogTail() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException error =
          assertThrows(
              IllegalStateException.class,
              () -> EtcdProcess.start(tmp.resolve("data"), 0, taken.getLocalPort()));
      assertTrue(error.getMessage().contains("address already in use"), error.getMessage());
    }
  }
}
