package dev.assay.gpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Whether the classes of one jar link against a class path, read from their bytecode: every class, method and
 * field they reference in a set of packages is looked up the way the JVM resolves it (a method in the class, its
 * superclasses, then its superinterfaces; a field in the class, its superinterfaces, then its superclasses).
 *
 * <p>Why: the GPU build pairs XGBoost's CUDA jar with a RAPIDS release. XGBoost 3.4.0's was compiled against
 * RAPIDS 26.04, and Maven Central here serves 25.04 at the newest; a missing cuDF method only fails at run time, on
 * a GPU machine, in the middle of a training job. Reading the bytecode answers on any machine, before that.
 * Nothing is loaded or run: the classes are parsed with ASM, so a native library or a static initializer cannot
 * interfere.
 */
public final class LinkageCheck {
  /** The packages of RAPIDS and cuDF (internal-name prefixes) whose references are checked. */
  public static final List<String> RAPIDS_PACKAGES = List.of("ai/rapids/", "com/nvidia/spark/");

  /** What a reference names. */
  public enum Kind { CLASS, METHOD, FIELD }

  /**
   * A reference from {@code from} to {@code owner} (and, for a member, its name and descriptor).
   *
   * @param from the referencing class (internal name)
   * @param owner the referenced class (internal name)
   * @param name the member's name; null for a class
   * @param descriptor the member's descriptor; null for a class
   */
  public record Reference(String from, Kind kind, String owner, String name, String descriptor) {
    /** The referenced class or member in Java notation, e.g. {@code ai.rapids.cudf.Table.getRowCount()J}. */
    public String target() {
      String cls = owner.replace('/', '.');
      return kind == Kind.CLASS ? cls : cls + "." + name + (kind == Kind.METHOD ? descriptor : " : " + descriptor);
    }
  }

  /**
   * The outcome.
   *
   * @param scanned the subject jar's classes read
   * @param referencing how many of them reference the packages
   * @param references the distinct references checked (class, kind, owner, name, descriptor)
   * @param missing the references that do not resolve, in order
   */
  public record Result(int scanned, int referencing, int references, List<Reference> missing) {
    public boolean linked() {
      return missing.isEmpty();
    }
  }

  private LinkageCheck() {}

  /**
   * Checks the classes of {@code subject} against {@code classpath} (which should hold {@code subject} too, for its
   * own classes' superclasses), for references into {@code packages}. Entries of {@code classpath} jars under one of
   * {@code worlds} count as classes (see {@link ClassIndex}).
   */
  public static Result check(Path subject, List<Path> classpath, List<String> worlds, List<String> packages) {
    try (ClassIndex index = new ClassIndex(classpath, worlds)) {
      List<String> names = index.classesOf(subject);
      Set<Reference> refs = new LinkedHashSet<>();
      int referencing = 0;
      for (String name : names) {
        Collector c = new Collector(name, packages);
        new ClassReader(index.bytes(name).orElseThrow()).accept(c, ClassReader.SKIP_FRAMES);
        referencing += c.refs.isEmpty() ? 0 : 1;
        refs.addAll(c.refs);
      }
      Resolver resolver = new Resolver(index);
      List<Reference> missing = refs.stream().filter(r -> !resolver.resolves(r)).toList();
      return new Result(names.size(), referencing, refs.size(), missing);
    }
  }

  /** The references of one class into the packages: member accesses, type uses and the types in descriptors. */
  private static final class Collector extends ClassVisitor {
    private final String from;
    private final List<String> packages;
    private final Set<Reference> refs = new LinkedHashSet<>();

    Collector(String from, List<String> packages) {
      super(Opcodes.ASM9);
      this.from = from;
      this.packages = packages;
    }

    private boolean inPackages(String internal) {
      return packages.stream().anyMatch(internal::startsWith);
    }

    private void type(Type t) {
      Type e = t.getSort() == Type.ARRAY ? t.getElementType() : t;
      if (e.getSort() == Type.OBJECT && inPackages(e.getInternalName())) {
        refs.add(new Reference(from, Kind.CLASS, e.getInternalName(), null, null));
      } else if (e.getSort() == Type.METHOD) {
        type(e.getReturnType());
        for (Type a : e.getArgumentTypes()) {
          type(a);
        }
      }
    }

