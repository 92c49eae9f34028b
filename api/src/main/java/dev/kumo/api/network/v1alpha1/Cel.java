package dev.kumo.api.network.v1alpha1;

/**
 * Building blocks of the CEL rules on IP ranges. CEL in Kubernetes has no IP ordering or bit
 * operations, so addresses are turned into integers with string splitting and arithmetic that every
 * Kubernetes release with CRD validation rules supports. They are compile-time constants so that
 * they can be used in annotations.
 */
final class Cel {
  /** Number of addresses in a subnet, by prefix length: 2^(32 - prefix). */
  static final String BLOCK_BY_PREFIX =
      "[4294967296, 2147483648, 1073741824, 536870912, 268435456, 134217728, 67108864, 33554432,"
          + " 16777216, 8388608, 4194304, 2097152, 1048576, 524288, 262144, 131072, 65536, 32768,"
          + " 16384, 8192, 4096, 2048, 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2, 1]";

  static final String START =
      "((int(self.startIp.split('.')[0]) * 256 + int(self.startIp.split('.')[1])) * 256"
          + " + int(self.startIp.split('.')[2])) * 256 + int(self.startIp.split('.')[3])";

  static final String END =
      "((int(self.endIp.split('.')[0]) * 256 + int(self.endIp.split('.')[1])) * 256"
          + " + int(self.endIp.split('.')[2])) * 256 + int(self.endIp.split('.')[3])";

  static final String GATEWAY =
      "((int(self.gateway.split('.')[0]) * 256 + int(self.gateway.split('.')[1])) * 256"
          + " + int(self.gateway.split('.')[2])) * 256 + int(self.gateway.split('.')[3])";

  /** Addresses per subnet of the range, from whichever of prefixLength or netmask is set. */
  static final String BLOCK =
      "(has(self.prefixLength) ? "
          + BLOCK_BY_PREFIX
          + "[self.prefixLength] : 4294967296 - (((int(self.netmask.split('.')[0]) * 256"
          + " + int(self.netmask.split('.')[1])) * 256 + int(self.netmask.split('.')[2])) * 256"
          + " + int(self.netmask.split('.')[3])))";

  /**
   * Rules that need the subnet are skipped while neither mask field is set (another rule says so).
   */
  static final String UNLESS_NO_MASK = "!(has(self.netmask) || has(self.prefixLength)) || ";

  private Cel() {}
}
