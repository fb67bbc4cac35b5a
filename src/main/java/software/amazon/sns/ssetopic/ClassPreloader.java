package software.amazon.sns.ssetopic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads, on a background thread, the classes that every cold invocation loads ({@value #RESOURCE},
 * written by {@code make cold-classes}), while the request thread parses the request: most of a
 * cold start is loading and verifying classes, and a second core does that in parallel. Loading
 * only: no static initializer runs here, so initialization keeps its order on the request thread
 * and two threads never initialize classes against each other. A class missing from the list is
 * loaded by the request thread as before; a listed class that no longer exists is skipped. The
 * system property {@value #SWITCH}{@code =false} turns it off, so that the list can be made from
 * what the request thread alone loads.
 */
final class ClassPreloader {

  static final String RESOURCE = "/software/amazon/sns/ssetopic/cold-start-classes.txt";

  static final String SWITCH = "ssetopic.preloadClasses";

  private ClassPreloader() {}

  /** Starts the preloading thread; it ends when the list is done. */
  static void start() {
    if ("false".equals(System.getProperty(SWITCH))) {
      return;
    }
    final Thread thread = new Thread(() -> preload(ClassPreloader.class.getClassLoader()));
    thread.setName("class-preloader");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Loads every class of the shipped list with {@code loader}, without initializing any.
   *
   * @return how many of the listed classes could not be loaded
   */
  static int preload(final ClassLoader loader) {
    try (InputStream in = ClassPreloader.class.getResourceAsStream(RESOURCE)) {
      return in == null ? 0 : preload(loader, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the classes {@code list} names, one per line; '#' starts a comment line. */
  static int preload(final ClassLoader loader, final InputStream list) throws IOException {
    int missing = 0;
    final BufferedReader lines =
        new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
    for (String name = lines.readLine(); name != null; name = lines.readLine()) {
      if (!load(name.strip(), loader)) {
        missing++;
      }
    }
    return missing;
  }

  private static boolean load(final String name, final ClassLoader loader) {
    if (name.isEmpty() || name.startsWith("#")) {
      return true;
    }
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
