package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassPreloaderTest {

  private static final String RAN = "class-preloader-test.initialized";

  /** A class whose static initializer leaves a mark outside the class. */
  static final class Initialized {
    static {
      System.setProperty(RAN, "yes");
    }

    private Initialized() {}
  }

  @ParameterizedTest
  @ValueSource(strings = {ClassPreloader.EVERY_ACTION, "CREATE", "READ", "UPDATE", "DELETE"})
  void everyListedClassExists(final String section) throws IOException {
    // Fails after a dependency upgrade that renames classes: run `make cold-classes` then.
    assertThat(ClassPreloader.preload(getClass().getClassLoader(), section)).isZero();
    try (InputStream in = ClassPreloader.class.getResourceAsStream(ClassPreloader.RESOURCE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("\n[" + section + "]\n");
    }
  }

  @Test
  void theShippedListIsNotEmptyAndNamesTheHandlers() throws IOException {
    try (InputStream in = ClassPreloader.class.getResourceAsStream(ClassPreloader.RESOURCE)) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("\n[ALL]\n")
          .contains("\nsoftware.amazon.sns.ssetopic.ReadHandler\n")
          .contains("\nsoftware.amazon.awssdk.services.sns.DefaultSnsClient\n");
    }
  }

  @Test
  void countsWhatCannotBeLoadedAndSkipsCommentsAndBlankLines() throws IOException {
    final String list =
        "# a comment\n[ALL]\n\n"
            + ReadHandler.class.getName()
            + "\nsoftware.amazon.sns.ssetopic.NoSuchClass\n  \n# another\n";
    assertThat(ClassPreloader.preload(getClass().getClassLoader(), stream(list), "ALL"))
        .isEqualTo(1);
  }

  @Test
  void loadsOnlyTheNamedSection() throws IOException {
    final String list =
        "[ALL]\nsoftware.amazon.sns.ssetopic.NoSuchA\n"
            + "[READ]\nsoftware.amazon.sns.ssetopic.NoSuchB\nsoftware.amazon.sns.ssetopic.NoSuchC\n"
            + "[CREATE]\nsoftware.amazon.sns.ssetopic.NoSuchD\n";
    final ClassLoader loader = getClass().getClassLoader();
    assertThat(ClassPreloader.preload(loader, stream(list), "ALL")).isEqualTo(1);
    assertThat(ClassPreloader.preload(loader, stream(list), "READ")).isEqualTo(2);
    assertThat(ClassPreloader.preload(loader, stream(list), "CREATE")).isEqualTo(1);
    assertThat(ClassPreloader.preload(loader, stream(list), "LIST")).isZero();
  }

  @Test
  void loadsWithoutRunningStaticInitializers() throws Exception {
    final String name = Initialized.class.getName();
    final ClassLoader isolated =
        new ClassLoader(null) {
          @Override
          protected Class<?> findClass(final String wanted) throws ClassNotFoundException {
            if (!wanted.equals(name)) {
              throw new ClassNotFoundException(wanted);
            }
            try (InputStream in =
                ClassPreloaderTest.class.getResourceAsStream(
                    "/" + wanted.replace('.', '/') + ".class")) {
              final byte[] bytes = in.readAllBytes();
              return defineClass(wanted, bytes, 0, bytes.length);
            } catch (IOException e) {
              throw new ClassNotFoundException(wanted, e);
            }
          }
        };
    System.clearProperty(RAN);
    assertThat(ClassPreloader.preload(isolated, stream("[ALL]\n" + name + "\n"), "ALL")).isZero();
    assertThat(Class.forName(name, false, isolated).getClassLoader()).isSameAs(isolated);
    assertThat(System.getProperty(RAN)).isNull();
    Class.forName(name, true, isolated); // what the request thread does later
    assertThat(System.getProperty(RAN)).isEqualTo("yes");
    System.clearProperty(RAN);
  }

  private static InputStream stream(final String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
