package software.amazon.sns.ssetopic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Policy documents people hand the toolkit: a file, or "-" for standard input. */
final class PolicyFiles {

  private PolicyFiles() {}

  /**
   * The file's text.
   *
   * @param option the option that named it, for the message
   * @throws ParameterException when it cannot be read
   */
  static String read(
      final CommandLine commandLine, final String option, final String file, final InputStream in) {
    try {
      if (file.equals("-")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ParameterException(
          commandLine,
          option
              + " '"
              + file
              + "': no such file; save the key's current policy there first, for example with"
              + " aws kms get-key-policy --key-id KEY --policy-name default --query Policy"
              + " --output text > "
              + file,
          e);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(
          commandLine, option + " '" + file + "' cannot be read: " + e.getMessage(), e);
    }
  }
}
