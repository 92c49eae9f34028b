package dev.kumo.apiserver.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File helpers for secrets: private directories (0700), atomic writes with an explicit mode (0600
 * for keys, tokens and kubeconfigs; 0644 for certificates). On file systems without POSIX
 * permissions the modes are not applied.
 */
final class SecureFiles {
  /** {@code rw-------}: private keys, token files, kubeconfigs. */
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

  /** {@code rw-r--r--}: certificates. */
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  /**
   * Creates {@code dir} (and missing parents) with mode 0700, or tightens an existing directory to
   * 0700.
   */
  static void ensurePrivateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, attributes(PRIVATE_DIRECTORY));
    }
    setMode(dir, PRIVATE_DIRECTORY);
  }

  /**
   * Writes {@code content} to {@code file} atomically: a temporary file in the same directory is
   * created with {@code mode}, written, flushed to disk and renamed over {@code file}. Readers see
   * either the old or the new content, never a partial file, and the secret is never readable by
   * others, not even briefly.
   */
  static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, attributes(PRIVATE_DIRECTORY));
    }
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes(PRIVATE));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // The umask may have dropped bits from the creation mode; set it exactly.
      setMode(temp, mode);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(path, mode);
    }
  }

  private static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
    return posix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
  }
}
