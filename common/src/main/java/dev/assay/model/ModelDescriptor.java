package dev.assay.model;

/**
 * The descriptor of a model made of registered or saved models (an ensemble, a stack): its canonical JSON
 * bytes ({@link DescriptorFile}) are what is stored, and their SHA-256 is the model's hash, so the hash
 * changes whenever any part's would.
 */
interface ModelDescriptor {
  /** The canonical bytes: record fields in declaration order, no whitespace. */
  default byte[] bytes() {
    return DescriptorFile.bytes(this);
  }

  default String hash() {
    return Hashing.sha256(bytes());
  }
}
