package software.amazon.sns.ssetopic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads, on a background thread, the classes a cold invocation is going to load ({@value
 * #RESOURCE}, written by {@code make cold-classes}), while the request thread is busy with the
 * request: most of a cold start is loading and verifying classes, and a second core does that in
 * parallel. The list has a section {@value #EVERY_ACTION} of classes every action loads, started as
 * soon as the entry point's class is initialized, and a section per action, started once the
 * request has been parsed.
 *
 * <p>Loading only: no static initializer runs here, so initialization keeps its order on the
 * request thread and two threads never initialize classes against each other. A class missing from
 * the list is loaded by the request thread as before; a listed class that no longer exists is
 * skipped. The system property {@value #SWITCH}{@code =false} turns preloading off, so that the
 * list can be made from what the request thread alone loads.
 */
final class ClassPreloader {

  static final String RESOURCE = "/software/amazon/sns/ssetopic/cold-start-classes.txt";

  static final String SWITCH = "ssetopic.preloadClasses";

  /** The section of classes every action loads. */
  static final String EVERY_ACTION = "ALL";

  private ClassPreloader() {}

  /** Sections started in this JVM: a warm one has its classes, later requests start nothing. */
  private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

  /**
   * Starts a thread loading one section of the list, once per JVM; it ends when the section is
   * done.
   */
  static void start(final String section) {
    // On one processor the thread could only compete with the request for it; the JVM counts
    // what its CPU affinity and container quota allow.
    if ("false".equals(System.getProperty(SWITCH))
        || Runtime.getRuntime().availableProcessors() < 2
        || !STARTED.add(section)) {
      return;
    }
    final Thread thread = new Thread(() -> preload(ClassPreloader.class.getClassLoader(), section));
    thread.setName("class-preloader-" + section);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Loads every class of one section of the shipped list with {@code loader}, initializing none.
   *
   * @return how many of the section's classes could not be loaded
   */
  static int preload(final ClassLoader loader, final String section) {
    try (InputStream in = ClassPreloader.class.getResourceAsStream(RESOURCE)) {
      return in == null ? 0 : preload(loader, in, section);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads the classes {@code list} names under {@code [section]}, one per line, up to the next
   * section; '#' starts a comment line.
   */
  static int preload(final ClassLoader loader, final InputStream list, final String section)
      throws IOException {
    final String header = "[" + section + "]";
    int missing = 0;
    boolean inSection = false;
    final BufferedReader lines =
        new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      final String name = line.strip();
      if (name.startsWith("[")) {
        if (inSection) {
          break;
        }
        inSection = name.equals(header);
      } else if (inSection && !name.isEmpty() && !name.startsWith("#") && !load(name, loader)) {
        missing++;
      }
    }
    return missing;
  }

  private static boolean load(final String name, final ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
