package software.amazon.sns.ssetopic.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import software.amazon.sns.ssetopic.template.TemplateException;
import software.amazon.sns.ssetopic.template.TemplateNode;
import software.amazon.sns.ssetopic.template.TemplateReader;

/** Templates named on the command line: read, parsed, or refused in one line. */
final class Templates {

  private Templates() {}

  static String text(final CommandLine commandLine, final Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ParameterException(commandLine, "'" + file + "': no such file", e);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(
          commandLine, "'" + file + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * @throws ParameterException naming the file, line and problem
   */
  static TemplateNode parse(final CommandLine commandLine, final Path file, final String text) {
    try {
      return TemplateReader.read(file.toString(), text);
    } catch (TemplateException e) {
      throw new ParameterException(commandLine, e.getMessage(), e);
    }
  }
}