    private void owner(String owner) {
      type(owner.startsWith("[") ? Type.getType(owner) : Type.getObjectType(owner));
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] ifaces) {
      if (superName != null) {
        owner(superName);
      }
      for (String i : ifaces) {
        owner(i);
      }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      type(Type.getType(descriptor));
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] ex) {
      type(Type.getMethodType(descriptor));
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitMethodInsn(int opcode, String owner, String member, String desc, boolean itf) {
          type(Type.getMethodType(desc));
          if (!owner.startsWith("[") && inPackages(owner)) {
            refs.add(new Reference(from, Kind.METHOD, owner, member, desc));
          }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String member, String desc) {
          type(Type.getType(desc));
          if (inPackages(owner)) {
            refs.add(new Reference(from, Kind.FIELD, owner, member, desc));
          }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          owner(type);
        }

        @Override
        public void visitLdcInsn(Object value) {
          if (value instanceof Type t) {
            type(t);
          }
        }
      };
    }
  }

  /** Looks classes and members up the way the JVM resolves them, with the classes parsed once each. */
  private static final class Resolver {
    private record Shape(String superName, List<String> interfaces, Set<String> methods, Set<String> fields) {}

    private final ClassIndex index;
    private final Map<String, Optional<Shape>> shapes = new HashMap<>();

    Resolver(ClassIndex index) {
      this.index = index;
    }

    boolean resolves(Reference r) {
      return switch (r.kind()) {
        case CLASS -> shape(r.owner()).isPresent();
        case METHOD -> hasMethod(r.owner(), r.name() + r.descriptor());
        case FIELD -> hasField(r.owner(), r.name() + ":" + r.descriptor(), new TreeSet<>());
      };
    }

    private Optional<Shape> shape(String name) {
      return shapes.computeIfAbsent(name, n -> index.bytes(n).map(b -> {
        ClassReader reader = new ClassReader(b);
        Set<String> methods = new TreeSet<>();
        Set<String> fields = new TreeSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
          @Override
          public FieldVisitor visitField(int access, String f, String descriptor, String signature, Object value) {
            fields.add(f + ":" + descriptor);
            return null;
          }

          @Override
          public MethodVisitor visitMethod(int access, String m, String descriptor, String signature, String[] ex) {
            methods.add(m + descriptor);
            return null;
          }
        }, ClassReader.SKIP_CODE);
        return new Shape(reader.getSuperName(), List.of(reader.getInterfaces()), methods, fields);
      }));
    }

    /** The class and its superclasses, then every superinterface (JVMS 5.4.3.3, for class and interface owners). */
    private boolean hasMethod(String owner, String method) {
      List<String> interfaces = new ArrayList<>();
      for (String c = owner; c != null; ) {
        Optional<Shape> s = shape(c);
        if (s.isEmpty()) {
          return false;
        }
        if (s.get().methods().contains(method)) {
          return true;
        }
        interfaces.addAll(s.get().interfaces());
        c = s.get().superName();
      }
      Set<String> seen = new TreeSet<>();
      while (!interfaces.isEmpty()) {
        String i = interfaces.remove(interfaces.size() - 1);
        Optional<Shape> s = seen.add(i) ? shape(i) : Optional.empty();
        if (s.isPresent()) {
          if (s.get().methods().contains(method)) {
            return true;
          }
          interfaces.addAll(s.get().interfaces());
        }
      }
      return false;
    }

    /** The class, its superinterfaces, then its superclass, recursively (JVMS 5.4.3.2). */
    private boolean hasField(String owner, String field, Set<String> seen) {
      if (owner == null || !seen.add(owner)) {
        return false;
      }
      Optional<Shape> s = shape(owner);
      if (s.isEmpty()) {
        return false;
      }
      if (s.get().fields().contains(field)) {
        return true;
      }
      for (String i : s.get().interfaces()) {
        if (hasField(i, field, seen)) {
          return true;
        }
      }
      return hasField(s.get().superName(), field, seen);
    }
  }
}
