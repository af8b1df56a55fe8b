package dev.assay.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.usecase.CheckGpuLinkage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The linkage check on jars written here with ASM: a "library" of cuDF-like classes and a "user" that calls into
 * it, so every rule (inherited methods, fields, missing classes and members, parallel worlds) is checked on
 * bytecode whose answer is known.
 */
class LinkageCheckTest {
  private static final String BASE = "ai/rapids/cudf/Base";
  private static final String TABLE = "ai/rapids/cudf/Table";
  private static final String USER = "ml/dmlc/Use";

  /** A class with the given superclass, methods ({@code name+descriptor}) and fields ({@code name:descriptor}). */
  private static byte[] library(String name, String superName, List<String> methods, List<String> fields) {
    ClassWriter w = new ClassWriter(0);
    w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, superName, null);
    for (String m : methods) {
      int paren = m.indexOf('(');
      w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, m.substring(0, paren), m.substring(paren), null, null)
          .visitEnd();
    }
    for (String f : fields) {
      String[] p = f.split(":");
      w.visitField(Opcodes.ACC_PUBLIC, p[0], p[1], null, null).visitEnd();
    }
    w.visitEnd();
    return w.toByteArray();
  }

  /** The user: calls rows()J and close()V, reads count:I, and (when asked) uses members that do not exist. */
  private static byte[] user(boolean alsoMissing) {
    ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, USER, null, "java/lang/Object", null);
    MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "use", "(L" + TABLE + ";)J", null, null);
    m.visitCode();
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TABLE, "close", "()V", false);  // inherited from Base
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TABLE, "hashCode", "()I", false);  // inherited from java.lang.Object
    m.visitInsn(Opcodes.POP);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, TABLE, "count", "I");
    m.visitInsn(Opcodes.POP);
    if (alsoMissing) {
      m.visitVarInsn(Opcodes.ALOAD, 0);
      m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TABLE, "gone", "()V", false);
      m.visitTypeInsn(Opcodes.NEW, "ai/rapids/cudf/Absent");
      m.visitInsn(Opcodes.POP);
      m.visitVarInsn(Opcodes.ALOAD, 0);
      m.visitFieldInsn(Opcodes.GETFIELD, TABLE, "count", "J");  // the name exists, with another type
      m.visitInsn(Opcodes.POP2);
    }
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TABLE, "rows", "()J", false);
    m.visitInsn(Opcodes.LRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    w.visitEnd();
    return w.toByteArray();
  }

  private static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        jar.putNextEntry(new ZipEntry(e.getKey()));
        jar.write(e.getValue());
        jar.closeEntry();
      }
    }
    return file;
  }

  private static Map<String, byte[]> cudf(String prefix) {
    return Map.of(prefix + BASE + ".class", library(BASE, "java/lang/Object", List.of("close()V"), List.of()),
        prefix + TABLE + ".class", library(TABLE, BASE, List.of("rows()J"), List.of("count:I")));
  }

  @Test
  void inheritedMembersResolveAndMissingClassesMethodsAndFieldsAreListed(@TempDir Path dir) throws IOException {
    Path lib = jar(dir.resolve("cudf.jar"), cudf(""));
    Path good = jar(dir.resolve("good.jar"), Map.of(USER + ".class", user(false)));
    Path bad = jar(dir.resolve("bad.jar"), Map.of(USER + ".class", user(true)));
    List<String> packages = List.of("ai/rapids/");

    LinkageCheck.Result ok = LinkageCheck.check(good, List.of(good, lib), List.of(), packages);
    // Table (the parameter type and owner), close, hashCode, count:I, rows.
    assertThat(ok.scanned()).isEqualTo(1);
    assertThat(ok.referencing()).isEqualTo(1);
    assertThat(ok.references()).isEqualTo(5);
    assertThat(ok.linked()).isTrue();

    LinkageCheck.Result missing = LinkageCheck.check(bad, List.of(bad, lib), List.of(), packages);
    assertThat(missing.linked()).isFalse();
    assertThat(missing.missing()).extracting(LinkageCheck.Reference::target).containsExactly(
        "ai.rapids.cudf.Table.gone()V", "ai.rapids.cudf.Absent", "ai.rapids.cudf.Table.count : J");
    assertThat(missing.missing()).extracting(LinkageCheck.Reference::from).containsOnly(USER);

    // Without the library every reference is missing, the JDK's Object included in none of them.
    assertThat(LinkageCheck.check(good, List.of(good), List.of(), packages).missing()).hasSize(5);
  }

  @Test
  void classesInTheChosenParallelWorldCountAndOtherWorldsDoNot(@TempDir Path dir) throws IOException {
    Path user = jar(dir.resolve("user.jar"), Map.of(USER + ".class", user(false)));
    Path shared = jar(dir.resolve("shared.jar"), cudf("spark-shared/"));
    Path other = jar(dir.resolve("other.jar"), cudf("spark330/"));
    List<String> packages = List.of("ai/rapids/");

    assertThat(LinkageCheck.check(user, List.of(user, shared), List.of("spark-shared", "spark355"), packages)
        .linked()).isTrue();
    assertThat(LinkageCheck.check(user, List.of(user, other), List.of("spark-shared", "spark355"), packages)
        .missing()).hasSize(5);
  }

  @Test
  void theSparkWorldComesFromTheSparkCoreJar() {
    assertThat(CheckGpuLinkage.sparkWorld(List.of(Path.of("/x/scala-library-2.12.18.jar"),
        Path.of("/m2/spark-core_2.12-3.5.5.jar")))).isEqualTo("spark355");
    assertThatThrownBy(() -> CheckGpuLinkage.sparkWorld(List.of(Path.of("/x/a.jar"))))
        .hasMessage("Cannot check the GPU linkage: no spark-core jar on the Spark class path 1 jar(s); pass "
            + "jobs/target/spark-classpath.txt of a built checkout");
  }
}
