package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {

  private static final String RAN = "class-preloader-test.initialized";

  /** A class whose static initializer leaves a mark outside the class. */
  static final class Initialized {
    static {
      System.setProperty(RAN, "yes");
    }

    private Initialized() {}
  }

  @Test
  void everyListedClassExists() {
    // Fails after a dependency upgrade that renames classes: run `make cold-classes` then.
    assertThat(ClassPreloader.preload(getClass().getClassLoader())).isZero();
  }

  @Test
  void theShippedListIsNotEmptyAndNamesTheHandlers() throws IOException {
    try (InputStream in = ClassPreloader.class.getResourceAsStream(ClassPreloader.RESOURCE)) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("\nsoftware.amazon.sns.ssetopic.ReadHandler\n")
          .contains("\nsoftware.amazon.awssdk.services.sns.DefaultSnsClient\n");
    }
  }

  @Test
  void countsWhatCannotBeLoadedAndSkipsCommentsAndBlankLines() throws IOException {
    final String list =
        "# a comment\n\n"
            + ReadHandler.class.getName()
            + "\nsoftware.amazon.sns.ssetopic.NoSuchClass\n  \n";
    assertThat(ClassPreloader.preload(getClass().getClassLoader(), stream(list))).isEqualTo(1);
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
    assertThat(ClassPreloader.preload(isolated, stream(name + "\n"))).isZero();
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
