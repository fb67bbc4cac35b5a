package software.amazon.sns.ssetopic.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into the jar's manifest; classes run from a build tree have none. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    final String version = SsetopicCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "ssetopic " + (version == null ? "(development build, not from the jar)" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
